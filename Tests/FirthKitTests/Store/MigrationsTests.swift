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
        let reopened = try CorpusStore(path: store.path)
        XCTAssertEqual(try reopened.statistics().tokens, 3)
    }

    func testDatabaseFromNewerVersionIsRefusedUntouched() throws {
        let store = try makeStore(self, documents: ["water"])
        try store.dbQueue.write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations(identifier) VALUES ('9999_from_the_future')")
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: store.path))
        XCTAssertThrowsError(try CorpusStore(path: store.path)) { error in
            XCTAssertEqual(error as? FirthError, .databaseFromNewerVersion(path: store.path, unknownMigrations: ["9999_from_the_future"]))
            XCTAssertTrue("\(error)".contains("newer version of Firth"))
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: store.path)), before)
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

    func testDefaultPath() {
        XCTAssertEqual(CorpusStore.defaultPath(environment: [:]), "firth.sqlite")
        XCTAssertEqual(CorpusStore.defaultPath(environment: ["FIRTH_DB": "/data/c.sqlite"]), "/data/c.sqlite")
    }
}
