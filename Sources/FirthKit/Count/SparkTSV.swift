import Foundation

/// Writes rows of integers as tab-separated lines through a 1 MiB buffer: the staged tokens,
/// tens of millions of lines, without building a String per line.
struct TSVWriter {
    private let handle: FileHandle
    private let path: String
    private var buffer: [UInt8] = []
    private static let flushSize = 1 << 20

    init(_ url: URL) throws {
        path = url.path
        guard FileManager.default.createFile(atPath: url.path, contents: nil),
              let handle = FileHandle(forWritingAtPath: url.path) else {
            throw FirthError.cannotWrite(path: url.path, reason: "cannot create the file")
        }
        self.handle = handle
        buffer.reserveCapacity(Self.flushSize + 64)
    }

    mutating func row(_ values: Int64...) throws {
        for (i, value) in values.enumerated() {
            if i > 0 { buffer.append(9) }
            append(value)
        }
        buffer.append(10)
        if buffer.count >= Self.flushSize { try flush() }
    }

    private mutating func append(_ value: Int64) {
        if value < 0 { buffer.append(45) }
        var magnitude = value.magnitude
        let start = buffer.count
        repeat {
            buffer.append(UInt8(48 + magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        buffer[start...].reverse()   // the digits came least significant first
    }

    private mutating func flush() throws {
        do {
            try handle.write(contentsOf: buffer)
        } catch {
            throw FirthError.cannotWrite(path: path, reason: error.localizedDescription)
        }
        buffer.removeAll(keepingCapacity: true)
    }

    mutating func close() throws {
        try flush()
        try handle.close()
    }
}

/// Reads a tab-separated file line by line in 1 MiB chunks, so memory does not grow with it.
enum TSVReader {
    /// Calls `body` with the fields of every non-empty line and its 1-based number.
    static func forEachRow(_ url: URL, columns: Int, _ body: ([Substring], Int) throws -> Void) throws {
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            throw FirthError.badInput(location: url.path, reason: "cannot read the file")
        }
        defer { try? handle.close() }
        var pending: [UInt8] = []
        var line = 0
        func emit(_ bytes: ArraySlice<UInt8>) throws {
            line += 1
            guard !bytes.isEmpty else { return }
            let text = String(decoding: bytes, as: UTF8.self)
            let fields = text.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == columns else {
                throw FirthError.badInput(location: "\(url.path):\(line)", reason: "expected \(columns) tab-separated fields, found \(fields.count)")
            }
            try body(fields, line)
        }
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            pending.append(contentsOf: chunk)
            var start = pending.startIndex
            while let end = pending[start...].firstIndex(of: 10) {
                try emit(pending[start..<end])
                start = end + 1
            }
            pending.removeSubrange(pending.startIndex..<start)
        }
        if !pending.isEmpty { try emit(pending[...]) }
    }
}
