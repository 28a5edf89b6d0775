import Foundation
import XCTest
@testable import FirthKit

final class SentenceAttentionTests: XCTestCase {
    /// Four words in 2-D: river and water point one way, loan and money another, bank between.
    let vectors = WordVectors(name: "toy", words: ["river", "water", "loan", "money", "bank"], vectors: DenseMatrix([
        [1, 0.1], [0.9, 0.2], [0.1, 1], [0.2, 0.9], [0.7, 0.7],
    ]))

    func settings(_ configure: (inout SentenceAttention.Settings) -> Void = { _ in }) -> SentenceAttention.Settings {
        var s = SentenceAttention.Settings()
        s.frequencyWeighting = nil
        configure(&s)
        return s
    }

    func testSoftmaxRowsSumToOneAndSelfIsExcluded() {
        let result = SentenceAttention(space: vectors, settings: settings()).attend(["river", "bank", "loan"])
        let w = result.weights(layer: 0)
        for i in 0..<3 {
            XCTAssertEqual((0..<3).reduce(Float(0)) { $0 + w[i, $1] }, 1, accuracy: 1e-6)
            XCTAssertEqual(w[i, i], 0)
        }
        // The weights are the softmax of cosine/τ (τ = 0.2 by default) over the other words.
        let unit = vectors.vectors
        let cos = { (a: Int, b: Int) in Double(dot(unit.row(a), unit.row(b))) }
        let tau = 0.2
        let expected = exp(cos(4, 0) / tau) / (exp(cos(4, 0) / tau) + exp(cos(4, 2) / tau))
        XCTAssertEqual(Double(w[1, 0]), expected, accuracy: 1e-6)
        XCTAssertEqual(result.temperature, tau, accuracy: 1e-12)
    }

    func testResidualMixAndMovement() throws {
        var s = settings()
        s.residual = 1
        let result = SentenceAttention(space: vectors, settings: s).attend(["bank", "river"])
        // With two words each attends fully to the other: bank' = (bank + river) / ‖·‖.
        let bank = try vectors.vector(for: "bank"), river = try vectors.vector(for: "river")
        let sum = zip(bank, river).map { $0 + $1 }
        let norm = sum.reduce(0) { $0 + $1 * $1 }.squareRoot()
        for (got, want) in zip(result.contextual(of: 0), sum.map { $0 / norm }) { XCTAssertEqual(got, want, accuracy: 1e-6) }
        XCTAssertEqual(result.movement(of: 0), dot(bank, sum.map { $0 / norm }), accuracy: 1e-6)
        XCTAssertLessThan(result.movement(of: 0), 1)
        s.residual = 0
        let still = SentenceAttention(space: vectors, settings: s).attend(["bank", "river"])
        XCTAssertEqual(still.contextual(of: 0), bank, "λ = 0 keeps the static vector")
    }

    func testHardModeTakesTheLargestClue() {
        let s = settings { $0.mode = .hard }
        let river = SentenceAttention(space: vectors, settings: s).attend(["water", "bank", "loan", "river"])
        let bank = river.words.firstIndex(of: "bank")!
        let clue = river.largestClue(of: bank)!
        // Unit bank = (0.71, 0.71): cos with water (0.98, 0.22) is 0.84, river 0.77, loan 0.77.
        XCTAssertEqual(river.words[clue], "water")
        XCTAssertEqual(river.weights(layer: 0).row(bank).filter { $0 != 0 }, [1])
    }

    func testUniformModeIgnoresScores() {
        let result = SentenceAttention(space: vectors, settings: settings { $0.mode = .uniform }).attend(["bank", "river", "loan", "money"])
        XCTAssertEqual(result.weights(layer: 0).row(0), [0, 1.0 / 3, 1.0 / 3, 1.0 / 3])
    }

    func testWindowAndOutOfVocabulary() {
        let result = SentenceAttention(space: vectors, settings: settings { $0.window = 1 })
            .attend(["river", "zzz", "bank", "loan", "money"])
        XCTAssertEqual(result.outOfVocabulary, ["zzz"])
        XCTAssertEqual(result.words, ["river", "bank", "loan", "money"])
        XCTAssertEqual(result.positions, [0, 2, 3, 4])
        // bank (position 2) may attend to positions 1…3: only loan has a vector there.
        XCTAssertEqual(result.weights(layer: 0).row(1), [0, 0, 1, 0])
    }

    func testLayersFeedEachOther() {
        let s = settings { $0.layers = 3 }
        let result = SentenceAttention(space: vectors, settings: s).attend(["river", "bank", "loan"])
        XCTAssertEqual(result.layers.count, 3)
        let one = SentenceAttention(space: vectors, settings: settings()).attend(["river", "bank", "loan"])
        XCTAssertEqual(result.layers[0].output, one.layers[0].output)
        XCTAssertNotEqual(result.layers[2].output, one.layers[0].output)
        // Layer 2 attends over layer 1's outputs.
        let second = SentenceAttention(space: vectors, settings: settings())
            .attentionWeights(one.layers[0].output, positions: [0, 1, 2], priors: [1, 1, 1], temperature: result.temperature)
        XCTAssertEqual(result.layers[1].weights, second)
    }

    func testFrequencyWeightingLowersFrequentWords() {
        var frequent = vectors
        frequent.frequencies = [0.001, 0.001, 0.001, 0.001, 0.2]   // bank is very frequent
        let s = settings { $0.frequencyWeighting = 1e-3; $0.mode = .uniform }
        let result = SentenceAttention(space: frequent, settings: s).attend(["river", "bank", "loan"])
        // river attends to bank and loan with weights ∝ a/(a+p): 1e-3/0.201 vs 1e-3/0.002.
        let w = result.weights(layer: 0).row(0)
        let (pb, pl) = (1e-3 / (1e-3 + 0.2), 1e-3 / (1e-3 + 0.001))
        XCTAssertEqual(Double(w[1]), pb / (pb + pl), accuracy: 1e-6)
        XCTAssertEqual(Double(w[2]), pl / (pb + pl), accuracy: 1e-6)
    }

    func testSensesSeparateTheTwoBanks() throws {
        let senses = try ContextualSenses(word: "Bank", contexts: ["river water bank", "loan money bank"],
                                          attention: SentenceAttention(space: vectors, settings: settings()), tokenizer: Tokenizer())
        XCTAssertLessThan(senses.cosine(0, 1), 0.9)
        let river = try vectors.vector(for: "river"), money = try vectors.vector(for: "money")
        XCTAssertGreaterThan(dot(senses.contexts[0].vector, river), dot(senses.contexts[0].vector, money))
        XCTAssertGreaterThan(dot(senses.contexts[1].vector, money), dot(senses.contexts[1].vector, river))
        XCTAssertThrowsError(try ContextualSenses(word: "bank", contexts: ["no target here"],
                                                  attention: SentenceAttention(space: vectors), tokenizer: Tokenizer()))
    }
}
