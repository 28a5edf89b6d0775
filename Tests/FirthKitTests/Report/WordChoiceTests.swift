import Foundation
import XCTest
@testable import FirthKit

final class WordChoiceTests: XCTestCase {
    /// Two topics and a handful of function words spread over every sentence.
    func makeTopicStore() throws -> CorpusStore {
        var rng = SplitMix64(seed: 7)
        let function = ["the", "of", "and", "a", "to", "in", "was", "it"]
        let river = ["river", "water", "fish", "boat", "stream", "reeds"]
        let money = ["money", "loan", "interest", "credit", "teller", "vault"]
        var documents: [String] = []
        for d in 0..<40 {
            let topic = d % 2 == 0 ? river : money
            var sentences: [String] = []
            for _ in 0..<20 {
                var words: [String] = []
                for k in 0..<10 {
                    let list = k % 2 == 0 ? function : topic
                    words.append(list[Int(rng.next() % UInt64(list.count))])
                }
                sentences.append(words.joined(separator: " ") + ".")
            }
            documents.append(sentences.joined(separator: " "))
        }
        return try makeStore(self, documents: documents)
    }

    func testFunctionWordsAreLeftOutByTheirPMIMass() throws {
        let store = try makeTopicStore()
        var parameters = CountParameters()
        parameters.boundary = .sentence
        parameters.window = 3
        let table = try CooccurrenceCounter(store: store).count(parameters).table
        var embedding = EmbeddingParameters()
        embedding.dimensions = 8
        let name = try EmbeddingBuilder(store: store).embed(table: table, parameters: embedding).embedding.name
        let vectors = try store.wordVectors(named: name)
        let choice = try WordChoice.choose(store: store, table: table, vectors: vectors, count: 6)
        XCTAssertEqual(choice.rule, .pmiMass(pool: 20, contexts: 20))
        XCTAssertEqual(choice.words.count, 6)
        let function: Set = ["the", "of", "and", "a", "to", "in", "was", "it"]
        XCTAssertTrue(Set(choice.words).isDisjoint(with: function), "function words chosen: \(choice.words)")
        XCTAssertEqual(Set(choice.leftOut.prefix(8)), function, "the least mass goes to the function words")
        // Listed most frequent first.
        let frequencies = try store.wordFrequencies()
        let rank = Dictionary(uniqueKeysWithValues: frequencies.enumerated().map { ($0.element.word, $0.offset) })
        XCTAssertEqual(choice.words, choice.words.sorted { rank[$0]! < rank[$1]! })
        XCTAssertTrue(choice.explanation.contains("mean of their PMI row"))
    }

    func testTheTutorialCorpusGetsTheTutorialWords() throws {
        let (store, table, vectors) = try makeTutorialStore(self)
        let choice = try WordChoice.choose(store: store, table: table, vectors: vectors)
        XCTAssertEqual(choice, WordChoice(words: WordChoice.tutorialWords, rule: .tutorial))
    }

    /// A corpus about ships and kings that mentions each of the tutorial's words a few times: they
    /// are in its vocabulary, yet it gets its own content words, not the tutorial's.
    func testAnotherCorpusGetsItsOwnWordsEvenWithTheTutorialsInItsVocabulary() throws {
        var rng = SplitMix64(seed: 11)
        let function = ["the", "of", "and", "a", "to", "in", "was", "it"]
        let topics = [["ship", "sail", "sea", "captain", "wave", "harbour", "deck", "mast"],
                      ["king", "crown", "castle", "throne", "knight", "queen", "court", "sword"],
                      ["garden", "rose", "tree", "flower", "leaf", "soil", "seed", "rain"]]
        var documents: [String] = []
        for d in 0..<30 {
            let topic = topics[d % 3]
            var sentences: [String] = []
            for _ in 0..<20 {
                var words: [String] = []
                for k in 0..<10 {
                    let list = k % 2 == 0 ? function : topic
                    words.append(list[Int(rng.next() % UInt64(list.count))])
                }
                sentences.append(words.joined(separator: " ") + ".")
            }
            documents.append(sentences.joined(separator: " "))
        }
        // Each tutorial word three times, in one short document of its own.
        documents.append(Array(repeating: WordChoice.tutorialWords.joined(separator: " ") + ".", count: 3).joined(separator: " "))
        let store = try makeStore(self, documents: documents)
        var parameters = CountParameters()
        parameters.boundary = .sentence
        parameters.window = 3
        parameters.minCount = 1
        let table = try CooccurrenceCounter(store: store).count(parameters).table
        var embedding = EmbeddingParameters()
        embedding.dimensions = 8
        let name = try EmbeddingBuilder(store: store).embed(table: table, parameters: embedding).embedding.name
        let vectors = try store.wordVectors(named: name)
        for word in WordChoice.tutorialWords { XCTAssertTrue(vectors.contains(word), "\(word) has a vector") }

        let choice = try WordChoice.choose(store: store, table: table, vectors: vectors, count: 8, pool: 32)
        XCTAssertEqual(choice.rule, .pmiMass(pool: 32, contexts: 40))
        // The 32 most frequent words are the 8 function words and the 24 topic words: the chosen
        // eight are topic words, and none of the tutorial's.
        let topicWords = Set(topics.joined())
        XCTAssertEqual(choice.words.count, 8)
        XCTAssertTrue(Set(choice.words).isSubset(of: topicWords), "\(choice.words)")
        XCTAssertTrue(Set(choice.words).isDisjoint(with: WordChoice.tutorialWords))
        // With a pool that reaches the rare tutorial words, they are all "frequent enough" and chosen.
        let wide = try WordChoice.choose(store: store, table: table, vectors: vectors, count: 8, pool: 40)
        XCTAssertEqual(wide.rule, .tutorial)
        // Unless the caller asks for data words.
        XCTAssertNotEqual(try WordChoice.choose(store: store, table: table, vectors: vectors, count: 8, pool: 40, tutorial: false).rule, .tutorial)
    }
}
