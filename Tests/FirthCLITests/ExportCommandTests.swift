import Foundation
import XCTest

final class ExportCommandTests: XCTestCase {
    /// A tutorial corpus with a count, shared by the tests of this class.
    func makeDatabase() throws -> (folder: URL, db: String) {
        try makeCountedTutorialDatabase(self)
    }

    func testExportToAFileRefusesToOverwriteUnlessForced() throws {
        let (folder, db) = try makeDatabase()
        let out = folder.appendingPathComponent("ppmi.csv").path
        var result = try firth(["export", "ppmi", "--db", db, "--out", out])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "")
        XCTAssertTrue(result.stderr.hasPrefix("exported "), result.stderr)
        let first = try String(contentsOfFile: out, encoding: .utf8)
        XCTAssertTrue(first.hasPrefix("word,context,ppmi\r\n"), first)

        result = try firth(["export", "counts", "--db", db, "--out", out])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderr, "firth: error: \(out) already exists; choose another --out or pass --force to overwrite it\n")
        XCTAssertEqual(try String(contentsOfFile: out, encoding: .utf8), first, "the old file is untouched")

        result = try firth(["export", "counts", "--db", db, "--out", out, "--force", "--quiet"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stderr, "")
        XCTAssertTrue(try String(contentsOfFile: out, encoding: .utf8).hasPrefix("word,context,count\r\n"))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".partial") }, [])
    }

    func testDashWritesToStandardOutputAndDenseAgreesWithSparse() throws {
        let (_, db) = try makeDatabase()
        let dense = try firth(["export", "counts", "--db", db, "--layout", "dense", "--words", "river,water,bank", "--out", "-", "--format", "tsv"])
        XCTAssertEqual(dense.status, 0, dense.stderr)
        let rows = dense.stdout.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        XCTAssertEqual(rows.first, ["word", "river", "water", "bank"])
        XCTAssertEqual(rows.count, 4)
        let sparse = try firth(["export", "counts", "--db", db, "--words", "river,water,bank", "--out", "-", "--format", "tsv"])
        var cells: [String: String] = [:]
        for line in sparse.stdout.split(separator: "\n").dropFirst() {
            let f = line.split(separator: "\t").map(String.init)
            cells[f[0] + " " + f[1]] = f[2]
        }
        for row in rows.dropFirst() {
            for (context, value) in zip(rows[0].dropFirst(), row.dropFirst()) {
                XCTAssertEqual(cells[row[0] + " " + context] ?? "0", value, "\(row[0]) \(context)")
            }
        }
    }

    func testEmptyResultsWriteAHeader() throws {
        let (_, db) = try makeDatabase()
        let result = try firth(["export", "collocates", "--words", "river", "--min-count", "100000", "--db", db, "--out", "-"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "word,rank,collocate,count,ppmi\r\n")
    }

    func testProjectorWritesTwoFilesSideBySide() throws {
        let (folder, db) = try makeDatabase()
        XCTAssertEqual(try firth(["embed", "--method", "svd", "--db", db, "--dimensions", "8", "--quiet"]).status, 0)
        let out = folder.appendingPathComponent("vectors.tsv").path
        let result = try firth(["export", "embeddings", "--format", "projector", "--top", "50", "--db", db, "--out", out])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("vectors.tsv and \(folder.appendingPathComponent("vectors.metadata.tsv").path)"), result.stderr)
        let vectors = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
        let metadata = try String(contentsOfFile: folder.appendingPathComponent("vectors.metadata.tsv").path, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(vectors.count, 50)
        XCTAssertEqual(metadata.count, 50)
        XCTAssertEqual(vectors[0].split(separator: "\t").count, 8)
        XCTAssertEqual(metadata[0], "the")
        let refused = try firth(["export", "embeddings", "--format", "projector", "--db", db, "--out", "-"])
        XCTAssertNotEqual(refused.status, 0)
        XCTAssertTrue(refused.stderr.contains("writes two files"), refused.stderr)
    }

    func testOptionsThatCannotWorkAreRefusedWithAReason() throws {
        let (_, db) = try makeDatabase()
        for (arguments, message) in [
            (["export", "ppmi", "--layout", "dense"], "A dense matrix needs --words"),
            (["export", "ppmi", "--format", "word2vec"], "add --layout dense"),
            (["export", "vocab", "--format", "glove"], "vocab is a table, not word vectors"),
            (["export", "pmi", "--measure", "llr"], "firth export llr"),
            (["export", "neighbors"], "Name the words whose neighbors"),
            (["export", "pmi", "--layout", "dense", "--top", "5", "--format", "word2vec"], "pmi has no value for pairs never seen"),
            (["export", "counts", "--words", "rivr"], "unknown word 'rivr'"),
        ] {
            let result = try firth(arguments + ["--db", db, "--out", "-"])
            XCTAssertNotEqual(result.status, 0, "\(arguments)")
            XCTAssertEqual(result.stdout, "", "\(arguments): nothing written")
            XCTAssertTrue(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
    }

    func testAttentionForASentence() throws {
        let (_, db) = try makeDatabase()
        XCTAssertEqual(try firth(["embed", "--method", "svd", "--db", db, "--dimensions", "16", "--quiet"]).status, 0)
        var result = try firth(["export", "attention", "--sentence", "The bank approved the loan", "--layout", "dense",
                                "--db", db, "--out", "-"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let rows = result.stdout.components(separatedBy: "\r\n").dropLast().map { $0.split(separator: ",").map(String.init) }
        XCTAssertEqual(rows.first, ["layer", "position", "word", "the", "bank", "approved", "the", "loan"])
        XCTAssertEqual(rows.count, 6)
        for row in rows.dropFirst() {
            XCTAssertEqual(row.dropFirst(3).map { Double($0)! }.reduce(0, +), 1, accuracy: 1e-5, "a row of weights sums to 1: \(row)")
        }
        result = try firth(["export", "attention", "--sentence", "the bank approved the loan", "--layers", "2",
                            "--format", "glove", "--db", db, "--out", "-", "--quiet"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout.split(separator: "\n").map { $0.split(separator: " ").count }, [17, 17, 17, 17, 17])
        result = try firth(["export", "attention", "--db", db, "--out", "-"])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("--sentence"), result.stderr)
    }

    func testImportVectorsIntoAnEmptyDatabaseThenEvaluateQueryAndExport() throws {
        let folder = try makeTemporaryFolder(self)
        let db = folder.appendingPathComponent("v.sqlite").path
        let file = folder.appendingPathComponent("hostile.txt")
        // Words the tokenizer never makes: commas, quotes, a number, non-ASCII.
        try Data("4 3\nking 0.5 0.25 1\nqueen 0.5 0.3 1\n\"a,b\" 1 0 0\n1990 -1 2.5e-3 0\n".utf8).write(to: file)
        var result = try firth(["import-vectors", file.path, "--name", "mine", "--db", db])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("imported 'mine' (word2vec): 4 words × 3 dimensions"), result.stderr)

        let pairs = folder.appendingPathComponent("pairs.txt")
        try Data("king\tqueen\t9\nking\t1990\t1\nqueen\t1990\t2\n".utf8).write(to: pairs)
        result = try firth(["evaluate", "--embedding", "mine", "--similarity", pairs.path, "--db", db, "--format", "csv"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("pairs,spearman,"), result.stdout)
        result = try firth(["neighbors", "king", "--embedding", "mine", "--top", "1", "--db", db, "--format", "csv"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("king,1,queen,"), result.stdout)

        result = try firth(["export", "embeddings", "--embedding", "mine", "--db", db, "--out", "-"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdout.components(separatedBy: "\r\n")
        XCTAssertEqual(lines[0], "word,d1,d2,d3")
        XCTAssertEqual(lines[3], "\"\"\"a,b\"\"\",1,0,0", "quoted once by the file, then by CSV")
        XCTAssertTrue(lines[4].hasPrefix("1990,"), lines[4])

        result = try firth(["import-vectors", file.path, "--name", "mine", "--db", db])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("pass --force to replace it"), result.stderr)
        let bad = folder.appendingPathComponent("bad.txt")
        try Data("a 1 2\nb 1 two\n".utf8).write(to: bad)
        result = try firth(["import-vectors", bad.path, "--db", db])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderr, "firth: error: \(bad.path):2: value 2 of 'b', 'two', is not a finite number\n")
    }

    /// gensim reads the word2vec export, words and values alike. Skipped where gensim is not installed.
    func testWord2VecExportLoadsInGensim() throws {
        let probe = try run("/usr/bin/env", ["python3", "-c", "import gensim"])
        try XCTSkipIf(probe.status != 0, "python3 with gensim is not importable here (`python3 -c \"import gensim\"` failed), so the gensim load check is skipped")
        let (folder, db) = try makeDatabase()
        XCTAssertEqual(try firth(["embed", "--method", "svd", "--db", db, "--dimensions", "16", "--quiet"]).status, 0)
        let vectors = folder.appendingPathComponent("vectors.txt").path
        let csv = folder.appendingPathComponent("vectors.csv").path
        XCTAssertEqual(try firth(["export", "embeddings", "--format", "word2vec", "--db", db, "--out", vectors, "--quiet"]).status, 0)
        XCTAssertEqual(try firth(["export", "embeddings", "--format", "csv", "--db", db, "--out", csv, "--quiet"]).status, 0)
        // gensim's float32 vectors must equal the CSV's numbers parsed as float32, bit for bit.
        let script = """
            import csv, sys, numpy as np
            from gensim.models import KeyedVectors
            kv = KeyedVectors.load_word2vec_format(sys.argv[1], binary=False)
            rows = list(csv.reader(open(sys.argv[2], newline='', encoding='utf-8')))[1:]
            assert kv.index_to_key == [r[0] for r in rows], 'words differ'
            expected = np.array([[np.float32(float(x)) for x in r[1:]] for r in rows], dtype=np.float32)
            assert kv.vectors.dtype == np.float32 and kv.vectors.shape == expected.shape
            assert (kv.vectors.view(np.uint32) == expected.view(np.uint32)).all(), 'values differ'
            print(len(kv.index_to_key), kv.vector_size)
            """
        let result = try run("/usr/bin/env", ["python3", "-c", script, vectors, csv])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.hasSuffix(" 16\n"), result.stdout)
    }

    func testHelpTeaches() throws {
        let help = try firth(["export", "--help"]).stdout
        for phrase in ["--layout", "--words-from", "--format", "--force", "word2vec", "projector", "X.metadata.tsv", "attention"] {
            XCTAssertTrue(help.contains(phrase), "export --help lacks \(phrase)")
        }
        XCTAssertTrue(try firth(["import-vectors", "--help"]).stdout.contains("file:line"))
    }

    func run(_ executable: String, _ arguments: [String]) throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        (process.standardOutput, process.standardError) = (out, err)
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile(), errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                             stderr: String(decoding: errData, as: UTF8.self))
    }
}
