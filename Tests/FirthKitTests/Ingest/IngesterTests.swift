import Foundation
import GRDB
import XCTest
@testable import FirthKit

final class IngesterTests: XCTestCase {
    func tokens(_ store: CorpusStore) throws -> [(position: Int, word: String, sentence: Int)] {
        try store.dbQueue.read { db in
            try Row.fetchAll(db, sql: "SELECT position, word, sentence FROM tokens JOIN words USING (word_id) ORDER BY position")
                .map { ($0[0], $0[1], $0[2]) }
        }
    }

    func testTokensPositionsSentencesAndGaps() throws {
        let store = try makeStore(self, documents: ["The river. The bank", "Bank loan!"])
        let stored = try tokens(store)
        let gap = CorpusStore.documentGap
        XCTAssertEqual(stored.map(\.position), [0, 1, 2, 3, 4 + gap, 5 + gap])
        XCTAssertEqual(stored.map(\.word), ["the", "river", "the", "bank", "bank", "loan"])
        XCTAssertEqual(stored.map(\.sentence), [0, 0, 1, 1, 2, 2])
        let stats = try store.statistics()
        XCTAssertEqual(stats.documents, 2)
        XCTAssertEqual(stats.tokens, 6)
        XCTAssertEqual(stats.types, 4)
        XCTAssertEqual(stats.sentences, 3)
    }

    /// words.count is kept by the ingester; it must equal an aggregate over the stored tokens.
    func testWordCountsEqualTheTokenAggregate() throws {
        let store = try makeStore(self, documents: ["a b a c. a b", "c c d", "a"])
        let mismatches = try store.dbQueue.read { db in
            try Int.fetchOne(db, sql: """
                SELECT count(*) FROM words w
                LEFT JOIN (SELECT word_id, count(*) AS n FROM tokens GROUP BY word_id) t USING (word_id)
                WHERE w.count <> coalesce(t.n, 0)
                """)
        }
        XCTAssertEqual(mismatches, 0)
        let list = try store.vocabulary()
        XCTAssertEqual(list.words, [WordCount(word: "a", count: 4), WordCount(word: "c", count: 3),
                                    WordCount(word: "b", count: 2), WordCount(word: "d", count: 1)])
        XCTAssertEqual(list.tokens, 10)
        let vocab = Table(list)
        XCTAssertEqual(vocab.rows.map { $0[1] }, [.text("a"), .text("c"), .text("b"), .text("d")])
        XCTAssertEqual(vocab.rows.map { $0[2] }, [.integer(4), .integer(3), .integer(2), .integer(1)])
    }

    func testDuplicateDocumentsAreSkipped() throws {
        let folder = try makeFolder(self, ["a.txt": "same text here", "b.txt": "same text here", "c.txt": "other"])
        let store = try makeTemporaryStore(self)
        var report = try Ingester(store: store).ingest(paths: [folder.path])
        XCTAssertEqual(report.documentsAdded, 2)
        XCTAssertEqual(report.duplicatesSkipped, 1)
        report = try Ingester(store: store).ingest(paths: [folder.path])
        XCTAssertEqual(report.documentsAdded, 0)
        XCTAssertEqual(report.duplicatesSkipped, 3)
        XCTAssertEqual(try store.statistics().tokens, 4)
    }

