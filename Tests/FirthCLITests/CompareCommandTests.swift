import Foundation
import XCTest

/// `firth subcorpus`, `keywords`, `dispersion` and `--subcorpus`, run as a user runs them.
final class CompareCommandTests: XCTestCase {
    /// The four speeches of the library tests: modern (1950-C, 1960-D) has war 4, peace 1, bomb 3
    /// of 8 tokens; the rest (1900-A, 1920-B) war 2, peace 3, land 2 of 7.
    func makeDatabase() throws -> String {
        let folder = try makeTemporaryFolder(self)
        let texts = ["speeches/1900-A.txt": "war peace war", "speeches/1920-B.txt": "peace land peace land",
                     "other/1950-C.txt": "war war bomb", "other/1960-D.txt": "bomb peace war bomb war"]
        for (name, text) in texts {
            let url = folder.appendingPathComponent("corpus").appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        let db = folder.appendingPathComponent("c.sqlite").path
        XCTAssertEqual(try firth(["ingest", folder.appendingPathComponent("corpus").path, "--db", db, "--quiet"]).status, 0)
        return db
    }

    func json(_ text: String) throws -> [[String: Any]] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]], text)
    }

    func testDefineListShowAndDrop() throws {
        let db = try makeDatabase()
        let defined = try firth(["subcorpus", "define", "modern", "--where", "year >= 1945", "--db", db])
        XCTAssertEqual(defined.status, 0, defined.stderr)
        XCTAssertTrue(defined.stdout.contains("modern") && defined.stdout.contains("where year >= 1945"), defined.stdout)
        XCTAssertEqual(try firth(["subcorpus", "define", "sp", "--source", "speeches/*", "--db", db]).status, 0)
        let list = try json(try firth(["subcorpus", "list", "--format", "json", "--db", db]).stdout)
        XCTAssertEqual(list.map { $0["name"] as? String }, ["modern", "sp"])
        XCTAssertEqual(list.map { $0["tokens"] as? Int }, [8, 7])
        XCTAssertEqual(list[1]["definition"] as? String, "source speeches/*")
        let shown = try firth(["subcorpus", "show", "sp", "--format", "tsv", "--db", db])
        XCTAssertEqual(shown.stdout.split(separator: "\n").count, 3, shown.stdout)
        XCTAssertTrue(shown.stdout.contains("1900-A.txt") && shown.stdout.contains("1920-B.txt"), shown.stdout)
        let dropped = try firth(["subcorpus", "drop", "sp", "--db", db])
        XCTAssertEqual(dropped.status, 0, dropped.stderr)
        XCTAssertEqual(try json(try firth(["subcorpus", "list", "--format", "json", "--db", db]).stdout).count, 1)
    }

    func testBadDefinitionsAreOneLineErrors() throws {
        let db = try makeDatabase()
        for (arguments, message) in [(["--where", "year >= 1945; DROP TABLE documents"], "unexpected character ';'"),
                                     (["--where", "colour = red"], "unknown field 'colour'"),
                                     (["--where", "year > 3000"], "selects no documents"),
                                     ([], "give --where CONDITION, --source GLOB, or both")] {
            let result = try firth(["subcorpus", "define", "x"] + arguments + ["--db", db])
            XCTAssertNotEqual(result.status, 0, "\(arguments)")
            XCTAssertTrue(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
        XCTAssertEqual(try firth(["stats", "--format", "json", "--db", db]).status, 0)
        XCTAssertEqual(try firth(["subcorpus", "list", "--format", "tsv", "--db", db]).stdout, "name\tdocuments\ttokens\tdefinition\n")
        let missing = try firth(["vocab", "--subcorpus", "nope", "--db", db])
        XCTAssertNotEqual(missing.status, 0)
        XCTAssertTrue(missing.stderr.contains("subcorpus 'nope' does not exist yet"), missing.stderr)
    }

    func testKeywordsTableAndJSON() throws {
        let db = try makeDatabase()
        XCTAssertEqual(try firth(["subcorpus", "define", "modern", "--where", "year >= 1945", "--db", db]).status, 0)
        let table = try firth(["keywords", "--subcorpus", "modern", "--min-count", "1", "--significance", "1", "--db", db])
        XCTAssertEqual(table.status, 0, table.stderr)
        XCTAssertTrue(table.stdout.contains("keywords of modern (8 tokens) against the rest of the corpus (7 tokens); 4 words compared"), table.stdout)
        let rows = try json(try firth(["keywords", "--subcorpus", "modern", "--min-count", "1", "--significance", "1",
                                       "--format", "json", "--db", db]).stdout)
        XCTAssertEqual(rows.map { $0["word"] as? String }, ["bomb", "war", "land", "peace"])
        XCTAssertEqual(rows.map { $0["keyword"] as? String }, ["+", "+", "-", "-"])
        XCTAssertEqual(rows[0]["log_likelihood"] as? Double ?? 0, 6 * log(1.875), accuracy: 1e-12)
        XCTAssertEqual(rows[0]["log_ratio"] as? Double ?? 0, log2(5.25), accuracy: 1e-12)
        XCTAssertTrue(rows[0]["percent_diff"] is NSNull)
        XCTAssertEqual(rows[1]["percent_diff"] as? Double ?? 0, 75, accuracy: 1e-9)
        // The default significance (Bonferroni p < 0.05) keeps none of these four.
        XCTAssertEqual(try json(try firth(["keywords", "--subcorpus", "modern", "--format", "json", "--db", db]).stdout).count, 0)
        let bad = try firth(["keywords", "--db", db])
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.stderr.contains("--subcorpus NAME"), bad.stderr)
    }

    func testDispersionAndCountOfASubcorpus() throws {
        let db = try makeDatabase()
        let rows = try json(try firth(["dispersion", "war", "land", "--format", "json", "--db", db]).stdout)
        XCTAssertEqual(rows.map { $0["documents"] as? Int }, [3, 1])
        XCTAssertEqual(rows[0]["dp"] as? Double ?? 0, 4.0 / 15, accuracy: 1e-12)
        XCTAssertEqual(rows[1]["dp"] as? Double ?? 0, 11.0 / 15, accuracy: 1e-12)
        let perDocument = try firth(["dispersion", "war", "--per-document", "--format", "tsv", "--db", db]).stdout
        XCTAssertEqual(perDocument.split(separator: "\n").count, 5, perDocument)
        XCTAssertTrue(perDocument.hasPrefix("document\tsource\ttokens\twar\n"), perDocument)

        XCTAssertEqual(try firth(["subcorpus", "define", "modern", "--where", "year >= 1945", "--db", db]).status, 0)
        let counted = try firth(["count", "--subcorpus", "modern", "--min-count", "1", "--db", db])
        XCTAssertEqual(counted.status, 0, counted.stderr)
        XCTAssertTrue(counted.stderr.contains("w6.both.harmonic.document.min1@modern"), counted.stderr)
        XCTAssertEqual(try firth(["count", "--min-count", "1", "--quiet", "--db", db]).status, 0)
        let spaces = try firth(["spaces", "--format", "tsv", "--db", db]).stdout
        XCTAssertTrue(spaces.contains("w6.both.harmonic.document.min1@modern\tcounts\t3\t"), spaces)   // war, bomb, peace
        XCTAssertTrue(spaces.contains("w6.both.harmonic.document.min1\tcounts\t4\t"), spaces)
        let vocab = try firth(["vocab", "--subcorpus", "modern", "--format", "tsv", "--db", db]).stdout
        XCTAssertEqual(vocab, "rank\tword\tcount\tper_million\n1\twar\t4\t500000.0\n2\tbomb\t3\t375000.0\n3\tpeace\t1\t125000.0\n")
        let lines = try firth(["concordance", "peace", "--subcorpus", "modern", "--format", "tsv", "--db", db]).stdout
        XCTAssertEqual(lines.split(separator: "\n").count, 2, lines)

        // Dropping the subcorpus says what goes with it: its count and its n-gram model;
        // --dry-run says the same first and removes nothing.
        XCTAssertEqual(try firth(["ngrams", "--order", "2", "--subcorpus", "modern", "--quiet", "--db", db]).status, 0)
        let planned = try firth(["subcorpus", "drop", "modern", "--dry-run", "--db", db])
        XCTAssertEqual(planned.status, 0, planned.stderr)
        XCTAssertTrue(planned.stderr.hasPrefix("would drop 'modern' (2 documents) and its co-occurrence table w6.both.harmonic.document.min1@modern and its n-gram model o2."), planned.stderr)
        XCTAssertTrue(planned.stderr.contains("@modern (dry run: nothing removed)"), planned.stderr)
        XCTAssertTrue(try firth(["spaces", "--format", "tsv", "--db", db]).stdout.contains("@modern"))
        let dropped = try firth(["subcorpus", "drop", "modern", "--db", db])
        XCTAssertEqual(dropped.status, 0, dropped.stderr)
        XCTAssertEqual(dropped.stderr.replacingOccurrences(of: "dropped", with: "would drop"),
                       planned.stderr.replacingOccurrences(of: " (dry run: nothing removed)", with: ""))
        XCTAssertFalse(try firth(["spaces", "--format", "tsv", "--db", db]).stdout.contains("@modern"))
    }

    func testCollocatesAndEmbedOfASubcorpus() throws {
        let db = try makeDatabase()
        XCTAssertEqual(try firth(["subcorpus", "define", "modern", "--where", "year >= 1945", "--db", db]).status, 0)
        // No table of 'modern' yet: collocates counts one with the defaults (min-count 5 keeps no
        // word of these tiny texts, so it says so) ...
        let none = try firth(["collocates", "war", "--subcorpus", "modern", "--db", db])
        XCTAssertNotEqual(none.status, 0)
        XCTAssertTrue(none.stderr.contains("no word is seen at least 5 times"), none.stderr)
        // ... and with a table of it, reads that one: bomb meets war in modern, land never does.
        XCTAssertEqual(try firth(["count", "--subcorpus", "modern", "--min-count", "1", "--weighting", "uniform", "--quiet", "--db", db]).status, 0)
        let collocates = try firth(["collocates", "war", "--subcorpus", "modern", "--measure", "count", "--min-count", "1",
                                    "--format", "tsv", "--db", db])
        XCTAssertEqual(collocates.status, 0, collocates.stderr)
        XCTAssertTrue(collocates.stdout.contains("bomb") && !collocates.stdout.contains("land"), collocates.stdout)
        // The whole corpus's default is not the subcorpus's table: one is counted for it.
        let whole = try firth(["collocates", "war", "--measure", "count", "--min-count", "1", "--format", "tsv", "--db", db])
        XCTAssertEqual(whole.status, 0, whole.stderr)
        XCTAssertTrue(try firth(["spaces", "--format", "tsv", "--db", db]).stdout.contains("w6.both.harmonic.document.min5\t"))
        XCTAssertNotEqual(try firth(["collocates", "war", "--subcorpus", "modern", "--space", "nope", "--db", db]).status, 0)
        let embedded = try firth(["embed", "--subcorpus", "modern", "--method", "svd", "--dimensions", "2",
                                  "--remove-top-components", "0", "--db", db])
        XCTAssertEqual(embedded.status, 0, embedded.stderr)
        XCTAssertTrue(embedded.stderr.contains("@modern"), embedded.stderr)
        // The default (SVD + skip-gram) on the subcorpus: both parts are the subcorpus's.
        let both = try firth(["embed", "--subcorpus", "modern", "--dimensions", "2", "--epochs", "1",
                              "--remove-top-components", "0", "--db", db])
        XCTAssertEqual(both.status, 0, both.stderr)
        XCTAssertTrue(both.stderr.contains("sgns2.w5.neg5.e1.min1@modern"), both.stderr)
    }

    func testShiftBetweenTwoSubcorpora() throws {
        let db = try makeDatabase()
        for (name, condition) in [("early", "year < 1945"), ("modern", "year >= 1945"), ("late", "year >= 1955")] {
            XCTAssertEqual(try firth(["subcorpus", "define", name, "--where", condition, "--db", db]).status, 0)
        }
        for part in ["early", "modern"] {
            XCTAssertEqual(try firth(["count", "--subcorpus", part, "--min-count", "1", "--quiet", "--db", db]).status, 0)
        }
        // early knows war, peace, land; modern war, peace, bomb: two shared words, two dimensions.
        let svd = ["--dimensions", "2", "--remove-top-components", "0", "--quiet", "--noise", "none", "--db", db]
        let shifted = try firth(["shift", "war", "--from", "early", "--to", "modern", "--format", "json"] + svd)
        XCTAssertEqual(shifted.status, 0, shifted.stderr)
        let rows = try json(shifted.stdout)
        XCTAssertEqual(rows.count, 2)
        XCTAssertEqual(Set(rows.compactMap { $0["in_early"] as? String }), ["peace", "land"])
        XCTAssertEqual(Set(rows.compactMap { $0["in_modern"] as? String }), ["peace", "bomb"])
        XCTAssertTrue(rows[0]["change"] is Double && rows[0]["noise"] is NSNull, "\(rows[0])")
        let listed = try firth(["shift", "--from", "early", "--to", "modern", "--min-count", "1", "--format", "tsv"] + svd)
        XCTAssertEqual(listed.status, 0, listed.stderr)
        XCTAssertEqual(listed.stdout.split(separator: "\n").count, 3, listed.stdout)   // header, war, peace
        // Each part's frequency (early: war 2, peace 3; modern: war 4, peace 1), and the floor on both.
        let counted = try json(try firth(["shift", "--from", "early", "--to", "modern", "--min-count", "1", "--format", "json"] + svd).stdout)
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: counted.map { ($0["word"] as? String ?? "", [$0["in_early"] as? Int, $0["in_modern"] as? Int]) }),
                       ["war": [2, 4], "peace": [3, 1]])
        let floored = try json(try firth(["shift", "--from", "early", "--to", "modern", "--min-count", "2", "--format", "json"] + svd).stdout)
        XCTAssertEqual(floored.map { $0["word"] as? String }, ["war"], "peace is seen once in modern")

        // Bad input: one line each, and nothing stored by the failed runs.
        let storedBefore = try firth(["spaces", "--format", "tsv", "--db", db]).stdout
        for (arguments, message) in [(["shift", "bomb", "--from", "early", "--to", "modern"], "'bomb' does not occur in subcorpus 'early'"),
                                     (["shift", "quokka", "--from", "early", "--to", "modern"], "'quokka' does not occur in subcorpus 'early' or subcorpus 'modern'"),
                                     (["shift", "war", "--from", "modern", "--to", "late"], "share 1 document"),
                                     (["shift", "war", "--from", "early", "--to", "nope"], "subcorpus 'nope'"),
                                     (["shift", "war", "--from", "early", "--to", "early"], "name the same subcorpus")] {
            let result = try firth(arguments + svd)
            XCTAssertNotEqual(result.status, 0, "\(arguments)")
            XCTAssertTrue(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            // (A flag error also prints the usage, as every command's do.)
            if !message.contains("same subcorpus") { XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr) }
        }
        XCTAssertEqual(try firth(["spaces", "--format", "tsv", "--db", db]).stdout, storedBefore, "a failed shift stored something")
        // An empty selection cannot become a part: defining it fails, and so does the shift.
        let empty = try firth(["subcorpus", "define", "future", "--where", "year > 2100", "--db", db])
        XCTAssertTrue(empty.stderr.contains("selects no documents"), empty.stderr)
        XCTAssertTrue(try firth(["shift", "war", "--from", "early", "--to", "future"] + svd).stderr.contains("subcorpus 'future'"))
    }

    /// Twelve speeches, six before 1945 and six after: enough documents for random halves.
    func makeLargerDatabase() throws -> String {
        let folder = try makeTemporaryFolder(self)
        let early = ["war peace land war people", "peace land people war nation", "land war people peace farm",
                     "people nation war peace land", "war land farm people peace", "nation peace war land people"]
        let modern = ["war bomb peace nation people", "bomb war people nation peace", "peace people bomb war land",
                      "nation war bomb peace people", "people peace war bomb nation", "war nation people bomb peace"]
        for (i, text) in (early + modern).enumerated() {
            let url = folder.appendingPathComponent("corpus/\(i < 6 ? 1900 + i : 1950 + i)-\(i).txt")
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data((text + ". " + text + ".").utf8).write(to: url)
        }
        let db = folder.appendingPathComponent("c.sqlite").path
        XCTAssertEqual(try firth(["ingest", folder.appendingPathComponent("corpus").path, "--db", db, "--quiet"]).status, 0)
        for (name, condition) in [("early", "year < 1945"), ("modern", "year >= 1945")] {
            XCTAssertEqual(try firth(["subcorpus", "define", name, "--where", condition, "--db", db]).status, 0)
        }
        return db
    }

    func testShiftStatesItsNoiseAndOpensReadOnlyOnceItsVectorsExist() throws {
        let db = try makeLargerDatabase()
        let svd = ["--dimensions", "2", "--remove-top-components", "0", "--min-count", "1", "--quiet", "--db", db]
        let first = try firth(["shift", "war", "--from", "early", "--to", "modern", "--format", "json"] + svd)
        XCTAssertEqual(first.status, 0, first.stderr)
        let noise = try XCTUnwrap(try json(first.stdout).first?["noise"] as? Double, first.stdout)
        // The halves are stored subcorpora: 3 documents each, together the part.
        let halves = try json(try firth(["subcorpus", "list", "--format", "json", "--db", db]).stdout)
            .filter { ($0["name"] as? String ?? "").hasPrefix("early.half") }
        XCTAssertEqual(halves.map { $0["name"] as? String }, ["early.half1.seed1", "early.half2.seed1"])
        XCTAssertEqual(halves.map { $0["documents"] as? Int }, [3, 3])
        // The noise is the change of the word between the two halves, as shift itself computes it.
        let direct = try firth(["shift", "war", "--from", "early.half1.seed1", "--to", "early.half2.seed1", "--noise", "none",
                                "--format", "json"] + svd)
        XCTAssertEqual(direct.status, 0, direct.stderr)
        XCTAssertEqual(try json(direct.stdout).first?["change"] as? Double ?? -1, noise, accuracy: 1e-12)
        // The table says what the noise is.
        let table = try firth(["shift", "war", "--from", "early", "--to", "modern"] + svd)
        XCTAssertTrue(table.stdout.contains("noise \(String(format: "%.3f", noise)) (noise: the same score between two random halves of early (seed 1))"), table.stdout)

        // Everything exists now: shift only reads. Another writer holds the lock, and it still runs.
        let lock = open(db + "-lock", O_RDWR | O_CREAT, 0o644)
        XCTAssertEqual(flock(lock, LOCK_EX | LOCK_NB), 0)
        let again = try firth(["shift", "war", "--from", "early", "--to", "modern", "--format", "json"] + svd)
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertEqual(again.stdout, first.stdout, "the same seed, the same answer")
        // A new seed needs new halves, which must be written: refused while the lock is held.
        let blocked = try firth(["shift", "war", "--from", "early", "--to", "modern", "--noise-seed", "2"] + svd)
        XCTAssertNotEqual(blocked.status, 0)
        XCTAssertTrue(blocked.stderr.contains("another firth command is writing to"), blocked.stderr)
        close(lock)
        let seeded = try firth(["shift", "war", "--from", "early", "--to", "modern", "--noise-seed", "2", "--noise", "to", "--format", "json"] + svd)
        XCTAssertEqual(seeded.status, 0, seeded.stderr)
        XCTAssertTrue(try firth(["subcorpus", "list", "--db", db]).stdout.contains("modern.half1.seed2"))
        // Dropping a part drops the halves drawn from it, and says so.
        let dropped = try firth(["subcorpus", "drop", "early", "--db", db])
        XCTAssertEqual(dropped.status, 0, dropped.stderr)
        XCTAssertTrue(dropped.stderr.hasPrefix("dropped 'early' ("), dropped.stderr)
        XCTAssertTrue(dropped.stderr.contains("; its random half 'early.half1.seed1' (") && dropped.stderr.contains("; its random half 'early.half2.seed1' ("), dropped.stderr)
        let left = try json(try firth(["subcorpus", "list", "--format", "json", "--db", db]).stdout).compactMap { $0["name"] as? String }
        XCTAssertFalse(left.contains { $0.hasPrefix("early") }, "\(left)")
        XCTAssertTrue(left.contains("modern.half1.seed2"), "\(left)")
    }

    func testReportDrawsADispersionPlot() throws {
        let db = try makeDatabase()
        for arguments in [["count", "--min-count", "1", "--quiet"], ["embed", "--method", "svd", "--dimensions", "2", "--remove-top-components", "0", "--quiet"],
                          ["subcorpus", "define", "modern", "--where", "year >= 1945"]] {
            let result = try firth(arguments + ["--db", db])
            XCTAssertEqual(result.status, 0, "\(arguments): \(result.stderr)")
        }
        let out = try makeTemporaryFolder(self).appendingPathComponent("r.html").path
        let made = try firth(["report", "--out", out, "--words", "war,peace,bomb", "--dispersion", "war", "--subcorpus", "modern",
                              "--quiet", "--db", db])
        XCTAssertEqual(made.status, 0, made.stderr)
        let html = try String(contentsOfFile: out, encoding: .utf8)
        XCTAssertTrue(html.contains("<section id=\"dispersion\">"))
        // modern: C "war war bomb" (ticks at 0, 160 of 480), D "bomb peace war bomb war" (192, 384).
        XCTAssertEqual(html.components(separatedBy: "class=\"tick-mark\"").count - 1, 4)
        XCTAssertTrue(html.contains("dispersion of &#39;war&#39;: 4 occurrences in 2 of 2 documents"), html)
        let unknown = try firth(["report", "--out", out + "2", "--words", "war,peace", "--dispersion", "wat", "--quiet", "--db", db])
        XCTAssertNotEqual(unknown.status, 0)
        XCTAssertTrue(unknown.stderr.contains("unknown word 'wat'"), unknown.stderr)
    }
}
