import Foundation
import GRDB
import XCTest
@testable import FirthKit

/// One writer at a time: a second writer stops at once (or waits, when asked), readers go on.
final class WriterLockTests: XCTestCase {
    func testASecondWriterStopsAtOnceNamingTheFirst() throws {
        let store = try makeStore(self, documents: ["The river bank."])
        XCTAssertThrowsError(try CorpusStore(path: store.path)) { error in
            XCTAssertEqual(error as? FirthError, .databaseBusy(path: store.path, pid: getpid()))
            XCTAssertEqual("\(error)", "another firth command is writing to \(store.path) (pid \(getpid())); "
                           + "try again when it has finished — nothing was changed")
        }
        // Readers need no lock and see what was committed.
        let reader = try CorpusStore(path: store.path, readOnly: true)
        XCTAssertEqual(try reader.statistics().tokens, 3)
        XCTAssertThrowsError(try reader.dbQueue.write { db in try db.execute(sql: "DELETE FROM tokens") })
    }

    func testTheLockGoesWithTheStore() throws {
        let folder = try makeTemporaryFolder(self)
        let path = folder.appendingPathComponent("l.sqlite").path
        var first: CorpusStore? = try CorpusStore(path: path)
        XCTAssertNotNil(first)
        first = nil
        XCTAssertNoThrow(try CorpusStore(path: path))
        XCTAssertEqual(try String(contentsOfFile: WriterLock.lockPath(for: path), encoding: .utf8), "\(getpid())\n")
    }

    /// A waiting writer is told whom it waits for, then gets the lock when that one lets go.
    func testAWaitingWriterIsToldThenServed() throws {
        let folder = try makeTemporaryFolder(self)
        let path = folder.appendingPathComponent("w.sqlite").path
        let first = try WriterLock(database: path)
        var told: [Int32?] = []
        let second = try WriterLock(database: path, waiting: { pid in
            told.append(pid)
            first.release()   // the other writer finishes
        })
        XCTAssertEqual(told, [getpid()])
        XCTAssertThrowsError(try WriterLock(database: path)) { error in
            XCTAssertEqual(error as? FirthError, .databaseBusy(path: path, pid: getpid()))
        }
        second.release()
        XCTAssertNoThrow(try WriterLock(database: path))
    }

    /// A query that has to make something becomes a writer for that step only.
    func testAReaderBecomesAWriterForOneStep() throws {
        let store = try makeStore(self, documents: ["alpha beta"])
        let path = store.path
        let reader = try CorpusStore(path: path, readOnly: true)
        // While the ingesting store is open, the reader cannot become a writer.
        XCTAssertThrowsError(try reader.writing { _ in }) { error in
            XCTAssertEqual(error as? FirthError, .databaseBusy(path: path, pid: getpid()))
        }
        XCTAssertEqual(try store.writing { $0 === store }, true, "a writer writes itself")
    }

    /// What a reader writes as a writer for one step is merged into the database file when the
    /// step ends: the read-only connection, which outlives the writer, could never merge it, and
    /// every later reader would look the pages up in the WAL.
    func testAStepAsAWriterLeavesNothingInTheWAL() throws {
        var store: CorpusStore? = try makeStore(self, documents: ["alpha beta gamma. beta gamma alpha.", "gamma alpha beta."])
        let path = try XCTUnwrap(store?.path)
        store = nil   // closed: its writer lock goes with it
        let reader = try CorpusStore(path: path, readOnly: true)
        XCTAssertEqual(try reader.cooccurrenceTables().count, 0)
        var parameters = CountParameters()
        parameters.minCount = 1
        let table = try reader.writing { writer in try CooccurrenceCounter(store: writer).count(parameters).table }
        let wal = (try? FileManager.default.attributesOfItem(atPath: path + "-wal"))?[.size] as? Int ?? 0
        XCTAssertEqual(wal, 0, "the step's pages are still in the WAL")
        XCTAssertEqual(try reader.cooccurrenceTables().map(\.name), [table.name])
    }

