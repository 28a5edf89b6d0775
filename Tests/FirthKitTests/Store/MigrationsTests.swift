import Foundation
import GRDB
import XCTest
@testable import FirthKit
import FirthMigrations

final class MigrationsTests: XCTestCase {
    /// Every .sql file of Migrations/ must be compiled into the binary, in file-name order.
    func testEverySQLFileIsRegistered() throws {
        let folder = packageRoot.appendingPathComponent("Migrations")
        let onDisk = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".sql") }.map { String($0.dropLast(4)) }.sorted()
        XCTAssertFalse(onDisk.isEmpty)
        XCTAssertEqual(FirthMigrations.files.map(\.name), onDisk)
        for file in FirthMigrations.files {
            let text = try String(contentsOf: folder.appendingPathComponent(file.name + ".sql"), encoding: .utf8)
            XCTAssertEqual(file.sql, text, "\(file.name) differs from its embedded copy")
        }
    }

    func testMigrationNamesAreNumberedVerbObject() {
        for (i, file) in FirthMigrations.files.enumerated() {
            XCTAssertTrue(file.name.hasPrefix(String(format: "%04d_", i + 1)), "\(file.name) should be numbered \(i + 1)")
            XCTAssertTrue(file.sql.hasPrefix("-- \(file.name):"), "\(file.name) should open with a header naming itself")
        }
    }

    func testOpeningCreatesTheSchema() throws {
        let store = try makeTemporaryStore(self)
        let tables = try store.dbQueue.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        }
        for table in ["corpus", "documents", "tokens", "words"] { XCTAssertTrue(tables.contains(table), table) }
        let applied = try store.dbQueue.read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") }
        XCTAssertEqual(applied.sorted(), FirthMigrations.files.map(\.name))
    }

    func testReopeningKeepsData() throws {
        let store = try makeStore(self, documents: ["The river bank."])
        let reopened = try CorpusStore(path: store.path, readOnly: true)
        XCTAssertEqual(try reopened.statistics().tokens, 3)
    }

    func testDatabaseFromNewerVersionIsRefusedUntouched() throws {
        var store: CorpusStore? = try makeStore(self, documents: ["water"])
        try store?.dbQueue.write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations(identifier) VALUES ('9999_from_the_future')")
        }
        let path = store!.path
        store = nil   // gives its writer lock back
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try CorpusStore(path: path)) { error in
            XCTAssertEqual(error as? FirthError, .databaseFromNewerVersion(path: path, unknownMigrations: ["9999_from_the_future"]))
            XCTAssertTrue("\(error)".contains("newer version of Firth"))
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), before)
    }

    func testForeignDatabaseIsRefused() throws {
        let folder = try makeTemporaryFolder(self)
        let path = folder.appendingPathComponent("other.sqlite").path
        try DatabaseQueue(path: path).write { db in try db.execute(sql: "CREATE TABLE invoices(id INTEGER)") }
        XCTAssertThrowsError(try CorpusStore(path: path)) { error in
            guard case .notAFirthDatabase = error as? FirthError else { return XCTFail("\(error)") }
        }
        let text = folder.appendingPathComponent("notes.txt").path
        try Data("just some text, not SQLite at all".utf8).write(to: URL(fileURLWithPath: text))
        XCTAssertThrowsError(try CorpusStore(path: text)) { error in
            guard case .notAFirthDatabase = error as? FirthError else { return XCTFail("\(error)") }
        }
    }

    /// 0006 rebuilds `embeddings` to admit skip-gram vectors; a database made before it keeps
    /// its embeddings and their vectors (the rebuild must not cascade into embedding_vectors).
    func testEmbeddingsSurviveTheRebuildOf0006() throws {
        let folder = try makeTemporaryFolder(self)
        let path = folder.appendingPathComponent("old.sqlite").path
        let old = try DatabaseQueue(path: path)
        try CorpusStore.migrator.migrate(old, upTo: "0005_create_embeddings")
        try old.write { db in
            try db.execute(sql: """
                INSERT INTO embeddings(embedding_id, name, source, parameters, dimensions, vocabulary_size, seconds)
                VALUES (7, 'old', 'import', '{}', 2, 1, 0.5);
                INSERT INTO embedding_vectors(embedding_id, row_index, word, vector) VALUES (7, 0, 'water', x'0000803f00000000');
                """)
            XCTAssertThrowsError(try db.execute(sql: """
                INSERT INTO embeddings(name, source, parameters, dimensions, vocabulary_size, seconds)
                VALUES ('new', 'sgns', '{}', 2, 1, 0.5)
                """))
        }
        try old.close()
        let store = try CorpusStore(path: path)
        let vectors = try store.wordVectors(named: "old")
        XCTAssertEqual(vectors.words, ["water"])
        XCTAssertEqual(vectors.vectors.row(0), [1, 0])
        XCTAssertEqual(try store.embedding(named: "old").id, 7)
        try store.dbQueue.write { db in
            try db.execute(sql: """
                INSERT INTO embeddings(name, source, parameters, dimensions, vocabulary_size, seconds)
                VALUES ('new', 'sgns', '{}', 2, 1, 0.5)
                """)
            XCTAssertThrowsError(try db.execute(sql: """
                INSERT INTO embeddings(name, source, parameters, dimensions, vocabulary_size, seconds)
                VALUES ('bad', 'guess', '{}', 2, 1, 0.5)
                """))
            XCTAssertNoThrow(try db.checkForeignKeys())
        }
    }

    func testDefaultPath() {
        XCTAssertEqual(CorpusStore.defaultPath(environment: [:]), "firth.sqlite")
        XCTAssertEqual(CorpusStore.defaultPath(environment: ["FIRTH_DB": "/data/c.sqlite"]), "/data/c.sqlite")
    }
}
