@testable import FirthKit
import Foundation
import XCTest

final class CenteredVectorSpaceTests: XCTestCase {
    /// "the" points along the common direction that every word shares; "river" and "money" add
    /// their own directions; "bank" is between them, mostly common direction.
    let space = WordVectors(name: "toy", words: ["the", "river", "money", "bank"], vectors: DenseMatrix([
        [1, 0, 0],
        [0.6, 0.8, 0],
        [0.6, 0, 0.8],
        [0.9, 0.3, 0.3],
    ]).normalizedRows())
    let counts = ["the": 1000, "river": 10, "money": 10, "bank": 10]

    func unit(_ v: [Float]) -> [Float] {
        let n = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return v.map { $0 / n }
    }

    func testVocabularyMeanIsThePlainMeanOfTheUnitVectors() {
        let centred = CenteredVectorSpace(space, centering: .vocabulary)
        for j in 0..<3 {
            let expected = (0..<4).map { space.vectors[$0, j] }.reduce(0, +) / 4
            XCTAssertEqual(centred.mean[j], expected, accuracy: 1e-6)
        }
        XCTAssertEqual(centred.vectorIfPresent("river")!, zip(space.vectors.row(1), centred.mean).map { $0 - $1 })
        XCTAssertNil(centred.vectorIfPresent("loan"))
    }

    func testCorpusMeanWeighsWordsByFrequency() {
        let centred = CenteredVectorSpace(space, centering: .corpus, counts: counts)
        let total: Float = 1030
        for j in 0..<3 {
            let expected = (0..<4).map { space.vectors[$0, j] * Float(counts[space.words[$0]]!) / total }.reduce(0, +)
            XCTAssertEqual(centred.mean[j], expected, accuracy: 1e-6)
        }
    }

    func testNearestWordsMatchBruteForceCosinesOfTheCentredVectors() {
        let centred = CenteredVectorSpace(space, centering: .corpus, counts: counts)
        let query: [Float] = [0.2, -0.5, 0.7]
        let expected = space.words.map { word -> (String, Float) in
            (word, dot(unit(centred.vectorIfPresent(word)!), unit(query)))
        }.sorted { $0.1 > $1.1 }
        let found = centred.nearestWords(to: query, count: 4, excluding: [])
        XCTAssertEqual(found.map(\.word), expected.map(\.0))
        for (f, e) in zip(found, expected) { XCTAssertEqual(f.similarity, e.1, accuracy: 1e-5) }
        XCTAssertFalse(centred.nearestWords(to: query, count: 4, excluding: ["the"]).contains { $0.word == "the" })
    }

    func testWeightedSumAndDotProductsUseTheUnitCentredVectors() {
        let centred = CenteredVectorSpace(space, centering: .vocabulary)
        let sum = centred.weightedSumOfUnitVectors([1, 0, 2, 0])
        let expected = zip(unit(centred.vectorIfPresent("the")!), unit(centred.vectorIfPresent("money")!)).map { $0 + 2 * $1 }
        for j in 0..<3 { XCTAssertEqual(sum[j], expected[j], accuracy: 1e-5) }
        let dots = centred.unitDotProducts(with: [0, 1, 0])
        XCTAssertEqual(dots[1], unit(centred.vectorIfPresent("river")!)[1], accuracy: 1e-5)
    }

    /// Without centring "bank" attends mostly to "the", which shares the common direction with
    /// everything; centred on the corpus mean, it attends mostly to "river".
    func testCentringTurnsAttentionFromTheFrequentWordToTheInformativeOne() {
        let sentence = ["the", "river", "bank"]
        let plain = SentenceAttention(space: space).attend(sentence)
        XCTAssertEqual(plain.largestClue(of: 2), 0)
        let centred = SentenceAttention(space: CenteredVectorSpace(space, centering: .corpus, counts: counts)).attend(sentence)
        XCTAssertEqual(centred.largestClue(of: 2), 1)
        XCTAssertGreaterThan(centred.weights(layer: 0)[2, 1], 0.9)
    }

    func testNoCenteringLeavesTheSpaceAsItIs() {
        let same = CenteredVectorSpace(space, centering: .none)
        XCTAssertEqual(same.mean, [0, 0, 0])
        XCTAssertEqual(same.vectorIfPresent("bank")!, space.vectors.row(3))
        XCTAssertEqual(same.spaceName, "toy")
    }
}

final class SenseClassifierTests: XCTestCase {
    /// Identical vectors (a static vector) cannot tell examples apart: every classifier must then
    /// give the majority label, whatever the order of the training examples.
    func testEqualCosinesFallBackToTheMajorityLabel() {
        let v: [Float] = [0.6, 0.8]
        for training in [[(v, "a"), (v, "b"), (v, "b")], [(v, "b"), (v, "b"), (v, "a")], [(v, "b"), (v, "a"), (v, "b")]] {
            let examples = training.map { (vector: $0.0, label: $0.1) }
            for classifier in [ContextEvaluation.Classifier.nearestCentroid, .nearestNeighbors(1), .nearestNeighbors(5), .majority] {
                XCTAssertEqual(ContextEvaluation.classify(v, examples, classifier), "b", "\(classifier)")
            }
        }
    }

    func testCentroidAndNeighboursStillFollowTheVectors() {
        let training: [(vector: [Float], label: String)] = [([1, 0], "a"), ([0, 1], "b"), ([0, 1], "b"), ([0.1, 0.99], "b")]
        XCTAssertEqual(ContextEvaluation.classify([0.99, 0.1], training, .nearestCentroid), "a")
        XCTAssertEqual(ContextEvaluation.classify([0.99, 0.1], training, .nearestNeighbors(1)), "a")
        XCTAssertEqual(ContextEvaluation.classify([0.99, 0.1], training, .nearestNeighbors(3)), "b")
    }
}
