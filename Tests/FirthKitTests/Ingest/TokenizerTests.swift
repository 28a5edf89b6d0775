import XCTest
@testable import FirthKit

final class TokenizerTests: XCTestCase {
    let tokenizer = Tokenizer()

    func words(_ text: String, _ settings: Tokenizer.Settings = .init()) -> [String] {
        Tokenizer(settings: settings).words(text)
    }

    func testLettersDigitsAndCaseFolding() {
        XCTAssertEqual(words("The River-bank, in 1957: 2 boats."), ["the", "river", "bank", "in", "1957", "2", "boats"])
        XCTAssertEqual(words("The River", .init(caseFolding: false)), ["The", "River"])
    }

    func testInternalApostrophesOnly() {
        XCTAssertEqual(words("Don't o'er 'tis rivers' the bank’s"), ["don't", "o'er", "tis", "rivers", "the", "bank's"])
        XCTAssertEqual(words("a''b"), ["a", "b"])
    }

    func testHyphensAreOptional() {
        XCTAssertEqual(words("well-known x-ray -dash- end-"), ["well", "known", "x", "ray", "dash", "end"])
        XCTAssertEqual(words("well-known x-ray -dash- end-", .init(keepHyphens: true)), ["well-known", "x-ray", "dash", "end"])
    }

    func testOtherScripts() {
        XCTAssertEqual(words("Cæsar ΛΌΓΟΣ λόγος Москва naïve"), ["cæsar", "λόγοσ", "λόγοσ", "москва", "naïve"])
        // Combining marks stay inside the word: e + U+0301.
        XCTAssertEqual(words("cafe\u{301} noir"), ["cafe\u{301}", "noir"])
        // CJK ideographs and kana are one word each.
        XCTAssertEqual(words("我爱北京 ひらがな abc"), ["我", "爱", "北", "京", "ひ", "ら", "が", "な", "abc"])
    }

    func testSentenceBoundaries() {
        let tokens = tokenizer.tokenize("One river. Two banks! Three? Pi is 3.14 e.g. here\n\nNew para\nsame para")
        XCTAssertEqual(tokens.map(\.word), ["one", "river", "two", "banks", "three", "pi", "is", "3", "14", "e", "g", "here", "new", "para", "same", "para"])
        XCTAssertEqual(tokens.map(\.sentence), [0, 0, 1, 1, 2, 3, 3, 3, 3, 3, 3, 4, 5, 5, 5, 5])
    }

    func testRepeatedPunctuationAndEmptySentencesDoNotSkipNumbers() {
        let tokens = tokenizer.tokenize("Wait... what?! \n\n\n\n . . Yes.")
        XCTAssertEqual(tokens.map(\.word), ["wait", "what", "yes"])
        XCTAssertEqual(tokens.map(\.sentence), [0, 1, 2])
    }

    func testSettingsRoundTripThroughJSON() throws {
        let settings = Tokenizer.Settings(caseFolding: false, keepHyphens: true)
        XCTAssertEqual(settings.json, #"{"caseFolding":false,"keepHyphens":true}"#)
        XCTAssertEqual(try Tokenizer.Settings.fromJSON(settings.json), settings)
    }
}
