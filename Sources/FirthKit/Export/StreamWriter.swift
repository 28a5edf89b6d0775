import Foundation

/// A buffered byte sink for exports: a file, standard output, or memory.
///
/// Exports are written row by row as a cursor reads them, so memory stays flat however many
/// rows there are: bytes collect in a 256 KiB buffer that is written out whenever it fills,
/// never in a growing `String`. It is an `OutputStream` so that CSV.swift's `CSVWriter` (which
/// writes one byte per call) can write through the buffer too.
///
/// A file is written under a temporary name (`FILE.partial`) and renamed to `FILE` by
/// ``commit()``, so an export that fails or is interrupted never leaves a half-written file
/// that looks complete. An existing regular file is refused unless `force` is set; links,
/// devices and folders are resolved first (see ``init(path:force:)``).
///
/// ```swift
/// let out = try StreamWriter(path: "ppmi.csv", force: false)   // "-" is standard output
/// out.write("word,context,ppmi\r\n")
/// try out.commit()
/// ```
///
/// ## Topics
/// ### Opening
/// - ``init(path:force:)``
/// - ``inMemory()``
/// ### Writing
/// - ``write(_:)-(String)``
/// - ``commit()``
/// - ``discard()``
public final class StreamWriter: OutputStream {
    /// Where the bytes go.
    enum Target {
        /// A file descriptor; `renaming` moves a finished temporary file into place.
        case descriptor(Int32, renaming: (from: String, to: String)?, closes: Bool)
        case memory
    }

    /// What the user named: a path, or `-` for standard output.
    public let path: String
    private let target: Target
    private var buffer: [UInt8] = []
    private static let capacity = 256 * 1024
    private var memory: [UInt8] = []
    private var failure: String?
    private var isOpen = true
    /// Bytes written so far, buffered or not.
    public private(set) var byteCount = 0

    /// Opens `path` for writing: `-` is standard output; anything else is created through a
    /// temporary file that ``commit()`` renames.
    ///
    /// What `path` names is resolved first, so that writing never destroys what it did not mean to:
    /// - a symbolic link is written through: the file it points to is replaced (with `force`),
    ///   the link stays; a dangling link or a loop is refused;
    /// - a character device or a pipe (`/dev/null`, `/dev/stdout`, a FIFO) is written in place and
    ///   needs no `force`: nothing is overwritten, and the device is never replaced by a file;
    /// - a folder, a block device (a disk) or a socket is refused.
    ///
    /// - Parameter force: replace an existing regular file.
    /// - Throws: ``FirthError/outputExists(path:)`` when `path` is an existing file and `force`
    ///   is false; ``FirthError/badInput(location:reason:)`` when it cannot or may not be written.
    public init(path: String, force: Bool) throws {
        self.path = path
        if path == "-" {
            target = .descriptor(STDOUT_FILENO, renaming: nil, closes: false)
        } else if let file = try Self.resolveTarget(path, force: force) {
            // The temporary file is made fresh (O_EXCL) and never through a link, so a stale
            // `.partial` that is a link cannot send the bytes somewhere else.
            let written = file + ".partial"
            unlink(written)
            let fd = openForWriting(written, exclusive: true)
            guard fd >= 0 else {
                throw FirthError.badInput(location: path, reason: "cannot be written (\(String(cString: strerror(errno))))")
            }
            target = .descriptor(fd, renaming: (written, file), closes: true)
        } else {
            let fd = openForWriting(path, exclusive: false)
            guard fd >= 0 else {
                throw FirthError.badInput(location: path, reason: "cannot be written (\(String(cString: strerror(errno))))")
            }
            target = .descriptor(fd, renaming: nil, closes: true)
        }
        buffer.reserveCapacity(Self.capacity)
        super.init(toMemory: ())
    }

    /// Throws when `path` may not be written: an existing regular file without `force`, a folder,
    /// a block device, a socket, a dangling link.
    ///
    /// - Returns: whether `path` is (or will be) a regular file, which is written under a
    ///   temporary name; a device or pipe is written in place.
    public static func checkTarget(_ path: String, force: Bool) throws -> Bool {
        try resolveTarget(path, force: force) != nil
    }

