import Foundation
import GRDB
import XCTest
@testable import FirthKit

/// The ingester looks ASCII tokens up by their bytes (``Vocabulary``) and never makes a String
/// of most of them; what it stores must be what the plain path gives: `Tokenizer.tokenize`, and
/// a `[String: Int64]` handing out ids in order of first use. Swift compares strings by
/// canonical equivalence, so the tricky cases are words equal as Strings but not as bytes.
final class VocabularyTests: XCTestCase {
    static let trickyTexts = [
        "Kelvin \u{212A}elvin KELVIN kelvin \u{212A}",              // KELVIN SIGN is canonically K
        "\u{212A}ilo before Kilo. café cafe\u{301} CAFÉ Cafe\u{301}",  // precomposed and combining é
        "ΛΌΓΟΣ λόγος Σ ς σ. İstanbul ISTANBUL ıstanbul",
        "straße STRASSE ǅemal ǄEMAL ǆemal. naïve nai\u{308}ve NAÏVE",
        "Å \u{212B} A\u{30A} å. a\u{316}\u{301} a\u{301}\u{316} e\u{301}\u{302} e\u{302}\u{301}",
        "我爱北京 ひらがな. don’t don't DON'T x-ray X-Ray ﬁne Ｆｕｌｌ 👍🏽 ok 1957 ٣٤",
        "The River bank. the river BANK\n\nriver",
    ]

    /// (word id per token, sentence per token, word per id) the plain way.
    func plainPath(_ texts: [String], _ settings: Tokenizer.Settings) -> (ids: [Int64], sentences: [Int], words: [Int64: String]) {
        var ids: [String: Int64] = [:]
        var words: [Int64: String] = [:]
        var tokenIDs: [Int64] = []
        var sentences: [Int] = []
        var sentenceBase = 0
        for text in texts {
            let tokens = Tokenizer(settings: settings).tokenize(text)
            for token in tokens {
                let id = ids[token.word] ?? {
                    let new = Int64(ids.count + 1)
                    ids[token.word] = new
                    words[new] = token.word
                    return new
                }()
                tokenIDs.append(id)
                sentences.append(sentenceBase + token.sentence)
            }
            sentenceBase += (tokens.last?.sentence ?? -1) + 1
        }
        return (tokenIDs, sentences, words)
    }

    func testIngestedWordsEqualThePlainStringPath() throws {
        for settings in [Tokenizer.Settings(), Tokenizer.Settings(caseFolding: false), Tokenizer.Settings(keepHyphens: true)] {
            var options = Ingester.Options()
            options.tokenizer = settings
            let store = try makeStore(self, documents: Self.trickyTexts, options: options)
            let expected = plainPath(Self.trickyTexts, settings)
            let (ids, sentences, words) = try store.dbQueue.read { db in
                (try Int64.fetchAll(db, sql: "SELECT word_id FROM tokens ORDER BY position"),
                 try Int.fetchAll(db, sql: "SELECT sentence FROM tokens ORDER BY position"),
                 try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT word_id, word FROM words")
                    .map { ($0[0] as Int64, $0[1] as String) }))
            }
            XCTAssertEqual(ids, expected.ids, "\(settings)")
            XCTAssertEqual(sentences, expected.sentences, "\(settings)")
            // Compared as bytes: the stored form of each word is the first one seen.
            XCTAssertEqual(words.mapValues { Array($0.utf8) }, expected.words.mapValues { Array($0.utf8) }, "\(settings)")
        }
    }

    func testTheKelvinSignIsTheLetterK() {
        // The case the byte cache must not get wrong: canonically equal to ASCII, but not ASCII.
        XCTAssertEqual("\u{212A}elvin", "Kelvin")
        var vocabulary = Vocabulary()
        let first = vocabulary.entry(of: "\u{212A}elvin")
        let second = Array("Kelvin".utf8).withUnsafeBufferPointer { vocabulary.entry(ascii: $0) }
        XCTAssertEqual(first.entry, second.entry)
        XCTAssertTrue(first.isNew)
        XCTAssertFalse(second.isNew)
        XCTAssertEqual(vocabulary.word(of: second.entry), "\u{212A}elvin")
    }

    func testByteLookupsAgreeWithStringLookupsAndGrow() {
        var vocabulary = Vocabulary()
        vocabulary.load(word: "old", id: 41)
        func ascii(_ word: String) -> (entry: Int, isNew: Bool) {
            Array(word.utf8).withUnsafeBufferPointer { vocabulary.entry(ascii: $0) }
        }
        XCTAssertEqual(ascii("old").entry, 0)
        XCTAssertEqual(vocabulary.nextID, 42)
        // Enough words to make the cache grow several times; every one twice, both ways.
        let words = (0..<20_000).map { "w\($0)" }
        for word in words { XCTAssertTrue(ascii(word).isNew) }
        for (i, word) in words.enumerated() {
            XCTAssertEqual(ascii(word).entry, i + 1)
            XCTAssertEqual(vocabulary.entry(of: word).entry, i + 1)
            XCTAssertEqual(vocabulary.id(of: i + 1), Int64(42 + i))
        }
        // A document that failed gives its words and ids back; the cache forgets them too.
        vocabulary.removeEntries(from: 11)
        XCTAssertEqual(vocabulary.count, 11)
        XCTAssertEqual(vocabulary.nextID, 52)
        XCTAssertEqual(ascii("w5").entry, 6)
        let again = ascii("w10000")
        XCTAssertEqual(again.entry, 11)
        XCTAssertTrue(again.isNew)
        XCTAssertEqual(vocabulary.id(of: again.entry), 52)
    }
}
