import Foundation
import GRDB
import XCTest
@testable import FirthKit

/// A count that fails while another program holds SQLite's write lock: its unfinished table is
/// cleaned up once the lock is let go, and a table that could not be cleaned up is never read
/// as counted (a later count counts again, embed makes its vectors from a complete table).
final class CountCleanupTests: XCTestCase {
    struct SimulatedFailure: Error {}

    /// Another connection holding a write transaction, as a sqlite3 shell in `BEGIN IMMEDIATE`.
    final class LockHolder: @unchecked Sendable {
        let queue: DatabaseQueue
        private let locked = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0), released = DispatchSemaphore(value: 0)

        init(path: String) throws { queue = try DatabaseQueue(path: path) }

        /// Takes the lock on another thread and returns once it is held; it is let go on
        /// ``letGo()`` (or after `timeout` seconds, so a test fails rather than hangs).
        func take(timeout: Double = 20) {
            DispatchQueue.global().async { [self] in
                try? queue.inTransaction(.immediate) { _ in
                    locked.signal()
                    _ = release.wait(timeout: .now() + timeout)
                    return .commit
                }
                released.signal()
            }
            locked.wait()
        }

        func letGo() { release.signal() }
        func waitUntilLetGo() { released.wait() }
    }

    static let texts = ["a.txt": "a b c a", "b.txt": "b c"]

    func makeCorpus(_ path: String, texts: [String: String] = texts, busyPatience: TimeInterval = CorpusStore.busyPatience,
                    waiting: (@Sendable (WaitingFor) -> Void)? = nil) throws -> CorpusStore {
        let store = try CorpusStore(path: path, waiting: waiting, busyPatience: busyPatience)
        XCTAssertEqual(try Ingester(store: store).ingest(paths: [try makeFolder(self, texts).path]).documentsAdded, texts.count)
        return store
    }

    var parameters: CountParameters {
        var parameters = CountParameters()
        parameters.minCount = 1
        parameters.weighting = .uniform
        parameters.window = 2
        return parameters
    }

    /// Every row of `cooccurrence_tables`, complete or not: what a query must never see half of.
    func storedTables(_ store: CorpusStore) throws -> [String] {
        try store.dbQueue.read { db in
            try Row.fetchAll(db, sql: "SELECT name, status FROM cooccurrence_tables ORDER BY table_id").map { "\($0[0] as String) \($0[1] as String)" }
        }
    }

    /// The count fails (here: a simulated failure) while another program holds the lock; the
    /// cleanup waits for it, as the store's writes do, and removes the unfinished table.
    func testTheCleanupWaitsForTheLockAndRemovesTheUnfinishedTable() throws {
        let path = try makeTemporaryFolder(self).appendingPathComponent("c.sqlite").path
        let holder = try LockHolder(path: path)
        let waits = CountLockTests.Notices()
        let store = try makeCorpus(path, waiting: { whom in
            waits.append(whom)
            holder.letGo()   // the other program lets go once the wait has been announced
        })
        let counter = CooccurrenceCounter(store: store)
        counter.willCountPairs = {
            holder.take()
            throw SimulatedFailure()
        }
        XCTAssertThrowsError(try counter.count(parameters)) { XCTAssertTrue($0 is SimulatedFailure, "\($0)") }
        holder.waitUntilLetGo()
        XCTAssertEqual(waits.all, [.otherProgram])
        XCTAssertEqual(try storedTables(store), [])
        // The count runs again, complete: a b c a | b c, window 2, both directions.
        counter.willCountPairs = nil
        let table = try counter.count(parameters).table
        XCTAssertEqual(table.total, 12)
        XCTAssertEqual(table.nonzeroCount, 6)
    }

    /// The lock is held for longer than the cleanup waits: the unfinished table stays, marked
    /// 'counting', and nothing reads it as a table; embed, making what is missing, counts a
    /// complete table rather than use it, and a later count reuses that one.
    func testAnUnfinishedTableLeftBehindIsNeverUsed() throws {
        let texts = ["a.txt": String(repeating: "river water bank flows past the old mill ", count: 6),
                     "b.txt": String(repeating: "money loan bank pays the old debt ", count: 6)]
        let path = try makeTemporaryFolder(self).appendingPathComponent("c.sqlite").path
        let holder = try LockHolder(path: path)
        let store = try makeCorpus(path, texts: texts, busyPatience: 0.2)
        let counter = CooccurrenceCounter(store: store)
        counter.partitions = 1
        counter.willCountPairs = {
            holder.take()
            throw SimulatedFailure()
        }
        let defaults = CountParameters()
        XCTAssertThrowsError(try counter.count(defaults)) { XCTAssertTrue($0 is SimulatedFailure, "\($0)") }
        holder.letGo()
        holder.waitUntilLetGo()
        XCTAssertEqual(try storedTables(store), ["\(defaults.name) counting"])
        // Half-counted cells, as a partition that committed before another failed leaves them.
        try store.dbQueue.write { db in
            try db.execute(sql: """
                INSERT INTO cooccurrence_pairs(table_id, word_id, context_id, count)
                SELECT table_id, 1, 2, 99 FROM cooccurrence_tables WHERE status = 'counting'
                """)
        }
        XCTAssertEqual(try store.cooccurrenceTables().map(\.name), [])
        XCTAssertThrowsError(try store.cooccurrenceTable(named: defaults.name))

        var svd = EmbeddingParameters()
        svd.dimensions = 2
        svd.oversampling = 2
        svd.removeTopComponents = 0
        let made = try store.ensure(EmbeddingRequest(pipeline: EmbeddingPipeline(method: .svd, svd: svd)))
        let table = try store.cooccurrenceTable(named: defaults.name)
        XCTAssertEqual(made.value.tableID, table.id)
        XCTAssertEqual(try storedTables(store), ["\(defaults.name) complete"])
        // The table is the whole count, as a fresh store counts it, without the stray cell.
        let reference = try makeCorpus(try makeTemporaryFolder(self).appendingPathComponent("r.sqlite").path, texts: texts)
        let expected = try CooccurrenceCounter(store: reference).count(defaults).table
        XCTAssertEqual(table.total, expected.total)
        XCTAssertEqual(table.nonzeroCount, expected.nonzeroCount)
        XCTAssertEqual(table.vocabularySize, expected.vocabularySize)
        let stray = try store.dbQueue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM cooccurrence_pairs WHERE count = 99") }
        XCTAssertEqual(stray, 0)

        // And a later count with the same parameters reuses that complete table.
        XCTAssertTrue(try CooccurrenceCounter(store: store).count(defaults).reused)
    }
}
