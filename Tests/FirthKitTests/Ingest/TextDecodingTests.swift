import Foundation
import XCTest
@testable import FirthKit

final class TextDecodingTests: XCTestCase {
    func testUTF8WithBOMAndCRLF() throws {
        let decoded = try TextDecoding.decode(Data([0xEF, 0xBB, 0xBF]) + Data("a\r\nb\rc\n".utf8))
        XCTAssertEqual(decoded.text, "a\nb\nc\n")
        XCTAssertEqual(decoded.encoding, .utf8)
    }

    func testLatin1BecomesOneWord() throws {
        let decoded = try TextDecoding.decode(Data([0x43, 0xE6, 0x73, 0x61, 0x72, 0x20, 0x93, 0x68, 0x69, 0x94]))
        XCTAssertEqual(decoded.encoding, .windows1252)
        XCTAssertEqual(decoded.text, "Cæsar \u{201C}hi\u{201D}")
        XCTAssertEqual(Tokenizer().words(decoded.text), ["cæsar", "hi"])
    }

    func testBig5PunctuationPairs() throws {
        // "America’s future—and" as it arrives after a Big5 code page: A1 A6 and A1 58.
        let bytes: [UInt8] = Array("America".utf8) + [0xA1, 0xA6] + Array("s future".utf8) + [0xA1, 0x58] + Array("and".utf8)
        let decoded = try TextDecoding.decode(Data(bytes))
        XCTAssertEqual(decoded.encoding, .big5Punctuation)
        XCTAssertEqual(decoded.text, "America\u{2019}s future\u{2014}and")
        XCTAssertEqual(Tokenizer().words(decoded.text), ["america's", "future", "and"])
    }

    func testNULIsBinary() {
        XCTAssertThrowsError(try TextDecoding.decode(Data([0x41, 0x00, 0x42]))) { error in
            XCTAssertEqual(error as? TextDecoding.Failure, .binary(offset: 1))
        }
    }

    /// The one-pass byte version must equal the two replacements it stands for.
    func testLineEndNormalizationEqualsTheTwoReplacements() {
        let texts = ["", "\r", "\n", "\r\n", "\r\r\n", "\n\r", "\r\n\r", "a\r\nb\rc\n\r\r", "no line ends",
                     "é\r\u{301}x\r\n\r\n", "a\r\n\u{301}b\r\n", "a\r\u{200D}b", "ΛΌ\rΓ\r\nΣ", "🇫🇷\r\n🇫🇷\r", "end\r"]
        for text in texts {
            let expected = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            XCTAssertEqual(Array(TextDecoding.normalizeLineEnds(text).utf8), Array(expected.utf8), text.debugDescription)
        }
    }

    func testWindows1252DecodesEveryByteAsItsScalar() {
        let bytes = (UInt8(1)...UInt8(255)).map { $0 }
        let high: [UInt32] = [0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
                              0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178]
        var expected = String.UnicodeScalarView()
        for byte in bytes {
            expected.append(Unicode.Scalar((0x80...0x9F).contains(byte) ? high[Int(byte) - 0x80] : UInt32(byte))!)
        }
        XCTAssertEqual(Array(TextDecoding.decodeWindows1252(bytes).unicodeScalars), Array(expected))
    }

    func testUndefinedWindows1252BytesAreKept() {
        XCTAssertEqual(TextDecoding.decodeWindows1252([0x41, 0x81, 0x80]), "A\u{81}\u{20AC}")
    }
}
