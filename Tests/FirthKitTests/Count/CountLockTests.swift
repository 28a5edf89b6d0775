import Foundation
import GRDB
import XCTest
@testable import FirthKit

/// The connections that count pairs in parallel wait for another program's lock as the store's
/// own connection does: saying whom they wait for, never silently.
final class CountLockTests: XCTestCase {
    final class Notices: @unchecked Sendable {
        private let lock = NSLock()
        private var list: [WaitingFor] = []
        func append(_ whom: WaitingFor) { lock.lock(); list.append(whom); lock.unlock() }
        var all: [WaitingFor] { lock.lock(); defer { lock.unlock() }; return list }
    }

    /// Another program (a second connection in a write transaction) takes SQLite's lock after
    /// the table is recorded, before the partitions write their pairs; with waiting chosen, they
    /// say once that they wait for another program, and count once it lets go.
    func testPartitionsSayWhomTheyWaitFor() throws {
        let folder = try makeTemporaryFolder(self)
        let path = folder.appendingPathComponent("c.sqlite").path
        let holder = try DatabaseQueue(path: path)
        let notices = Notices()
        let locked = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0), released = DispatchSemaphore(value: 0)
        let store = try CorpusStore(path: path, waiting: { whom in
            notices.append(whom)
            release.signal()   // the other program lets go once the wait has been announced
        })
        let texts = try makeFolder(self, ["a.txt": "a b c a", "b.txt": "b c"])
        XCTAssertEqual(try Ingester(store: store).ingest(paths: [texts.path]).documentsAdded, 2)
        let counter = CooccurrenceCounter(store: store)
        counter.partitions = 2
        counter.willCountPairs = {
            DispatchQueue.global().async {
                try? holder.inTransaction(.immediate) { _ in
                    locked.signal()
                    // Without the announcement, let go after a while, so the test fails rather than hangs.
                    _ = release.wait(timeout: .now() + 15)
                    return .commit
                }
                released.signal()
            }
            locked.wait()
        }
        var parameters = CountParameters()
        parameters.minCount = 1
        parameters.weighting = .uniform
        parameters.window = 2
        let table = try counter.count(parameters).table
        released.wait()
        XCTAssertEqual(notices.all, [.otherProgram])
        // a b c a | b c, window 2, both directions: (a,b) (a,c) (b,c) (b,a) (c,a) and (b,c).
        XCTAssertEqual(table.total, 12)
        XCTAssertEqual(table.nonzeroCount, 6)
    }
}
