import Foundation
import GRDB

extension FirthError {
    /// The error to show a user for `error`, raised by SQLite while using the database at `path`.
    ///
    /// SQLite's own messages name its internals ("database or disk is full - while executing
    /// `INSERT …`", "unable to open database file"); this says what happened to the user's file
    /// and what to do, in one line. Errors that are not SQLite's are returned as they are.
    public static func translating(_ error: any Error, path: String) -> any Error {
        guard let error = error as? DatabaseError else { return error }
        return databaseError(error, path: path)
    }

    /// ``translating(_:path:)`` for a SQLite error.
    static func databaseError(_ error: DatabaseError, path: String) -> FirthError {
        switch error.resultCode.primaryResultCode {
        case .SQLITE_FULL:
            return .diskFull(path: path)
        case .SQLITE_READONLY:
            return .cannotWrite(path: path, reason: whyNotWritable(path))
        case .SQLITE_CANTOPEN:
            if !FileManager.default.fileExists(atPath: path) {
                let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
                return .cannotWrite(path: path, reason: FileManager.default.fileExists(atPath: folder)
                                    ? "the database cannot be created in \(folder)" : "there is no folder \(folder)")
            }
            return .databaseFailure(path: path, reason: "cannot be opened: \(whyNotWritable(path))")
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            return .notAFirthDatabase(path: path, reason: "it is damaged or not a SQLite database")
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return .databaseFailure(path: path, reason: "another program (not firth) holds a lock on it, "
                                    + "such as a sqlite3 shell in the middle of a transaction; end that and try again")
        case .SQLITE_IOERR:
            return .databaseFailure(path: path, reason: "the disk reported an error while reading or writing it "
                                    + "(SQLite I/O error \(error.extendedResultCode.rawValue)); check the disk and try again")
        case .SQLITE_NOMEM:
            return .databaseFailure(path: path, reason: "SQLite ran out of memory")
        case .SQLITE_TOOBIG:
            return .databaseFailure(path: path, reason: "a value is larger than SQLite can store (1 GB)")
        case .SQLITE_INTERRUPT:
            return .databaseFailure(path: path, reason: "the operation was interrupted; nothing of it was stored")
        default:
            // A constraint or an SQL error is a bug in Firth, not something the user did: say so
            // in one line, keeping SQLite's short message (without the statement) for the report.
            let message = (error.message ?? "SQLite error \(error.resultCode.rawValue)")
                .components(separatedBy: .newlines).first ?? ""
            return .databaseFailure(path: path, reason: "unexpected database error (\(message)); "
                                    + "this is a bug in Firth: please report it with the command you ran")
        }
    }

    /// Why SQLite may not write the database at `path`, in a user's terms.
    static func whyNotWritable(_ path: String) -> String {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var info = statvfs()
        if statvfs(folder, &info) == 0 && info.f_flag & UInt(ST_RDONLY) != 0 {
            return "it is on a read-only disk"
        }
        if access(folder, W_OK) != 0 { return "you cannot write to the folder \(folder)" }
        if FileManager.default.fileExists(atPath: path) && access(path, W_OK) != 0 { return "the file is read-only" }
        return "it is read-only"
    }
}

extension FirthError {
    /// Whether `error` is a failure of the database itself (a full disk, a read-only file, a
    /// lost disk, a lock) rather than of what was being written: every later write would fail
    /// the same way.
    static func isFailureOfDatabase(_ error: any Error) -> Bool {
        guard let error = error as? DatabaseError else { return false }
        switch error.resultCode.primaryResultCode {
        case .SQLITE_FULL, .SQLITE_READONLY, .SQLITE_IOERR, .SQLITE_CANTOPEN, .SQLITE_CORRUPT, .SQLITE_NOTADB,
             .SQLITE_NOMEM, .SQLITE_BUSY, .SQLITE_LOCKED, .SQLITE_PERM:
            return true
        default:
            return false
        }
    }
}
