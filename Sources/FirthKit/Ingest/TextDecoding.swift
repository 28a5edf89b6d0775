import Foundation

/// Turns the bytes of a file into normalized text: UTF-8, `\n` line ends, no byte-order mark.
///
/// Real collections are not all UTF-8. A file that is not valid UTF-8 is decoded as a legacy
/// encoding and the caller is told which, so it can warn the user by name:
/// - bytes that are all ASCII except pairs `A1 xx` from Big5's punctuation block are text once
///   passed through a Big5 code page (curly quotes and dashes stored as `A1 A6`, `A1 58`, …);
///   those pairs become the punctuation they stood for;
/// - anything else is read as Windows-1252, the superset of ISO-8859-1 that such files nearly
///   always are in practice ("C\u{E6}sar" stays one word).
///
/// ```swift
/// let decoded = try TextDecoding.decode(Data([0x43, 0xE6, 0x73, 0x61, 0x72]))
/// decoded.text       // "Cæsar"
/// decoded.encoding   // .windows1252
/// ```
public enum TextDecoding {
    public enum Encoding: String, Sendable {
        case utf8 = "utf-8"
        case big5Punctuation = "big5-punctuation"
        case windows1252 = "windows-1252"
    }

    public struct Decoded: Sendable {
        public var text: String
        public var encoding: Encoding

        /// What the user should be told about how `source` was decoded, if anything.
        func warning(source: String) -> String? {
            switch encoding {
            case .utf8: return nil
            case .big5Punctuation:
                return "\(source): not valid UTF-8; its curly quotes and dashes were Big5 byte pairs (A1 A6 ...), decoded as the punctuation they stand for"
            case .windows1252:
                return "\(source): not valid UTF-8; decoded as Windows-1252 (ISO-8859-1)"
            }
        }
    }

    public enum Failure: Error, Equatable {
        /// The data has NUL bytes: it is binary, not text.
        case binary(offset: Int)

        /// The one-line message naming `source` and the reason.
        func message(source: String) -> String {
            switch self {
            case .binary(let offset): "\(source): skipped, it has a NUL byte at offset \(offset) (binary, not text)"
            }
        }
    }

    public static func decode(_ data: Data) throws(Failure) -> Decoded {
        // Whole-buffer scans through pointers: Data's subscript pays an exclusivity check
        // per byte, which cost more than all the rest of decoding.
        let nul: Int? = data.withUnsafeBytes { raw in
            guard let base = raw.baseAddress, let hit = memchr(base, 0, raw.count) else { return nil }
            return base.distance(to: UnsafeRawPointer(hit))
        }
        if let nul { throw .binary(offset: nul) }
        let (text, encoding) = data.withUnsafeBytes { raw -> (String, Encoding) in
            var bytes = raw.bindMemory(to: UInt8.self)
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = UnsafeBufferPointer(rebasing: bytes[3...]) }
            if let utf8 = String(validating: bytes, as: UTF8.self) {
                return (utf8, .utf8)
            } else if let big5 = decodeBig5Punctuation(bytes) {
                return (big5, .big5Punctuation)
            } else {
                return (decodeWindows1252(bytes), .windows1252)
            }
        }
        return Decoded(text: normalizeLineEnds(text), encoding: encoding)
    }

    /// CRLF and lone CR become LF, so line numbers and blank-line sentence breaks agree everywhere.
    ///
    /// Defined as replacing "\r\n" by "\n", then "\r" by "\n", with Foundation; done in one pass
    /// over the bytes when that gives the same: always, except that Foundation leaves a CR or
    /// CRLF alone when a combining mark follows it ("\r\u{301}" stays), so a text where a
    /// non-ASCII character follows one takes Foundation's path.
    public static func normalizeLineEnds(_ text: String) -> String {
        var text = text
        guard text.withUTF8({ $0.count > 0 && memchr($0.baseAddress!, 13, $0.count) != nil }) else { return text }
        if let normalized = text.withUTF8(replaceLineEndBytes) { return normalized }
        return text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }

    /// CRLF and CR replaced by LF, or nil if a non-ASCII byte follows a CR or CRLF.
    private static func replaceLineEndBytes(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var nonASCIIAfterLineEnd = false
        let normalized = String(unsafeUninitializedCapacity: bytes.count) { out in
            var count = 0
            var i = 0
            while i < bytes.count {
                if bytes[i] == 13 {
                    if i + 1 < bytes.count && bytes[i + 1] == 10 { i += 1 }
                    if i + 1 < bytes.count && bytes[i + 1] >= 0x80 { nonASCIIAfterLineEnd = true; return 0 }
                    out[count] = 10
                } else {
                    out[count] = bytes[i]
                }
                count += 1
                i += 1
            }
            return count
        }
        return nonASCIIAfterLineEnd ? nil : normalized
    }

    // MARK: - Legacy encodings

    /// Big5 (code page 950) punctuation that ASCII text picks up when it passes through it.
    private static let big5Punctuation: [UInt8: Unicode.Scalar] = [
        0x40: "\u{3000}", 0x41: ",", 0x43: ".", 0x4B: "\u{2026}", 0x58: "\u{2014}",
        0xA5: "\u{2018}", 0xA6: "\u{2019}", 0xA7: "\u{201C}", 0xA8: "\u{201D}",
    ]

    private static func decodeBig5Punctuation(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var utf8: [UInt8] = []
        utf8.reserveCapacity(bytes.count + bytes.count / 4)
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if byte < 0x80 {
                utf8.append(byte); i += 1
            } else if byte == 0xA1, i + 1 < bytes.count, let mapped = big5Punctuation[bytes[i + 1]] {
                UTF8.encode(mapped == "\u{3000}" ? " " : mapped) { utf8.append($0) }
                i += 2
            } else {
                return nil
            }
        }
        return String(decoding: utf8, as: UTF8.self)
    }

    /// Windows-1252: Latin-1, except that 0x80–0x9F hold punctuation and a few letters.
    ///
    /// Hand-written because Foundation on Linux rejects a whole file when it meets one of the
    /// five bytes 1252 leaves undefined; those are kept as their Latin-1 control characters.
    private static let windows1252High: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]

    static func decodeWindows1252(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var utf8: [UInt8] = []
        utf8.reserveCapacity(bytes.count + bytes.count / 4)
        for byte in bytes {
            if byte < 0x80 { utf8.append(byte); continue }
            let value = (0x80...0x9F).contains(byte) ? windows1252High[Int(byte) - 0x80] : UInt32(byte)
            UTF8.encode(Unicode.Scalar(value)!) { utf8.append($0) }
        }
        return String(decoding: utf8, as: UTF8.self)
    }

    static func decodeWindows1252(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBufferPointer { decodeWindows1252($0) }
    }
}
