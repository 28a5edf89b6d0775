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
}
