import Foundation

/// Turns the bytes of a file into normalized text: UTF-8, `\n` line ends, no byte-order mark.
///
/// The encoding is decided per file by evidence, in this order:
/// - a byte-order mark names it: UTF-8, UTF-16 (LE/BE) or UTF-32 (LE/BE);
/// - without one, NUL bytes in every other position of the first kilobytes (ASCII text in
///   UTF-16 has them) mean UTF-16; other NUL bytes mean the file is binary, not text;
/// - valid UTF-8 is UTF-8;
/// - UTF-8 with a few bad bytes (at least as many valid multi-byte characters as bad bytes) is
///   still UTF-8: the bad bytes become U+FFFD and the caller is told how many and on which
///   lines. Such a file is never re-decoded as Latin-1, which would turn every "Ü" into "Ãœ";
/// - bytes that are all ASCII except pairs `A1 xx` from Big5's punctuation block are text once
///   passed through a Big5 code page (curly quotes and dashes stored as `A1 A6`, `A1 58`, …);
///   those pairs become the punctuation they stood for;
/// - anything else, with no valid multi-byte UTF-8 character, is read as Windows-1252, the
///   superset of ISO-8859-1 that such files nearly always are in practice ("C\u{E6}sar" stays
///   one word).
///
/// ```swift
/// let decoded = try TextDecoding.decode(Data([0x43, 0xE6, 0x73, 0x61, 0x72]))
/// decoded.text       // "Cæsar"
/// decoded.encoding   // .windows1252
/// ```
public enum TextDecoding {
    public enum Encoding: String, Sendable {
        case utf8 = "utf-8"
        case utf16LE = "utf-16le"
        case utf16BE = "utf-16be"
        case utf32LE = "utf-32le"
        case utf32BE = "utf-32be"
        case big5Punctuation = "big5-punctuation"
        case windows1252 = "windows-1252"
    }

    public struct Decoded: Sendable {
        public var text: String
        public var encoding: Encoding
        /// How many bad byte sequences were replaced with U+FFFD (0 for a clean file).
        public var replacements = 0
        /// The line numbers (1-based) of the first few replacements.
        public var replacementLines: [Int] = []
        /// Whether the file had no byte-order mark and was recognized as UTF-16 by its NUL bytes.
        public var guessedWithoutBOM = false

        public init(text: String, encoding: Encoding, replacements: Int = 0, replacementLines: [Int] = []) {
            self.text = text
            self.encoding = encoding
            self.replacements = replacements
            self.replacementLines = replacementLines
        }

        /// What the user should be told about how `source` was decoded, if anything.
        func warning(source: String) -> String? {
            var message: String?
            switch encoding {
            case .utf8, .utf16LE, .utf16BE, .utf32LE, .utf32BE:
                if guessedWithoutBOM {
                    message = "\(source): no byte-order mark, but NUL bytes in every other position; decoded as \(encoding.rawValue.uppercased())"
                }
            case .big5Punctuation:
                message = "\(source): not valid UTF-8; its curly quotes and dashes were Big5 byte pairs (A1 A6 ...), decoded as the punctuation they stand for"
            case .windows1252:
                message = "\(source): not valid UTF-8; decoded as Windows-1252 (ISO-8859-1)"
            }
            guard replacements > 0 else { return message }
            let lines = replacementLines.map(String.init).joined(separator: ", ")
                + (replacements > replacementLines.count ? ", ..." : "")
            let what = replacements == 1 ? "1 invalid byte sequence" : "\(replacements) invalid byte sequences"
            let replaced = "\(source): \(what) in otherwise valid \(encoding.rawValue.uppercased()) replaced with U+FFFD (line\(replacementLines.count == 1 ? "" : "s") \(lines))"
            return message.map { $0 + "; " + replaced.dropFirst(source.count + 2) } ?? replaced
        }
    }

    public enum Failure: Error, Equatable {
        /// The data has NUL bytes: it is binary, not text.
        case binary(offset: Int)

        /// Why the data is not text: "has a NUL byte at offset 12 (binary, not text)".
        public var reason: String {
            switch self {
            case .binary(let offset): "has a NUL byte at offset \(offset) (binary, not text)"
            }
        }

        /// The one-line message naming `source` and the reason.
        func message(source: String) -> String { "\(source): skipped, it \(reason)" }
    }

    /// How many replacement lines a ``Decoded`` names.
    static let linesNamed = 5

    public static func decode(_ data: Data) throws(Failure) -> Decoded {
        // Whole-buffer scans through pointers: Data's subscript pays an exclusivity check
        // per byte, which cost more than all the rest of decoding.
        let result = data.withUnsafeBytes { raw -> Result<Decoded, Failure> in
            do throws(Failure) { return .success(try decode(raw.bindMemory(to: UInt8.self))) } catch { return .failure(error) }
        }
        var decoded = try result.get()
        decoded.text = normalizeLineEnds(decoded.text)
        return decoded
    }

    static func decode(_ all: UnsafeBufferPointer<UInt8>) throws(Failure) -> Decoded {
        if let (encoding, bomLength) = byteOrderMark(all) {
            let body = UnsafeBufferPointer(rebasing: all[bomLength...])
            if encoding == .utf8 { return try decodeUTF8(body, offset: bomLength) }
            return try decodeWide(body, encoding: encoding, offset: bomLength)
        }
        if let nul = memchrOffset(all, 0) {
            guard let encoding = guessUTF16(all) else { throw .binary(offset: nul) }
            var decoded = try decodeWide(all, encoding: encoding, offset: 0)
            decoded.guessedWithoutBOM = true
            return decoded
        }
        return try decodeUTF8(all, offset: 0)
    }

