import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The lock that lets one Firth writer at a time change a database.
///
/// SQLite's own lock serializes transactions, not commands: an ingest commits one document at a
/// time and a count writes from two connections, so two commands could interleave their
/// transactions and each work from what it read before the other wrote (word ids handed out
/// twice, a count of a corpus that changed under it). Every writer therefore holds this lock for
/// its whole run: an exclusive `flock(2)` on a file beside the database, `<database>-lock`, which
/// holds the pid of the process that has it. The kernel drops the lock when the process exits,
/// however it exits, so a `kill -9`'d writer never leaves the database locked. Readers do not
/// take it: in WAL mode they keep reading the last committed state while a writer works.
///
/// The file is never deleted (deleting a lock file lets two processes lock two different files);
/// it is empty of meaning once no process holds the lock.
public final class WriterLock {
    /// The database the lock guards.
    public let databasePath: String
    private var descriptor: Int32

    /// The lock file of the database at `path`.
    public static func lockPath(for path: String) -> String { path + "-lock" }

    /// Takes the lock on the database at `path`.
    ///
    /// - Parameters:
    ///   - waiting: nil to fail at once when another process holds the lock; otherwise called
    ///     once with that process's pid (nil if it could not be read) before waiting for it.
    /// - Throws: ``FirthError/databaseBusy(path:pid:)`` when the lock is held and `waiting` is
    ///   nil; ``FirthError/cannotWrite(path:reason:)`` when the lock file cannot be made (a
    ///   read-only folder or disk, a missing folder).
    public init(database path: String, waiting: ((Int32?) -> Void)? = nil) throws {
        databasePath = path
        let lockPath = Self.lockPath(for: path)
        // O_CLOEXEC: a child process (a browser, a shell) must not inherit the lock.
        var fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        let openError = errno
        if fd < 0 && openError == EACCES {
            // Somebody else's lock file: flock needs no write permission, only the pid goes unwritten.
            fd = open(lockPath, O_RDONLY | O_CLOEXEC)
        }
        guard fd >= 0 else { throw FirthError.cannotWrite(path: path, reason: Self.explain(openError, folderOf: path)) }
        descriptor = fd
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK else {
                let reason = String(cString: strerror(errno))
                close(fd)
                throw FirthError.cannotWrite(path: path, reason: "its lock file \(lockPath) cannot be locked (\(reason))")
            }
            let holder = Self.holder(fd)
            guard let waiting else {
                close(fd)
                throw FirthError.databaseBusy(path: path, pid: holder)
            }
            waiting(holder)
            while flock(fd, LOCK_EX) != 0 {
                guard errno == EINTR else {
                    let reason = String(cString: strerror(errno))
                    close(fd)
                    throw FirthError.cannotWrite(path: path, reason: "its lock file \(lockPath) cannot be locked (\(reason))")
                }
            }
        }
        // Ours now: say who holds it, for the next process that finds it locked.
        let pid = Data("\(getpid())\n".utf8)
        if ftruncate(fd, 0) == 0 {
            _ = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        }
    }

    deinit { release() }

    /// Gives the lock up (also done when the lock is deallocated or the process ends).
    public func release() {
        guard descriptor >= 0 else { return }
        close(descriptor)   // closing the only descriptor of the open file drops the flock
        descriptor = -1
    }

    /// The pid written in the lock file by the process holding it. It writes it just after
    /// locking, so an empty file is read again a few times.
    private static func holder(_ fd: Int32) -> Int32? {
        for attempt in 0..<20 {
            var buffer = [UInt8](repeating: 0, count: 32)
            let n = pread(fd, &buffer, buffer.count, 0)
            if n > 0, let pid = Int32(String(decoding: buffer[..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) {
                return pid
            }
            if attempt < 19 { usleep(5_000) }
        }
        return nil
    }

    /// Why a file next to the database cannot be created, in a user's terms.
    static func explain(_ code: Int32, folderOf path: String) -> String {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        switch code {
        case EROFS: return "it is on a read-only disk"
        case EACCES, EPERM: return "you cannot write to the folder \(folder)"
        case ENOENT: return "there is no folder \(folder)"
        case ENOSPC: return "the disk is full"
        default: return String(cString: strerror(code))
        }
    }
}
