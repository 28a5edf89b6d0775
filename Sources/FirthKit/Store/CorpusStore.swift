import Foundation
import GRDB
import FirthMigrations

/// The SQLite file that holds a corpus and everything derived from it.
///
/// Opening a store applies the schema's migrations (the numbered files of `Migrations/`) in order,
/// so an older database is brought up to date; a database written by a newer Firth is refused
/// before anything is changed. The file is in WAL mode: readers never block the writer, and a
/// crash leaves every committed transaction intact and every uncommitted one absent. A store
/// opened for writing holds the database's ``WriterLock`` (one writer at a time); a read-only
/// store takes none and works on read-only storage.
///
/// ```swift
/// let store = try CorpusStore(path: "firth.sqlite")
/// let stats = try store.statistics()
/// print(stats.tokens)
/// ```
///
/// ## Topics
/// ### Opening
/// - ``init(path:readOnly:waiting:)``
/// - ``writing(waiting:_:)``
/// - ``defaultPath(environment:)``
/// ### The schema
/// - ``migrator``
public final class CorpusStore: @unchecked Sendable {
    /// The path the store was opened from (`:memory:` for an in-memory store).
    public let path: String
    /// The GRDB connection: the store's own, and the counting SQL's in `Count/`. Not public:
    /// the store is the one door to the database, so other code asks it for typed records (the
    /// package's tests reach it directly to check what was written).
    package let dbQueue: DatabaseQueue