    private static func memchrOffset(_ bytes: UnsafeBufferPointer<UInt8>, _ byte: Int32) -> Int? {
        guard let base = bytes.baseAddress, bytes.count > 0, let hit = memchr(base, byte, bytes.count) else { return nil }
        return UnsafeRawPointer(base).distance(to: UnsafeRawPointer(hit))
    }

    private static func byteOrderMark(_ bytes: UnsafeBufferPointer<UInt8>) -> (Encoding, Int)? {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return (.utf8, 3) }
        if bytes.starts(with: [0xFF, 0xFE, 0, 0]) { return (.utf32LE, 4) }
        if bytes.starts(with: [0, 0, 0xFE, 0xFF]) { return (.utf32BE, 4) }
        if bytes.starts(with: [0xFF, 0xFE]) { return (.utf16LE, 2) }
        if bytes.starts(with: [0xFE, 0xFF]) { return (.utf16BE, 2) }
        return nil
    }

    /// UTF-16 without a byte-order mark: an even length of at least 4 code units (a shorter
    /// file is too little evidence), and in the first 4 KiB NUL bytes in at
    /// least half the odd (LE) or even (BE) positions and in none of the others (text in Latin
    /// script has them in nearly every one).
    private static func guessUTF16(_ bytes: UnsafeBufferPointer<UInt8>) -> Encoding? {
        guard bytes.count >= 8, bytes.count % 2 == 0 else { return nil }
        let pairs = min(bytes.count, 4096) / 2
        var evenNULs = 0, oddNULs = 0
        for pair in 0..<pairs {
            if bytes[2 * pair] == 0 { evenNULs += 1 }
            if bytes[2 * pair + 1] == 0 { oddNULs += 1 }
        }
        if evenNULs == 0 && oddNULs * 2 >= pairs { return .utf16LE }
        if oddNULs == 0 && evenNULs * 2 >= pairs { return .utf16BE }
        return nil
    }

    /// UTF-16 or UTF-32 in the given byte order; unpaired surrogates and values past U+10FFFF
    /// become U+FFFD (counted). A NUL character means the file is binary after all.
    private static func decodeWide(_ bytes: UnsafeBufferPointer<UInt8>, encoding: Encoding, offset: Int) throws(Failure) -> Decoded {
        let width = encoding == .utf16LE || encoding == .utf16BE ? 2 : 4
        let bigEndian = encoding == .utf16BE || encoding == .utf32BE
        func unit(_ i: Int) -> UInt32 {
            var value: UInt32 = 0
            for k in 0..<width {
                let byte = UInt32(bytes[i + (bigEndian ? k : width - 1 - k)])
                value = value << 8 | byte
            }
            return value
        }
        var scalars = String.UnicodeScalarView()
        var replacements = 0, lines: [Int] = [], line = 1
        func replace() {
            replacements += 1
            if lines.count < linesNamed && lines.last != line { lines.append(line) }
            scalars.append("\u{FFFD}")
        }
        var i = 0
        let end = bytes.count - bytes.count % width
        while i < end {
            var value = unit(i)
            i += width
            if width == 2, (0xD800...0xDBFF).contains(value) {
                if i < end, case let low = unit(i), (0xDC00...0xDFFF).contains(low) {
                    value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
                    i += width
                } else {
                    replace(); continue
                }
            }
            if value == 0 { throw .binary(offset: offset + i - width) }
            guard let scalar = Unicode.Scalar(value) else { replace(); continue }
            if value == 10 { line += 1 }
            scalars.append(scalar)
        }
        if end < bytes.count { replace() }   // a last, incomplete code unit
        return Decoded(text: String(scalars), encoding: encoding, replacements: replacements, replacementLines: lines)
    }

    /// UTF-8, else (with no valid multi-byte character) a legacy encoding.
    private static func decodeUTF8(_ bytes: UnsafeBufferPointer<UInt8>, offset: Int) throws(Failure) -> Decoded {
        if let nul = memchrOffset(bytes, 0) { throw .binary(offset: offset + nul) }
        if let utf8 = String(validating: bytes, as: UTF8.self) { return Decoded(text: utf8, encoding: .utf8) }
        let evidence = utf8Evidence(bytes)
        if evidence.valid > 0 && evidence.valid >= evidence.invalid {
            return Decoded(text: String(decoding: bytes, as: UTF8.self), encoding: .utf8,
                           replacements: evidence.invalid, replacementLines: evidence.lines)
        }
        if let big5 = decodeBig5Punctuation(bytes) { return Decoded(text: big5, encoding: .big5Punctuation) }
        return Decoded(text: decodeWindows1252(bytes), encoding: .windows1252)
    }

    /// Counts the valid multi-byte UTF-8 characters and the invalid sequences (each maximal
    /// invalid subpart, as `String(decoding:as:)` replaces them), with the lines of the first few.
    static func utf8Evidence(_ bytes: UnsafeBufferPointer<UInt8>) -> (valid: Int, invalid: Int, lines: [Int]) {
        var valid = 0, invalid = 0, lines: [Int] = [], line = 1
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                if scalar.value == 10 { line += 1 }
                if scalar.value >= 0x80 { valid += 1 }
            case .error:
                invalid += 1
                if lines.count < linesNamed && lines.last != line { lines.append(line) }
            case .emptyInput:
                break loop
            }
        }
        return (valid, invalid, lines)
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
