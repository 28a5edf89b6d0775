import Foundation
import GRDB

/// Whom a writer waits for, when it was asked to wait.
public enum WaitingFor: Sendable, Equatable {
    /// Another firth command holds the database's ``WriterLock`` (its pid, if known).
    case firthCommand(pid: Int32?)
    /// Another program holds SQLite's own lock on the file (a sqlite3 shell in a transaction).
    case otherProgram
}

/// How a connection waits when SQLite finds the file locked by another connection.
///
/// Firth's writers exclude each other with the ``WriterLock``, so SQLite's lock is only ever
/// held long by another program. A connection waits a few seconds for it (SQLite's locks are
/// normally held for milliseconds), then fails with SQLITE_BUSY, which the user sees as "another
/// program holds a lock on it". A writer told to wait waits as long as it takes, and says so
/// once. A step that must not wait at all (the checkpoint at the end of an ingest, which would
/// otherwise wait for every reader) suspends waiting.
final class BusyWaiting: @unchecked Sendable {
    // @unchecked: the mutable state is guarded by `lock`.
    private let lock = NSLock()
    private let patience: TimeInterval?
    private let notice: (@Sendable () -> Void)?
    private var episodeStart = Date()
    private var told = false
    private var suspended = 0

    /// - Parameters:
    ///   - patience: seconds to wait before failing; nil waits as long as it takes.
    ///   - notice: called once, after a second of waiting.
    init(patience: TimeInterval?, notice: (@Sendable () -> Void)? = nil) {
        self.patience = patience
        self.notice = notice
    }

    /// GRDB's busy callback: sleeps a little and says whether to try again.
    var callback: Database.BusyCallback {
        { [self] tries in shouldRetry(tries: tries) }
    }

    private func shouldRetry(tries: Int) -> Bool {
        lock.lock()
        if tries == 0 { episodeStart = Date() }
        let elapsed = Date().timeIntervalSince(episodeStart)
        let give = suspended > 0 || patience.map { elapsed >= $0 } ?? false
        let tell = !give && !told && elapsed >= 1 && notice != nil
        if tell { told = true }
        lock.unlock()
        if give { return false }
        if tell { notice?() }
        usleep(tries < 10 ? 1_000 : 20_000)
        return true
    }

    /// Runs `body` with waiting suspended: a locked file fails at once.
    func withoutWaiting<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock(); suspended += 1; lock.unlock()
        defer { lock.lock(); suspended -= 1; lock.unlock() }
        return try body()
    }
}