    /// The regular file that writing `path` replaces or creates (a link resolved to the file it
    /// points to), or nil for a character device or pipe, written in place.
    static func resolveTarget(_ path: String, force: Bool) throws -> String? {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT { return path }
            throw FirthError.badInput(location: path, reason: "cannot be checked (\(String(cString: strerror(errno))))")
        }
        var file = path
        if info.st_mode & S_IFMT == S_IFLNK {
            let destination = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?"
            guard stat(path, &info) == 0 else {
                let reason = errno == ELOOP ? "is a symbolic link in a loop" : "is a symbolic link to '\(destination)', which does not exist"
                throw FirthError.badInput(location: path, reason: reason + "; give the path of a file to write")
            }
            guard let resolved = realpath(path, nil) else {
                throw FirthError.badInput(location: path, reason: "cannot be resolved (\(String(cString: strerror(errno))))")
            }
            file = String(cString: resolved)
            free(resolved)
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            if !force { throw FirthError.outputExists(path: path) }
            return file
        case S_IFCHR, S_IFIFO:
            return nil
        case S_IFDIR:
            throw FirthError.invalidParameters("\(path): is a folder; give a file name to \(parameter: "out")")
        case S_IFBLK:
            throw FirthError.badInput(location: path, reason: "is a block device (a disk); refusing to write to it")
        default:
            throw FirthError.badInput(location: path, reason: "is not a regular file (a socket?); refusing to write to it")
        }
    }

    private init(memory: ()) {
        path = "(memory)"
        target = .memory
        super.init(toMemory: ())
    }

    /// A writer that keeps the bytes in memory (tests, small tables); read them with ``data``.
    public static func inMemory() -> StreamWriter { StreamWriter(memory: ()) }

    required init(toMemory: ()) {
        fatalError("use StreamWriter(path:force:) or StreamWriter.inMemory()")
    }

    /// Everything written, for a writer made by ``inMemory()``.
    public var data: Data {
        flushBuffer()
        return Data(memory)
    }

    // MARK: - Writing

    /// Appends the UTF-8 bytes of `text`.
    public func write(_ text: String) {
        var text = text
        text.withUTF8 { append($0) }
    }

    /// Appends raw bytes.
    public func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        byteCount += bytes.count
        if buffer.count + bytes.count > Self.capacity { flushBuffer() }
        if bytes.count >= Self.capacity {
            emit(bytes)
        } else {
            buffer.append(contentsOf: bytes)
        }
    }

    /// Appends one byte: the hot path of CSVWriter, which writes byte by byte.
    @inline(__always)
    public func append(_ byte: UInt8) {
        byteCount += 1
        if buffer.count == Self.capacity { flushBuffer() }
        buffer.append(byte)
    }

    /// Writes the buffer out and closes the file, moving it into place under its final name.
    ///
    /// - Throws: ``FirthError/badInput(location:reason:)`` when a write failed (disk full, …);
    ///   the temporary file is removed then.
    public func commit() throws {
        flushBuffer()
        isOpen = false
        guard case let .descriptor(fd, renaming, closes) = target else { return }
        if closes, closeDescriptor(fd) != 0, failure == nil { failure = String(cString: strerror(errno)) }
        if let failure {
            if let renaming { unlink(renaming.from) }
            throw FirthError.badInput(location: path, reason: "could not be written: \(failure)")
        }
        if let renaming, rename(renaming.from, renaming.to) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(renaming.from)
            throw FirthError.badInput(location: path, reason: "could not be moved into place: \(reason)")
        }
    }

    /// Abandons the export: closes and removes the temporary file (standard output keeps what it got).
    public func discard() {
        guard isOpen else { return }
        isOpen = false
        guard case let .descriptor(fd, renaming, closes) = target else { return }
        if closes { _ = closeDescriptor(fd) }
        if let renaming { unlink(renaming.from) }
    }

    deinit { discard() }

    private func flushBuffer() {
        guard !buffer.isEmpty else { return }
        buffer.withUnsafeBufferPointer { emit($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    private func emit(_ bytes: UnsafeBufferPointer<UInt8>) {
        switch target {
        case .memory:
            memory.append(contentsOf: bytes)
        case let .descriptor(fd, _, _):
            guard failure == nil, var base = bytes.baseAddress else { return }
            var remaining = bytes.count
            while remaining > 0 {
                let n = writeDescriptor(fd, base, remaining)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = String(cString: strerror(errno))
                    return
                }
                base += n
                remaining -= n
            }
        }
    }

    // MARK: - OutputStream, for CSVWriter

    public override func open() {}
    public override func close() {}
    public override var streamStatus: Stream.Status { isOpen ? .open : .closed }
    public override var hasSpaceAvailable: Bool { true }

    public override func write(_ bytes: UnsafePointer<UInt8>, maxLength length: Int) -> Int {
        if length == 1 { append(bytes.pointee) } else { append(UnsafeBufferPointer(start: bytes, count: length)) }
        return length
    }
}

// The POSIX calls, outside the class whose OutputStream methods (open, close, write) shadow them.
private func openForWriting(_ path: String, exclusive: Bool) -> Int32 {
    exclusive ? open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
              : open(path, O_WRONLY | O_CLOEXEC)
}
private func closeDescriptor(_ fd: Int32) -> Int32 { close(fd) }
private func writeDescriptor(_ fd: Int32, _ bytes: UnsafePointer<UInt8>, _ count: Int) -> Int { write(fd, bytes, count) }
