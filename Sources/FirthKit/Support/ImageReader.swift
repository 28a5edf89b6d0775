import Foundation

/// Reads a binary image (an n-gram model's, an embedding's) array after array, each straight
/// into its own storage, through `read`: SQLite's incremental BLOB read, or a copy out of `Data`.
///
/// ```swift
/// let header = ImageReader.reading(data) { length, read -> [UInt32]? in
///     var reader = ImageReader(length: length)
///     return reader.array(UInt32.self, 4, read)
/// }
/// ```
struct ImageReader {
    /// Fills a buffer with the image's bytes from an offset; false when they cannot be read.
    typealias Read = (UnsafeMutableRawBufferPointer, Int) -> Bool

    let length: Int
    private(set) var offset = 0

    init(length: Int) { self.length = length }

    /// The next `count` values of `type`; nil when the image is too short or cannot be read.
    mutating func array<T>(_ type: T.Type, _ count: Int, _ read: Read) -> [T]? {
        guard count >= 0, count <= (length - offset) / MemoryLayout<T>.stride else { return nil }
        let byteCount = count * MemoryLayout<T>.stride
        var ok = true
        let values = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            if count > 0 {
                let destination = UnsafeMutableRawBufferPointer(start: buffer.baseAddress!, count: byteCount)
                HugePages.advise(destination)
                ok = read(destination, offset)
            }
            initialized = ok ? count : 0
        }
        guard ok else { return nil }
        offset += byteCount
        return values
    }

    /// Moves past `count` values of `type` without reading them: [] (nil when the image is too short).
    mutating func skip<T>(_ type: T.Type, _ count: Int) -> [T]? {
        guard count >= 0, count <= (length - offset) / MemoryLayout<T>.stride else { return nil }
        offset += count * MemoryLayout<T>.stride
        return []
    }

    /// `count` words stored as `UInt32 offsets[count + 1]` (word i is bytes offsets[i] ..<
    /// offsets[i+1]) then their UTF-8 bytes; nil when the offsets do not fit the text.
    mutating func words(_ count: Int, _ read: Read) -> [String]? {
        guard count >= 0, let offsets = array(UInt32.self, count + 1, read), offsets[0] == 0,
              let text = array(UInt8.self, Int(offsets[count]), read) else { return nil }
        var words: [String] = []
        words.reserveCapacity(count)
        for i in 0..<count {
            let start = Int(offsets[i]), end = Int(offsets[i + 1])
            guard start <= end, end <= text.count else { return nil }
            words.append(String(decoding: text[start..<end], as: UTF8.self))
        }
        return words
    }

    /// Parses an image held in memory: `parse` gets its length and a `Read` over its bytes.
    static func reading<T>(_ data: Data, _ parse: (Int, Read) -> T?) -> T? {
        data.withUnsafeBytes { bytes in
            parse(bytes.count) { destination, offset in
                destination.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + destination.count)]))
                return true
            }
        }
    }
}