    func testAWriterWhereTheFolderIsMissingSaysSo() throws {
        let folder = try makeTemporaryFolder(self)
        let path = folder.appendingPathComponent("no/such/folder/x.sqlite").path
        XCTAssertThrowsError(try CorpusStore(path: path)) { error in
            XCTAssertEqual("\(error)", "cannot write to \(path): there is no folder \(folder.path)/no/such/folder")
        }
    }

    /// Query commands never create a database.
    func testReadingAMissingDatabaseCreatesNothing() throws {
        let folder = try makeTemporaryFolder(self)
        let path = folder.appendingPathComponent("missing.sqlite").path
        XCTAssertThrowsError(try CorpusStore(path: path, readOnly: true)) { error in
            XCTAssertEqual(error as? FirthError, .noDatabase(path: path))
            XCTAssertEqual("\(error)", "\(path): no such database; create it with `ingest FILE...`")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), [])
        for readOnly in [true, false] {
            XCTAssertThrowsError(try CorpusStore(path: folder.path, readOnly: readOnly)) { error in
                XCTAssertEqual("\(error)", "\(folder.path): is a folder, not a database file; name the database file inside it")
            }
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), [])
    }

    /// A reader never upgrades: an older schema is reported (the CLI then upgrades it as a writer);
    /// an empty file is an empty corpus, not an error of SQLite's.
    func testReadingAnOlderOrEmptyDatabaseChangesNothing() throws {
        let folder = try makeTemporaryFolder(self)
        let path = folder.appendingPathComponent("old.sqlite").path
        try CorpusStore.migrator.migrate(try DatabaseQueue(path: path), upTo: "0005_create_embeddings")
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try CorpusStore(path: path, readOnly: true)) { error in
            XCTAssertEqual(error as? FirthError, .olderSchema(path: path))
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), before)
        let empty = folder.appendingPathComponent("empty.sqlite").path
        FileManager.default.createFile(atPath: empty, contents: nil)
        XCTAssertThrowsError(try CorpusStore(path: empty, readOnly: true)) { error in
            XCTAssertEqual(error as? FirthError, .emptyCorpus(path: empty))
        }
    }

    /// SQLite's error text never reaches the user: a full disk, a read-only file, a lock held by
    /// another program each become one line about the user's file.
    func testSQLiteErrorsAreSaidInTheUsersTerms() throws {
        let path = "/data/c.sqlite"
        func said(_ code: ResultCode, _ message: String = "raw") -> String {
            "\(FirthError.translating(DatabaseError(resultCode: code, message: message, sql: "INSERT INTO tokens ..."), path: path))"
        }
        XCTAssertEqual(said(.SQLITE_FULL), "the disk holding /data/c.sqlite is full; what was stored before is intact — "
                       + "free some space and run the same command again")
        XCTAssertEqual(said(.SQLITE_NOTADB), "/data/c.sqlite is not a Firth database: it is damaged or not a SQLite database")
        XCTAssertTrue(said(.SQLITE_BUSY).hasPrefix("/data/c.sqlite: another program (not firth) holds a lock on it"))
        XCTAssertEqual(said(.SQLITE_ERROR, "integer overflow\nmore"),
                       "/data/c.sqlite: unexpected database error (integer overflow); this is a bug in Firth: please report it with the command you ran")
        for code in [ResultCode.SQLITE_FULL, .SQLITE_READONLY, .SQLITE_IOERR, .SQLITE_BUSY, .SQLITE_CANTOPEN, .SQLITE_ERROR] {
            XCTAssertFalse(said(code).contains("INSERT"), "\(code)")
            XCTAssertFalse(said(code).contains("SQLite error"), "\(code)")
            XCTAssertFalse(said(code).contains("\n"), "\(code)")
        }
        let notSQLite = FirthError.invalidOption("x")
        XCTAssertEqual(FirthError.translating(notSQLite, path: path) as? FirthError, notSQLite)
    }
}
