import Foundation
import GRDB
import FirthMigrations

/// The SQLite file that holds a corpus and everything derived from it.
///
/// Opening a store applies the schema's migrations (the numbered files of `Migrations/`) in order,
/// so an older database is brought up to date; a database written by a newer Firth is refused
/// before anything is changed. The file is in WAL mode: readers never block the writer, and a
/// crash leaves every committed transaction intact and every uncommitted one absent.
///
/// ```swift
/// let store = try CorpusStore(path: "firth.sqlite")
/// let stats = try store.statistics()
/// print(stats.tokenCount)
/// ```
///
/// ## Topics
/// ### Opening
/// - ``init(path:readOnly:)``
/// - ``defaultPath(environment:)``
/// ### The schema
/// - ``migrator``
public final class CorpusStore: @unchecked Sendable {
    /// The path the store was opened from (`:memory:` for an in-memory store).
    public let path: String
    /// The GRDB connection. Stages run their SQL through it.
    public let dbQueue: DatabaseQueue

    /// The database file used when `--db` is not given: `$FIRTH_DB`, else `./firth.sqlite`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        environment["FIRTH_DB"].flatMap { $0.isEmpty ? nil : $0 } ?? "firth.sqlite"
    }

    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    ///
    /// - Parameters:
    ///   - path: a file path, or `:memory:` for a throwaway store (tests, demos).
    ///   - readOnly: open without writing; the schema must already be current.
    /// - Throws: ``FirthError/databaseFromNewerVersion(path:unknownMigrations:)`` when the file
    ///   has migrations this build does not know; ``FirthError/notAFirthDatabase(path:reason:)``
    ///   when it is not a SQLite database at all.
    public init(path: String, readOnly: Bool = false) throws {
        self.path = path
        var configuration = Configuration()
        configuration.readonly = readOnly
        configuration.label = "firth"
        // Counting writes from two connections at once; each waits its turn for the write lock.
        configuration.busyMode = .timeout(600)
        configuration.prepareDatabase { db in
            try CorpusStore.setCacheSizes(db)
            try db.execute(sql: "PRAGMA mmap_size = 268435456")
        }
        if readOnly && path != ":memory:" && !FileManager.default.fileExists(atPath: path) {
            throw FirthError.badInput(location: path, reason: "no such database; create it with `firth ingest FILE... --db \(path)`")
        }
        do {
            dbQueue = path == ":memory:" ? try DatabaseQueue(configuration: configuration)
                                         : try DatabaseQueue(path: path, configuration: configuration)
        } catch let error as DatabaseError {
            throw FirthError.notAFirthDatabase(path: path, reason: error.message ?? "\(error)")
        }
        try migrate(readOnly: readOnly)
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
    static func traceIfRequested(_ db: Database) {
        guard ProcessInfo.processInfo.environment["FIRTH_TRACE_SQL"] == "1" else { return }
        db.trace(options: .profile) { event in
            if case let .profile(statement, duration) = event {
                let sql = statement.sql.replacingOccurrences(of: "\\s+", with: " ", options: .regularExpression)
                FileHandle.standardError.write(Data(String(format: "[%.3f s] %@\n", duration, String(sql.prefix(160))).utf8))
            }
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

    private func migrate(readOnly: Bool) throws {
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
                if applied.count < known.count {
                    throw FirthError.notAFirthDatabase(path: path, reason: "its schema is older than this version; open it once without read-only to upgrade it")
                }
            } else {
                try dbQueue.writeWithoutTransaction { db in
                    try db.execute(sql: "PRAGMA journal_mode = WAL")
                }
                try migrator.migrate(dbQueue)
            }
        } catch let error as DatabaseError {
            throw FirthError.notAFirthDatabase(path: path, reason: error.message ?? "\(error)")
        }
    }
}
