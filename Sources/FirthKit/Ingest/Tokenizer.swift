import Foundation

/// Splits text into words and sentences, the same way for a corpus and for a query sentence.
///
/// A word is a run of letters (of any script) and digits, with combining marks kept inside it and
/// an apostrophe kept when it sits between two letters ("don't", "o'er", typographic ’ becomes ').
/// With ``Settings/keepHyphens`` a hyphen between two letters or digits also joins ("well-known").
/// Invisible format characters (soft hyphen, zero-width joiner and non-joiner, word joiner, a
/// byte-order mark inside the text) are dropped: "co\u{AD}operate" is "cooperate".
/// CJK ideographs and kana are one word each, since those scripts do not separate words with
/// spaces. Words are lowercased unless ``Settings/caseFolding`` is off.
///
/// A sentence ends at `.`, `!`, `?` (and `…`, `。`, `！`, `？`) followed by a non-word character,
/// and at a blank line. So "3.14" and "e.g." inside a sentence do not end it, while "Mr. Smith"
/// does: a documented simplification, and it only matters to sentence-bounded windows.
///
/// The settings are stored with the corpus (see ``CorpusStore``), so `firth attend` tokenizes a
/// query exactly as the corpus was.
///
/// ```swift
/// let tokenizer = Tokenizer()
/// tokenizer.tokenize("Cæsar's wife. Don't!").map(\.word)   // ["cæsar's", "wife", "don't"]
/// ```
public struct Tokenizer: Sendable {
    /// The knobs of tokenization, recorded in the `corpus` table as JSON.
    public struct Settings: Codable, Sendable, Equatable, CustomStringConvertible {
        /// Lowercase every word (default): "River" and "river" are one word.
        public var caseFolding: Bool
        /// Keep a hyphen between two word characters inside the word ("well-known"), instead of
        /// splitting there (default: split, as most count-based work does).
        public var keepHyphens: Bool

        public init(caseFolding: Bool = true, keepHyphens: Bool = false) {
            self.caseFolding = caseFolding
            self.keepHyphens = keepHyphens
        }

        public var description: String {
            "case folding \(caseFolding ? "on" : "off"), hyphens \(keepHyphens ? "kept" : "split")"
        }

        /// The JSON stored in `corpus.tokenizer`.
        public var json: String { canonicalJSON }

        public static func fromJSON(_ json: String) throws -> Settings {
            try JSONDecoder().decode(Settings.self, from: Data(json.utf8))
        }
    }

    /// One word of running text and the sentence it belongs to (0-based within the text).
    public struct Token: Sendable, Equatable {
        public var word: String
        public var sentence: Int
    }

    public var settings: Settings
    /// Every line is one sentence, and only a line end ends one (KenLM's convention for
    /// training text, and that of corpora like the Bible's one verse a line). A way of reading
    /// a text, not a property of the corpus, so it is not among the stored ``Settings``.
    public var sentencePerLine = false

    public init(settings: Settings = Settings(), sentencePerLine: Bool = false) {
        self.settings = settings
        self.sentencePerLine = sentencePerLine
    }

    /// The words of `text` with their sentence numbers.
    public func tokenize(_ text: String) -> [Token] {
        var tokens: [Token] = []
        forEachToken(in: text) { tokens.append(Token(word: $0, sentence: $1)) }
        return tokens
    }

    /// The words of `text`, without sentence numbers.
    public func words(_ text: String) -> [String] {
        var words: [String] = []
        forEachToken(in: text) { word, _ in words.append(word) }
        return words
    }

    // MARK: - The scanner

    private enum Kind { case word, mark, ideograph, apostrophe, hyphen, sentenceEnd, newline, space, other, invisible }

    /// Calls `body(word, sentence)` for each word of `text`, in order.
    ///
    /// Why a hand-written scanner over UTF-8 bytes: ingest must tokenize megabytes a second, and
    /// iterating `Character`s (grapheme clusters) is an order of magnitude slower. ASCII bytes are
    /// classified by a table; other scalars by their Unicode general category.
    public func forEachToken(in text: String, _ body: (String, Int) -> Void) {
        forEachWord(in: text) { word, sentence in
            switch word {
            case .ascii(let bytes): body(String(decoding: bytes, as: UTF8.self), sentence)
            case .unicode(let string): body(string, sentence)
            }
        }
    }

    /// A word as the scanner hands it over, before any `String` is made of an ASCII one.
    enum Word {
        /// A word of ASCII characters only, as its (case-folded) bytes; valid during the call.
        case ascii(UnsafeBufferPointer<UInt8>)
        /// Any other word, case-folded.
        case unicode(String)
    }

    /// Calls `body(word, sentence)` for each word of `text`, in order: ``forEachToken(in:_:)``
    /// without making a `String` of the ASCII words, for the ingester, which looks most of them
    /// up by their bytes. `.ascii(bytes)` stands for `String(decoding: bytes, as: UTF8.self)`.
    func forEachWord(in text: String, _ body: (Word, Int) -> Void) {
        var text = text
        text.withUTF8 { bytes in scan(bytes, body) }
    }