    /// Ingests a.txt, b.txt, c.txt with `trigger` (temporary SQL on the ingester's connection)
    /// making b.txt's transaction fail part-way, and checks that b.txt left no trace.
    func checkFailedDocumentLeavesNoTrace(trigger: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let folder = try makeFolder(self, ["a.txt": "alpha beta.", "b.txt": "gamma delta beta.", "c.txt": "gamma epsilon"])
        let store = try makeTemporaryStore(self)
        try store.dbQueue.write { db in try db.execute(sql: trigger) }
        let report = try Ingester(store: store).ingest(paths: [folder.path])
        XCTAssertEqual(report.documentsAdded, 2, file: file, line: line)
        XCTAssertEqual(report.errors.count, 1, file: file, line: line)
        XCTAssertTrue(report.errors.first?.description.contains("b.txt: not stored") == true, "\(report.errors)", file: file, line: line)
        // b.txt's new words were taken back: c.txt numbers gamma as if b.txt had never been read.
        let words = try store.dbQueue.read { db in
            try Row.fetchAll(db, sql: "SELECT word_id, word, count FROM words ORDER BY word_id")
                .map { "\($0[0] as Int) \($0[1] as String) \($0[2] as Int)" }
        }
        XCTAssertEqual(words, ["1 alpha 1", "2 beta 1", "3 gamma 1", "4 epsilon 1"], file: file, line: line)
        let stored = try tokens(store)
        XCTAssertEqual(stored.map(\.word), ["alpha", "beta", "gamma", "epsilon"], file: file, line: line)
        XCTAssertEqual(stored.map(\.position), [0, 1, 2 + CorpusStore.documentGap, 3 + CorpusStore.documentGap], file: file, line: line)
        XCTAssertEqual(stored.map(\.sentence), [0, 0, 1, 1], file: file, line: line)
        let dangling = try store.dbQueue.read { db in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check(tokens)") }
        XCTAssertEqual(dangling.count, 0, "tokens whose word is missing", file: file, line: line)
    }

    func testAFailedDocumentIsRolledBackAndItsWordIDsTakenBack() throws {
        // Fails after b.txt's document row and new words are written, at one of its tokens.
        try checkFailedDocumentLeavesNoTrace(trigger: """
            CREATE TEMP TRIGGER fail_b BEFORE INSERT ON tokens
            WHEN NEW.word_id = (SELECT word_id FROM words WHERE word = 'delta')
            BEGIN SELECT RAISE(ABORT, 'simulated failure'); END
            """)
    }

    /// Ingest runs with SQLite's foreign key enforcement off (it costs a search per token); the
    /// ingester's own check, once per word, must still refuse tokens whose word row is missing.
    func testTokensWhoseWordRowIsMissingAreRefused() throws {
        try checkFailedDocumentLeavesNoTrace(trigger: """
            CREATE TEMP TRIGGER lose_delta AFTER INSERT ON words WHEN NEW.word = 'delta'
            BEGIN DELETE FROM words WHERE word_id = NEW.word_id; END
            """)
    }

    /// Documents are written on a second thread while the next input is read; messages and
    /// the report must still come in the order of the inputs.
    func testMessagesComeInTheOrderOfTheInputs() throws {
        let folder = try makeFolder(self, ["a.txt": "alpha", "b.txt": "beta gamma", "d.txt": "delta", "e.txt": "alpha"])
        try Data([0x61, 0x00]).write(to: folder.appendingPathComponent("c.txt"))
        let store = try makeTemporaryStore(self)
        try store.dbQueue.write { db in
            try db.execute(sql: """
                CREATE TEMP TRIGGER fail_b BEFORE INSERT ON documents WHEN NEW.source LIKE '%b.txt'
                BEGIN SELECT RAISE(ABORT, 'simulated failure'); END
                """)
        }
        var messages: [String] = []
        let report = try Ingester(store: store, warn: { messages.append("\($0)") }).ingest(paths: [folder.path])
        XCTAssertEqual(messages.map { $0.components(separatedBy: ":")[0] + " " + URL(fileURLWithPath: $0.components(separatedBy: ": ")[1]).lastPathComponent },
                       ["error b.txt", "warning c.txt", "note e.txt"])
        XCTAssertEqual(report.documentsAdded, 2)
        XCTAssertEqual(try tokens(store).map(\.word), ["alpha", "delta"])
        XCTAssertEqual(try store.dbQueue.read { db in try String.fetchAll(db, sql: "SELECT word FROM words ORDER BY word_id") },
                       ["alpha", "delta"])
    }

    /// Tokens after a document's first are appended with SQLite's next rowid; if the table
    /// already holds a later position, the document must fail rather than land shifted.
    func testADocumentWhosePositionsAreTakenFailsInsteadOfShifting() throws {
        let store = try makeStore(self, documents: ["one two"])
        let stray = 5000
        try store.dbQueue.write { db in
            try db.execute(sql: "INSERT INTO tokens(position, word_id, sentence) VALUES (?, 1, 0)", arguments: [stray])
        }
        let folder = try makeFolder(self, ["b.txt": "three four five"])
        let report = try Ingester(store: store).ingest(paths: [folder.path])
        XCTAssertEqual(report.documentsAdded, 0)
        XCTAssertEqual(report.errors.count, 1)
        XCTAssertTrue(report.errors.first?.description.contains("b.txt: not stored") == true, "\(report.errors)")
        XCTAssertEqual(try tokens(store).map(\.position), [0, 1, stray])
    }

    /// Ingest loosens a few connection settings for speed; the store gets its own back after.
    func testIngestPutsTheConnectionSettingsBack() throws {
        let store = try makeTemporaryStore(self)
        let read = { try store.dbQueue.read { db in
            try ["foreign_keys", "synchronous", "mmap_size", "cache_size"].map { try Int.fetchOne(db, sql: "PRAGMA \($0)") ?? -1 }
        } }
        let before = try read()
        XCTAssertEqual(before[0], 1, "GRDB enforces foreign keys")
        let folder = try makeFolder(self, ["a.txt": "some words"])
        _ = try Ingester(store: store).ingest(paths: [folder.path])
        XCTAssertEqual(try read(), before)
    }

    func testKeepDuplicatesKeepsOtherSourcesButNotTheSameFileTwice() throws {
        let folder = try makeFolder(self, ["a.txt": "same text here", "b.txt": "same text here"])
        let store = try makeTemporaryStore(self)
        var options = Ingester.Options()
        options.keepDuplicates = true
        var report = try Ingester(store: store, options: options).ingest(paths: [folder.path])
        XCTAssertEqual(report.documentsAdded, 2)
        report = try Ingester(store: store, options: options).ingest(paths: [folder.path])
        XCTAssertEqual(report.documentsAdded, 0, "re-running completes the job, it does not double it")
        XCTAssertEqual(report.duplicatesSkipped, 2)
        XCTAssertEqual(try store.statistics().tokens, 6)
    }

    func testFolderWalkWithIncludeGlobAndHiddenFiles() throws {
        let folder = try makeFolder(self, ["a.txt": "one", "sub/b.txt": "two", "notes.md": "three", ".hidden.txt": "four"])
        let store = try makeTemporaryStore(self)
        var options = Ingester.Options()
        options.include = "*.txt"
        let report = try Ingester(store: store, options: options).ingest(paths: [folder.path])
        XCTAssertEqual(report.documentsAdded, 2)
        XCTAssertEqual(try tokens(store).map(\.word), ["one", "two"])
    }

    func testJSONLinesKeepsMetadataAndReportsBadLines() throws {
        let folder = try makeFolder(self, ["r.jsonl": """
            {"id": 1, "body": "Rivers flow.", "stars": 5}
            not json
            {"id": 3, "title": "no body"}

            {"id": 4, "body": "Banks lend."}
            """])
        let store = try makeTemporaryStore(self)
        var options = Ingester.Options()
        options.textField = "body"
        var warnings: [String] = []
        let report = try Ingester(store: store, options: options, warn: { warnings.append("\($0)") }).ingest(paths: [folder.appendingPathComponent("r.jsonl").path])
        XCTAssertEqual(report.documentsAdded, 2)
        XCTAssertEqual(report.errors.count, 2)
        XCTAssertTrue(report.errors[0].description.hasSuffix("r.jsonl:2: not a JSON object; the line was skipped"), report.errors[0].description)
        XCTAssertTrue(report.errors[1].description.contains("r.jsonl:3: no string field 'body' (fields: id, title)"), report.errors[1].description)
        XCTAssertTrue(report.errors[1].description.hasSuffix("; choose one with textField"), report.errors[1].description)
        XCTAssertTrue(warnings.contains { $0.hasPrefix("error: ") && $0.hasSuffix("r.jsonl:3: no string field 'body' (fields: id, title); choose one with textField") }, "\(warnings)")
        let rows = try store.dbQueue.read { db in try Row.fetchAll(db, sql: "SELECT source, metadata FROM documents ORDER BY document_id") }
        XCTAssertTrue((rows[0][0] as String).hasSuffix("r.jsonl:1"))
        XCTAssertEqual(rows[0][1] as String, #"{"id":1,"stars":5}"#)
        XCTAssertEqual(try tokens(store).map(\.word), ["rivers", "flow", "banks", "lend"])
    }

    func testCSVWithQuotedFields() throws {
        let folder = try makeFolder(self, ["t.csv": "id,text,author\n1,\"River, water\nand mud\",ann\n2,\"He said \"\"loan\"\"\",bob\n"])
        let store = try makeTemporaryStore(self)
        let report = try Ingester(store: store).ingest(paths: [folder.appendingPathComponent("t.csv").path])
        XCTAssertEqual(report.errors, [])
        XCTAssertEqual(report.documentsAdded, 2)
        XCTAssertEqual(try tokens(store).map(\.word), ["river", "water", "and", "mud", "he", "said", "loan"])
        let metadata = try store.dbQueue.read { db in try String.fetchAll(db, sql: "SELECT metadata FROM documents ORDER BY document_id") }
        XCTAssertEqual(metadata, [#"{"author":"ann","id":"1"}"#, #"{"author":"bob","id":"2"}"#])
    }

    func testCSVWithoutTheTextColumnFailsClearly() throws {
        let folder = try makeFolder(self, ["t.csv": "id,body\n1,hello\n"])
        let store = try makeTemporaryStore(self)
        let report = try Ingester(store: store).ingest(paths: [folder.appendingPathComponent("t.csv").path])
        XCTAssertEqual(report.documentsAdded, 0)
        XCTAssertEqual(report.errors.count, 1)
        // The library names the parameter (the command line its flag: ParameterFlagMessageTests).
        XCTAssertTrue(report.errors[0].description.contains("no column 'text' in the header (id, body); choose one with textColumn"), report.errors[0].description)
        guard case let .invalidParameters(text) = report.errors[0] else { return XCTFail("\(report.errors[0])") }
        XCTAssertEqual(text.pieces.last, .parameter("textColumn"))
    }

    func testBadFilesAreReportedAndTheRunGoesOn() throws {
        let folder = try makeFolder(self, ["good.txt": "fine words"])
        try Data([0x61, 0x00, 0x62]).write(to: folder.appendingPathComponent("binary.txt"))
        try Data([0x43, 0xE6, 0x73, 0x61, 0x72]).write(to: folder.appendingPathComponent("latin1.txt"))
        let store = try makeTemporaryStore(self)
        let report = try Ingester(store: store).ingest(paths: [folder.path, folder.appendingPathComponent("missing.txt").path])
        XCTAssertEqual(report.documentsAdded, 2)
        XCTAssertEqual(report.warnings.count, 2)
        XCTAssertTrue(report.warnings[0].hasSuffix("binary.txt: skipped, it has a NUL byte at offset 1 (binary, not text)"), report.warnings[0])
        XCTAssertTrue(report.warnings[1].hasSuffix("latin1.txt: not valid UTF-8; decoded as Windows-1252 (ISO-8859-1)"), report.warnings[1])
        XCTAssertEqual(report.errors.count, 1)
        XCTAssertTrue(report.errors[0].description.hasSuffix("missing.txt: no such file or folder"))
        XCTAssertEqual(Set(try tokens(store).map(\.word)), ["cæsar", "fine", "words"])
    }

    func testTokenizerIsRecordedAndEnforced() throws {
        var options = Ingester.Options()
        options.tokenizer = Tokenizer.Settings(caseFolding: false)
        let store = try makeStore(self, documents: ["River Bank"], options: options)
        XCTAssertEqual(try store.requireCorpus().tokenizer, Tokenizer.Settings(caseFolding: false))
        XCTAssertEqual(try tokens(store).map(\.word), ["River", "Bank"])
        let folder = try makeFolder(self, ["x.txt": "More text"])
        options.tokenizer = Tokenizer.Settings()
        XCTAssertThrowsError(try Ingester(store: store, options: options).ingest(paths: [folder.path]))
        // Without explicit settings a later ingest uses the recorded ones.
        _ = try Ingester(store: store).ingest(paths: [folder.path])
        XCTAssertEqual(try tokens(store).map(\.word), ["River", "Bank", "More", "text"])
    }

    func testUnknownWordSuggestsSpellings() throws {
        let store = try makeStore(self, documents: ["bank bank back river"])
        XCTAssertThrowsError(try store.wordID("bnak")) { error in
            XCTAssertEqual(error as? FirthError, .unknownWord("bnak", suggestions: ["bank", "back"]))
        }
        XCTAssertEqual(try store.wordID("BANK"), try store.wordID("bank"))
    }

    func testConcordance() throws {
        let store = try makeStore(self, documents: ["we fished from the river bank today", "the bank approved the loan"])
        let lines = try store.concordance(of: "bank", width: 12)
        XCTAssertEqual(lines.map(\.left), ["om the river", "the"])
        XCTAssertEqual(lines.map(\.keyword), ["bank", "bank"])
        XCTAssertEqual(lines.map(\.right), ["today", "approved the"])
    }
}