    /// The database file used when `--db` is not given: `$FIRTH_DB`, else `./firth.sqlite`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        environment["FIRTH_DB"].flatMap { $0.isEmpty ? nil : $0 } ?? "firth.sqlite"
    }

    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    ///
    /// A store opened for writing holds the database's ``WriterLock`` until it is deallocated:
    /// one writer at a time, by design. A read-only store takes no lock, never creates or
    /// changes the file, and works on read-only storage.
    ///
    /// - Parameters:
    ///   - path: a file path, or `:memory:` for a throwaway store (tests, demos).
    ///   - readOnly: open without writing; the schema must already be current.
    ///   - waiting: for a writer, what to do when another process is writing: nil fails at
    ///     once with ``FirthError/databaseBusy(path:pid:)``; otherwise it is called with that
    ///     process's id and the store waits for it to finish.
    /// - Throws: ``FirthError/databaseFromNewerVersion(path:unknownMigrations:)`` when the file
    ///   has migrations this build does not know; ``FirthError/notAFirthDatabase(path:reason:)``
    ///   when it is not a SQLite database at all; ``FirthError/olderSchema(path:)`` when opened
    ///   read-only before an upgrade.
    public convenience init(path: String, readOnly: Bool = false, waiting: (@Sendable (WaitingFor) -> Void)? = nil) throws {
        try self.init(path: path, readOnly: readOnly, waiting: waiting, busyPatience: Self.busyPatience)
    }

    /// Opens the store with another patience for SQLite's lock than ``busyPatience`` (tests).
    init(path: String, readOnly: Bool = false, waiting: (@Sendable (WaitingFor) -> Void)? = nil, busyPatience: TimeInterval) throws {
        self.path = path
        self.isReadOnly = readOnly
        var isFolder: ObjCBool = false
        if path != ":memory:" && FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue {
            throw FirthError.badInput(location: path, reason: "is a folder, not a database file; name the database file inside it")
        }
        if readOnly && path != ":memory:" && !FileManager.default.fileExists(atPath: path) {
            throw FirthError.noDatabase(path: path)
        }
        // The lock comes before the first read: nothing a writer reads may change under it.
        var lockWaiting: ((Int32?) -> Void)?
        var notice: (@Sendable () -> Void)?
        if let waiting {
            lockWaiting = { pid in waiting(.firthCommand(pid: pid)) }
            notice = { waiting(.otherProgram) }
        }
        writerLock = readOnly || path == ":memory:" ? nil : try WriterLock(database: path, waiting: lockWaiting)
        busyWaiting = BusyWaiting(patience: waiting == nil ? busyPatience : nil, notice: notice)
        dbQueue = try Self.open(path: path, readOnly: readOnly, busy: busyWaiting)
    }

    /// Seconds a connection waits for another program's lock on the file before it fails.
    static let busyPatience: TimeInterval = 5

    /// How this store's connection waits for SQLite's lock.
    let busyWaiting: BusyWaiting

    private static func open(path: String, readOnly: Bool, busy: BusyWaiting) throws -> DatabaseQueue {
        do {
            let queue = try openQueue(path: path, readOnly: readOnly, immutable: false, busy: busy)
            try migrate(queue, path: path, readOnly: readOnly)
            return queue
        } catch let error as DatabaseError where readOnly && walBlocksReading(path: path, error) {
            throw FirthError.databaseFailure(path: path, reason: "cannot be read here: its last changes are still in \(path)-wal, "
                + "and reading them needs to write beside the database (\(FirthError.whyNotWritable(path))); read it where "
                + "it can be written, or have them merged first by someone who can (`sqlite3 \(path) 'PRAGMA wal_checkpoint(TRUNCATE)'`)")
        } catch let error as DatabaseError where readOnly && mayOpenImmutable(path: path, error) {
            // A WAL database in a folder this user cannot write, or on a read-only disk: SQLite
            // cannot make the shared-memory file a WAL reader needs. With no WAL content left
            // to read, the database file alone is the whole database, and `immutable=1` reads it
            // with neither lock nor -shm file.
            do {
                let queue = try openQueue(path: path, readOnly: true, immutable: true, busy: busy)
                try migrate(queue, path: path, readOnly: true)
                return queue
            } catch let error as DatabaseError {
                throw FirthError.databaseError(error, path: path)
            }
        } catch let error as DatabaseError {
            throw FirthError.databaseError(error, path: path)
        }
    }

    /// Whether the store was opened read-only (no writer lock, no writes).
    public let isReadOnly: Bool
    /// Held for the life of a store opened for writing.
    private let writerLock: WriterLock?

    private static func openQueue(path: String, readOnly: Bool, immutable: Bool, busy: BusyWaiting) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.readonly = readOnly
        configuration.label = "firth"
        configuration.busyMode = .callback(busy.callback)
        configuration.prepareDatabase { db in
            try CorpusStore.setCacheSizes(db)
            // A reader maps up to 2 GB (SQLite's own cap): past the mapped part every page is a
            // pread() and a copy, and a query command such as `predict` reads an n-gram image
            // and a vector table that lie wherever they were last written, often past 256 MB.
            try db.execute(sql: readOnly ? "PRAGMA mmap_size = 2147418112" : "PRAGMA mmap_size = 268435456")
        }
        if path == ":memory:" { return try DatabaseQueue(configuration: configuration) }
        return try DatabaseQueue(path: immutable ? immutableURI(path) : path, configuration: configuration)
    }

    /// `file:PATH?immutable=1`, with the characters a URI gives meaning to escaped.
    static func immutableURI(_ path: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        return "file:" + (path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path) + "?immutable=1"
    }

    /// A read-only open that failed because SQLite cannot make the WAL's shared-memory file
    /// while the WAL holds committed pages.
    private static func walBlocksReading(path: String, _ error: DatabaseError) -> Bool {
        guard path != ":memory:", [.SQLITE_CANTOPEN, .SQLITE_READONLY].contains(error.resultCode) else { return false }
        return walSize(path) > 0
    }

    private static func walSize(_ path: String) -> Int {
        (try? FileManager.default.attributesOfItem(atPath: path + "-wal"))?[.size] as? Int ?? 0
    }

    /// A read-only open that failed because SQLite could not set up its WAL files may be retried
    /// as immutable, but only when no WAL holds committed pages the database file lacks.
    private static func mayOpenImmutable(path: String, _ error: DatabaseError) -> Bool {
        guard path != ":memory:", [.SQLITE_CANTOPEN, .SQLITE_READONLY].contains(error.resultCode) else { return false }
        return walSize(path) == 0
    }

    /// Runs `body` with a store that may write to this database: this one if it is writable,
    /// else a writer opened for the call (holding the ``WriterLock`` for its length).
    ///
    /// Query commands read; when one has to make what it reads first (a default co-occurrence
    /// table or embedding), it becomes a writer for that step only.
    ///
    /// The writer copies what it wrote from the WAL into the database file before it goes
    /// (`checkpointWithoutWaiting()`). SQLite does that when the last connection closes, but
    /// this reader outlives the writer and, being read-only, cannot: the WAL would stay, and
    /// every later reader would look its pages up there. After `predict` had made the default
    /// embedding (28,585 pages left in the WAL), each later `predict` took 216 ms instead of 116 ms
    /// (BENCHMARKS.md), and a read-only copy of the database could not be read at all.
    public func writing<T>(waiting: (@Sendable (WaitingFor) -> Void)? = nil, _ body: (CorpusStore) throws -> T) throws -> T {
        if !isReadOnly { return try body(self) }
        let writer = try CorpusStore(path: path, readOnly: false, waiting: waiting)
        let result = try body(writer)
        try? writer.checkpointWithoutWaiting()   // the data is committed either way
        return result
    }

    /// Copies the WAL into the database file, syncs it and truncates the WAL, without waiting:
    /// when another connection is reading, what it still needs stays in the WAL for a later
    /// checkpoint.
    func checkpointWithoutWaiting() throws {
        try busyWaiting.withoutWaiting {
            _ = try dbQueue.writeWithoutTransaction { db in try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        }
    }

    /// Page caches, in MiB, for the database file and for temporary tables.
    ///
    /// Counting builds temporary tables of millions of rows. They live in temporary files behind
    /// their own page cache (SQLite sizes each schema's cache separately, and the temp schema's
    /// default of 2 MB makes counting spill to disk), so memory stays bounded however large the
    /// corpus: past these sizes SQLite pages to disk instead of growing. The counting
    /// connections ask for a larger temp cache (``CooccurrenceCounter``); every other connection
    /// keeps both modest.
    static func setCacheSizes(_ db: Database, main: Int = 64, temp: Int = 64) throws {
        try db.execute(sql: "PRAGMA main.cache_size = -\(main * 1024); PRAGMA temp.cache_size = -\(temp * 1024)")
    }

    /// With `FIRTH_TRACE_SQL=1` in the environment, every statement is printed to standard error
    /// with its duration: the way to see which SQL a stage runs and where its time goes.
    /// Each line also gives the CPU seconds the connection's thread used since the previous
    /// line (the statement, and whatever the thread did between the two), which says where
    /// the time goes even when other programs share the cores; and when the statement ended,
    /// in seconds since the first statement traced (`@`), which lines up connections that work
    /// at once.
    static func traceIfRequested(_ db: Database) {
        guard ProcessInfo.processInfo.environment["FIRTH_TRACE_SQL"] == "1" else { return }
        let clock = ThreadClock()
        db.trace(options: .profile) { event in
            if case let .profile(statement, duration) = event {
                let sql = statement.sql.replacingOccurrences(of: "\\s+", with: " ", options: .regularExpression)
                FileHandle.standardError.write(Data(String(format: "[%.3f s] [%.3f s CPU] [@%.3f] %@\n", duration, clock.lap(),
                                                           ProcessInfo.processInfo.systemUptime - Self.started,
                                                           String(sql.prefix(160))).utf8))
            }
        }
    }

    /// When the first statement was traced, for the `@` column.
    private static let started = ProcessInfo.processInfo.systemUptime

    /// The CPU time of the calling thread, read lap by lap.
    private final class ThreadClock: @unchecked Sendable {
        private var last = ThreadClock.now()

        static func now() -> Double {
            var time = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
            return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
        }

        func lap() -> Double {
            let now = Self.now()
            defer { last = now }
            return now - last
        }
    }

    /// The schema's migrations, one per `.sql` file of `Migrations/`, identified by file name.
    public static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for file in FirthMigrations.files {
            migrator.registerMigration(file.name) { db in try db.execute(sql: file.sql) }
        }
        return migrator
    }

    private static func migrate(_ dbQueue: DatabaseQueue, path: String, readOnly: Bool) throws {
        let migrator = Self.migrator
        let known = Set(FirthMigrations.files.map(\.name))
        do {
            let applied = try dbQueue.read { db -> [String] in
                guard try db.tableExists("grdb_migrations") else {
                    // A non-empty database without our bookkeeping table is somebody else's file.
                    let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
                    if !tables.isEmpty {
                        throw FirthError.notAFirthDatabase(path: path, reason: "it has tables (\(tables.prefix(3).joined(separator: ", "))) but no Firth schema")
                    }
                    return []
                }
                return try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
            }
            let unknown = applied.filter { !known.contains($0) }.sorted()
            if !unknown.isEmpty {
                throw FirthError.databaseFromNewerVersion(path: path, unknownMigrations: unknown)
            }
            if readOnly {
                if applied.isEmpty { throw FirthError.emptyCorpus(path: path) }
                if applied.count < known.count { throw FirthError.olderSchema(path: path) }
            } else {
                try dbQueue.writeWithoutTransaction { db in
                    try db.execute(sql: "PRAGMA journal_mode = WAL")
                }
                try migrator.migrate(dbQueue)
            }
        }
    }
}
