import Foundation
import XCTest
import FirthKit

final class LanguageModelCommandTests: XCTestCase {
    static let text = """
        The cat sat on the mat. The dog sat on the log. The cat saw the dog.
        A cat sat. The dog sat on the mat. The cat sat on the log. A dog saw a cat on the mat.
        The mat was on the log. A log was on the mat? The dog was a cat.
        """

    func makeDatabase(_ text: String = text, flags: [String] = []) throws -> String {
        let db = try makeTemporaryFolder(self).appendingPathComponent("lm.sqlite").path
        let result = try firth(["ingest", "-", "--db", db, "--quiet"] + flags, stdin: text)
        XCTAssertEqual(result.status, 0, result.stderr)
        return db
    }

    func testNGramsListsClustersAndSaysWhatItMade() throws {
        let db = try makeDatabase()
        var result = try firth(["ngrams", "--db", db, "--size", "2", "--containing", "Cat", "--format", "csv"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.hasPrefix("made 'o3.min1': "), result.stderr)
        let rows = result.stdout.split(separator: "\r\n").map { $0.split(separator: ",").map(String.init) }
        XCTAssertEqual(rows.first, ["ngram", "count", "probability"])
        // the cat ×3, cat sat ×3, a cat ×3, cat saw ×1, cat on ×1 (cat </s> has a marker).
        XCTAssertEqual(Set(rows[1...3].map { $0[0] + ":" + $0[1] }), ["the cat:3", "cat sat:3", "a cat:3"])
        XCTAssertEqual(Set(rows[4...].map { $0[0] + ":" + $0[1] }), ["cat saw:1", "cat on:1"])
        result = try firth(["ngrams", "--db", db, "--size", "3", "--starts-with", "on", "--min-frequency", "3", "--format", "tsv"])
        XCTAssertTrue(result.stderr.contains("reused the stored model 'o3.min1'"), result.stderr)
        XCTAssertEqual(result.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: "\t")[0] + ":" + $0.split(separator: "\t")[1] },
                       ["on the mat:4", "on the log:3"])
    }

    /// A model made before migration 0008 has no binary image: a query reads its rows, gives the
    /// same numbers, and stores the image for the next one.
    func testAModelWithoutItsImageIsReadFromItsRowsAndGetsOne() throws {
        let db = try makeDatabase()
        XCTAssertEqual(try firth(["ngrams", "--db", db, "--order", "2", "--quiet"]).status, 0)
        let file = try makeTemporaryFolder(self).appendingPathComponent("held.txt")
        try "the cat sat on the log\nthe dog saw a mat\n".write(to: file, atomically: true, encoding: .utf8)
        let arguments = ["perplexity", file.path, "--sentence-per-line", "--order", "2", "--no-context", "--db", db, "--format", "csv"]
        let withImage = try firth(arguments)
        XCTAssertEqual(withImage.status, 0, withImage.stderr)
        do {   // a writer for the deletion only: it holds the writer lock while it lives
            let writer = try CorpusStore(path: db)
            XCTAssertNotNil(try writer.ngramImage(of: try writer.ngramTable(named: "o2.min1")))
            try writer.dbQueue.write { db in try db.execute(sql: "DELETE FROM ngram_images") }
        }
        let store = try CorpusStore(path: db, readOnly: true)
        let table = try store.ngramTable(named: "o2.min1")
        XCTAssertNil(try store.ngramImage(of: table))
        let withoutImage = try firth(arguments)
        XCTAssertEqual(withoutImage.status, 0, withoutImage.stderr)
        XCTAssertEqual(withoutImage.stdout, withImage.stdout)
        XCTAssertNotNil(try store.ngramImage(of: table), "the query stored the image")
    }

    func testPerplexityOnFilesCountsOOVsApart() throws {
        let db = try makeDatabase()
        let file = try makeTemporaryFolder(self).appendingPathComponent("held.txt")
        try "the cat sat on the log\nthe zebra sat. on the mat\n".write(to: file, atomically: true, encoding: .utf8)
        let result = try firth(["perplexity", file.path, "--sentence-per-line", "--order", "2", "--db", db, "--format", "json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("no current n-gram model 'o2.min1': made it now"), result.stderr)
        XCTAssertTrue(result.stderr.contains("no current n-gram model 'o1.min1': made it now"), result.stderr)
        let rows = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [[String: Any]]
        XCTAssertEqual(rows.map { $0["model"] as! String }, ["unigram", "2-gram"])
        // 6 + 6 words and two </s>; one OOV (zebra), left out of the perplexity.
        for row in rows {
            XCTAssertEqual(row["tokens"] as? Int, 14)
            XCTAssertEqual(row["oovs"] as? Int, 1)
            XCTAssertEqual(row["sentences"] as? Int, 2)
        }
        let store = try CorpusStore(path: db)
        let model = try store.languageModel(NGramParameters(order: 2)).model
        var total = 0.0
        for sentence in [["the", "cat", "sat", "on", "the", "log"], ["the", "zebra", "sat", "on", "the", "mat"]] {
            let ids = model.sentenceIDs(sentence)
            for i in 1..<ids.count where sentence.indices.contains(i - 1) ? sentence[i - 1] != "zebra" : true {
                total += model.log10Probability(of: ids[i], after: ids[..<i])
            }
        }
        XCTAssertEqual(rows[1]["perplexity"] as! Double, pow(10, -total / 13), accuracy: 1e-9)
        XCTAssertEqual(rows[1]["cross_entropy_bits"] as! Double, log2(pow(10, -total / 13)), accuracy: 1e-9)
    }

    func testPerplexityOnAHeldOutShareOfTheCorpus() throws {
        let documents = (0..<10).map { "Document \($0) is about the cat and the dog. The cat sat on mat \($0)." }
        let db = try makeTemporaryFolder(self).appendingPathComponent("h.sqlite").path
        for document in documents {
            XCTAssertEqual(try firth(["ingest", "-", "--db", db, "--quiet"], stdin: document).status, 0)
        }
        var result = try firth(["perplexity", "--hold-out", "20%", "--db", db, "--format", "json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let rows = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [[String: Any]]
        XCTAssertEqual(rows.map { $0["model"] as! String }, ["unigram", "3-gram"])
        XCTAssertEqual(rows[0]["sentences"] as? Int, 4)   // two documents of two sentences
        XCTAssertEqual(rows[0]["oovs"] as? Int, 4)        // their numbers, twice each
        XCTAssertLessThan(rows[1]["perplexity"] as! Double, rows[0]["perplexity"] as! Double)
        result = try firth(["perplexity", "--hold-out", "20%", "--db", db, "--format", "json"])
        XCTAssertEqual(result.stderr, "")
        XCTAssertEqual(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [[String: Any]] as NSArray, rows as NSArray)
    }

    func testBadInputIsRefusedAndChangesNothing() throws {
        let db = try makeDatabase()
        XCTAssertEqual(try firth(["ngrams", "--db", db, "--order", "2", "--quiet"]).status, 0)
        for (arguments, message) in [(["ngrams", "--order", "6"], "--order must be between 1 and 5"),
                                     (["ngrams", "--order", "0"], "--order must be between 1 and 5"),
                                     (["ngrams", "--order", "-1"], "--order must be between 1 and 5 (got -1)"),
                                     (["perplexity", "--hold-out", "-10%"], "--hold-out must be more than 0% and less than 100% (got '-10%')"),
                                     (["perplexity", "--hold-out", "0%"], "--hold-out must be more than 0% and less than 100%"),
                                     (["perplexity", "--hold-out", "100%"], "--hold-out must be more than 0% and less than 100%"),
                                     (["perplexity"], "Give held-out files, or --hold-out"),
                                     (["perplexity", "--hold-out", "5%"], "a hold-out of 5 % of 1 document(s) is no document"),
                                     (["export", "lm", "--format", "csv", "--out", "-"], "A language model is written as --format arpa")] {
            let result = try firth(arguments + ["--db", db])
            XCTAssertNotEqual(result.status, 0, "\(arguments)")
            XCTAssertTrue(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
        XCTAssertEqual(try CorpusStore(path: db).ngramTables().map(\.name), ["o2.min1"])
        let short = try makeDatabase("Two words.")
        let result = try firth(["ngrams", "--db", short, "--order", "3"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("the training text has 2 word(s), fewer than the order 3"), result.stderr)
        XCTAssertEqual(try CorpusStore(path: short).ngramTables().count, 0)
    }

    func testExportARPAAndSentencePerLineIngest() throws {
        let db = try makeDatabase("A b. c d\ne f\n", flags: ["--sentence-per-line"])
        let out = try makeTemporaryFolder(self).appendingPathComponent("m.arpa")
        let result = try firth(["export", "lm", "--format", "arpa", "--order", "2", "--out", out.path, "--db", db])
        XCTAssertEqual(result.status, 0, result.stderr)
        let arpa = try String(contentsOf: out, encoding: .utf8)
        XCTAssertTrue(arpa.hasPrefix("\\data\\\nngram 1=9\nngram 2=8\n\n\\1-grams:\n"), arpa)
        XCTAssertTrue(arpa.hasSuffix("\n\\end\\\n"))
        // One sentence a line: "b c" is a bigram, "e f" begins a sentence.
        XCTAssertTrue(arpa.contains("\tb c\n"), arpa)
        XCTAssertTrue(arpa.contains("\t<s> e\n"), arpa)
        let plain = try makeDatabase("A b. c d\ne f\n")
        XCTAssertEqual(try firth(["ngrams", "--db", plain, "--order", "2", "--size", "2", "--containing", "c", "--format", "tsv", "--quiet"]).stdout,
                       "ngram\tcount\tprobability\nc d\t1\t0.5625\n")
    }
}
