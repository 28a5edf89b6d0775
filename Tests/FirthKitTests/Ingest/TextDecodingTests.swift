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

    func testUndefinedWindows1252BytesAreKept() {
        XCTAssertEqual(TextDecoding.decodeWindows1252([0x41, 0x81, 0x80]), "A\u{81}\u{20AC}")
    }
}