    private func scan(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (Word, Int) -> Void) {
        var word: [UInt8] = []
        word.reserveCapacity(64)
        var wordIsASCII = true
        var pendingJoiner: UInt8 = 0          // an apostrophe or hyphen waiting for a next letter
        var sentence = 0
        var sentenceHasWords = false
        var pendingSentenceEnd = false        // saw . ! ?; it ends the sentence unless a word char follows
        var newlines = 0

        func flush() {
            pendingJoiner = 0
            guard !word.isEmpty else { return }
            if wordIsASCII {
                // ASCII fast path: lowercase the bytes, no Unicode tables needed.
                if settings.caseFolding {
                    for i in word.indices where word[i] >= 65 && word[i] <= 90 { word[i] += 32 }
                }
                word.withUnsafeBufferPointer { body(.ascii($0), sentence) }
            } else {
                var string = String(decoding: word, as: UTF8.self)
                if settings.caseFolding {
                    // Case folding, not just lowercasing: final sigma folds to σ as in Unicode's
                    // CaseFolding.txt, so "ΛΌΓΟΣ" and "λόγος" are one word.
                    string = string.lowercased().replacingOccurrences(of: "\u{3C2}", with: "\u{3C3}")
                }
                body(.unicode(string), sentence)
            }
            sentenceHasWords = true
            word.removeAll(keepingCapacity: true)
            wordIsASCII = true
        }
        func endSentence() {
            if sentenceHasWords { sentence += 1; sentenceHasWords = false }
        }

        var i = 0
        let n = bytes.count
        while i < n {
            let lead = bytes[i]
            var length = 1
            var kind: Kind
            if lead < 0x80 {
                kind = Self.asciiKinds[Int(lead)]
            } else {
                length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
                if i + length > n { length = n - i }
                kind = Self.classify(Self.decodeScalar(bytes, at: i, length: length))
            }

            // An invisible format character is skipped as if it were not there: a soft hyphen
            // or a zero-width joiner inside a word does not split it.
            if kind == .invisible { i += length; continue }
            if sentencePerLine && kind == .sentenceEnd { kind = .other }
            if pendingSentenceEnd && kind != .word && kind != .mark && kind != .ideograph {
                if kind != .sentenceEnd { endSentence(); pendingSentenceEnd = false }
            } else if pendingSentenceEnd {
                pendingSentenceEnd = false  // "3.14", "e.g": the period sat inside a word
            }

            switch kind {
            case .word, .mark:
                if kind == .mark && word.isEmpty { break }   // a stray combining mark starts nothing
                if pendingJoiner != 0 { word.append(pendingJoiner); pendingJoiner = 0 }
                for j in i..<(i + length) { word.append(bytes[j]) }
                if lead >= 0x80 { wordIsASCII = false }
                newlines = 0
            case .ideograph:
                flush()
                for j in i..<(i + length) { word.append(bytes[j]) }
                wordIsASCII = false
                flush()
                newlines = 0
            case .apostrophe:
                if !word.isEmpty && pendingJoiner == 0 { pendingJoiner = UInt8(ascii: "'") } else { flush() }
                newlines = 0
            case .hyphen:
                if settings.keepHyphens && !word.isEmpty && pendingJoiner == 0 {
                    pendingJoiner = UInt8(ascii: "-")
                } else {
                    flush()
                }
                newlines = 0
            case .sentenceEnd:
                flush()
                pendingSentenceEnd = true
                newlines = 0
            case .newline:
                flush()
                newlines += 1
                if newlines >= 2 || sentencePerLine { endSentence() }
            case .space:
                flush()
            case .other:
                flush()
                newlines = 0
            case .invisible:
                break
            }
            i += length
        }
        flush()
    }

    private static let asciiKinds: [Kind] = (0..<128).map { byte in
        switch UInt8(byte) {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .word
        case UInt8(ascii: "'"): return .apostrophe
        case UInt8(ascii: "-"): return .hyphen
        case UInt8(ascii: "."), UInt8(ascii: "!"), UInt8(ascii: "?"): return .sentenceEnd
        case UInt8(ascii: "\n"): return .newline
        case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), 0x0B, 0x0C: return .space
        default: return .other
        }
    }

    @inline(__always)
    private static func decodeScalar(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int, length: Int) -> Unicode.Scalar {
        var value: UInt32
        switch length {
        case 2: value = UInt32(bytes[i] & 0x1F)
        case 3: value = UInt32(bytes[i] & 0x0F)
        case 4: value = UInt32(bytes[i] & 0x07)
        default: return "\u{FFFD}"
        }
        for j in 1..<length { value = value << 6 | UInt32(bytes[i + j] & 0x3F) }
        return Unicode.Scalar(value) ?? "\u{FFFD}"
    }

    private static func classify(_ scalar: Unicode.Scalar) -> Kind {
        switch scalar.value {
        case 0x2019, 0x02BC: return .apostrophe                          // ’ ʼ
        case 0x2010, 0x2011: return .hyphen                              // ‐ ‑
        case 0x2026, 0x203D, 0x3002, 0xFF01, 0xFF1F: return .sentenceEnd // … ‽ 。 ！ ？
        case 0x2028, 0x2029, 0x0085: return .newline
        case 0x00AD, 0x200C, 0x200D, 0x2060, 0xFEFF: return .invisible  // soft hyphen, ZWNJ, ZWJ, word joiner, BOM
        case 0x3040...0x30FF: return .ideograph                          // hiragana, katakana
        default: break
        }
        let properties = scalar.properties
        if properties.isIdeographic { return .ideograph }
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber:
            return .word
        case .nonspacingMark, .spacingMark, .enclosingMark:
            return .mark
        case .spaceSeparator:
            return .space
        default:
            return .other
        }
    }
}
