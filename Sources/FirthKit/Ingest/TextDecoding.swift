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
    }

    public enum Failure: Error, Equatable {
        /// The data has NUL bytes: it is binary, not text.
        case binary(offset: Int)
    }

    public static func decode(_ data: Data) throws(Failure) -> Decoded {
        if let nul = data.firstIndex(of: 0) { throw .binary(offset: nul - data.startIndex) }
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        let text: String
        let encoding: Encoding
        if let utf8 = String(validating: bytes, as: UTF8.self) {
            (text, encoding) = (utf8, .utf8)
        } else if let big5 = decodeBig5Punctuation(bytes) {
            (text, encoding) = (big5, .big5Punctuation)
        } else {
            (text, encoding) = (decodeWindows1252(bytes), .windows1252)
        }
        return Decoded(text: normalizeLineEnds(text), encoding: encoding)
    }

    /// CRLF and lone CR become LF, so line numbers and blank-line sentence breaks agree everywhere.
    public static func normalizeLineEnds(_ text: String) -> String {
        guard text.utf8.contains(13) else { return text }
        return text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }

    // MARK: - Legacy encodings

    /// Big5 (code page 950) punctuation that ASCII text picks up when it passes through it.
    private static let big5Punctuation: [UInt8: Unicode.Scalar] = [
        0x40: "\u{3000}", 0x41: ",", 0x43: ".", 0x4B: "\u{2026}", 0x58: "\u{2014}",
        0xA5: "\u{2018}", 0xA6: "\u{2019}", 0xA7: "\u{201C}", 0xA8: "\u{201D}",
    ]

    private static func decodeBig5Punctuation(_ bytes: [UInt8]) -> String? {
        var scalars = String.UnicodeScalarView()
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if byte < 0x80 {
                scalars.append(Unicode.Scalar(byte)); i += 1
            } else if byte == 0xA1, i + 1 < bytes.count, let mapped = big5Punctuation[bytes[i + 1]] {
                scalars.append(mapped == "\u{3000}" ? " " : mapped); i += 2
            } else {
                return nil
            }
        }
        return String(scalars)
    }

    /// Windows-1252: Latin-1, except that 0x80–0x9F hold punctuation and a few letters.
    ///
    /// Hand-written because Foundation on Linux rejects a whole file when it meets one of the
    /// five bytes 1252 leaves undefined; those are kept as their Latin-1 control characters.
    private static let windows1252High: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]

    static func decodeWindows1252(_ bytes: [UInt8]) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.reserveCapacity(bytes.count)
        for byte in bytes {
            let value = (0x80...0x9F).contains(byte) ? windows1252High[Int(byte) - 0x80] : UInt32(byte)
            scalars.append(Unicode.Scalar(value)!)
        }
        return String(scalars)
    }
}
