import Foundation
import XCTest
@testable import FirthKit

final class SubstituteModelTests: XCTestCase {
    static let text = """
        The river rose. The river rose again. The river rose fast. The river bank flooded.
        The river shore flooded. The bank approved the loan. The lender approved the loan.
        The company approved the loan. The field flooded. The river bank was green.
        """

    /// P(w | left, right) from the reference estimator's probabilities on strings, by the
    /// definition: every candidate in the gap, the left factor times the N−1 right factors.
    func referenceSubstitutes(_ reference: ReferenceKneserNey, sentence: [String], focus: Int) -> [String: Double] {
        let words = ["<s>"] + sentence + ["</s>"]
        let gap = focus + 1, n = reference.order
        var scores: [String: Double] = [:]
        for w in reference.vocabulary where !["<s>", "<unk>", "</s>"].contains(w) {
            var filled = words
            filled[gap] = w
            var p = reference.probability(w, after: Array(filled[max(0, gap - n + 1)..<gap]))
            for q in (gap + 1)..<min(gap + n, filled.count) {
                p *= reference.probability(filled[q], after: Array(filled[max(0, q - n + 1)..<q]))
            }
            scores[w] = p
        }
        let total = scores.values.reduce(0, +)
        return scores.mapValues { $0 / total }
    }

    func testProbabilitiesEqualAnIndependentComputation() throws {
        let store = try makeStore(self, documents: [Self.text])
        let sentences = SentenceSplitter(tokenizer: Tokenizer()).sentences(in: Self.text)
        let cases: [([String], Int)] = [(["the", "river", "bank", "flooded"], 2), (["the", "bank", "approved", "the", "loan"], 1),
                                        (["the", "bank", "approved", "the", "loan"], 4), (["bank"], 0),
                                        (["the", "zebra", "flooded"], 1), (["the", "river", "zebra", "the", "loan"], 0)]
        for order in 1...4 {
            let model = try store.languageModel(NGramParameters(order: order)).model
            let reference = ReferenceKneserNey(sentences: sentences, order: order)
            let substitutes = SubstituteModel(ngram: model)
            for (sentence, focus) in cases {
                let distribution = substitutes.distribution(sentence: model.ids(of: sentence), focus: focus)
                let expected = referenceSubstitutes(reference, sentence: sentence, focus: focus)
                XCTAssertEqual(distribution.probabilities.reduce(0, +), 1, accuracy: 1e-12)
                XCTAssertEqual(distribution.leftProbabilities.reduce(0, +), 1, accuracy: 1e-12)
                for special in [model.beginID, model.unknownID, model.endID] {
                    XCTAssertEqual(distribution.probabilities[Int(special)], 0)
                }
                for (word, p) in expected {
                    XCTAssertEqual(distribution.probabilities[Int(model.id(of: word))], p, accuracy: 1e-9,
                                   "\(word) in \(sentence) at \(focus), order \(order)")
                }
                // The top list is the distribution, sorted.
                let top = distribution.top(5)
                XCTAssertEqual(top.map(\.probability), top.map(\.probability).sorted(by: >))
                XCTAssertEqual(top.first?.probability ?? 0, expected.values.max() ?? 1, accuracy: 1e-9)  // ties (lender, company) by id
            }
        }
    }

    func testLeftOnlyIsTheNextWordDistributionOverTheCandidates() throws {
        let store = try makeStore(self, documents: [Self.text])
        let model = try store.languageModel(NGramParameters(order: 3)).model
        let ids = model.ids(of: ["the", "river", "bank", "flooded"])
        let left = SubstituteModel(ngram: model, rightContext: false).distribution(sentence: ids, focus: 2)
        var next: [Double] = []
        model.fillProbabilities(after: [model.beginID, ids[0], ids[1]][...], into: &next)
        let words = next.indices.filter { ![model.beginID, model.unknownID, model.endID].contains(Int32($0)) }
        let total = words.reduce(0) { $0 + next[$1] }
        for i in words {
            XCTAssertEqual(left.probabilities[i], next[i] / total, accuracy: 1e-12)
            XCTAssertEqual(left.leftProbabilities[i], next[i] / total, accuracy: 1e-12)
        }
    }

    func testTheRightSideChangesTheRanking() throws {
        let store = try makeStore(self, documents: [Self.text])
        let model = try store.languageModel(NGramParameters(order: 3)).model
        let substitutes = SubstituteModel(ngram: model)
        // "the river ___": "rose" follows "the river" most; "___ flooded" wants bank or shore.
        let riverIDs = model.ids(of: ["the", "river", "bank", "flooded"])
        let river = substitutes.distribution(sentence: riverIDs, focus: 2).top(3)
        let leftOnly = SubstituteModel(ngram: model, rightContext: false).distribution(sentence: riverIDs, focus: 2).top(1)
        XCTAssertEqual(leftOnly.map(\.word), ["rose"])
        XCTAssertEqual(Set(river.prefix(2).map(\.word)), ["bank", "shore"])
        XCTAssertGreaterThan(river[0].leftRank, 1)
        // "the ___ approved the loan": the lenders, not the river.
        let loan = substitutes.distribution(sentence: model.ids(of: ["the", "bank", "approved", "the", "loan"]), focus: 1).top(3)
        XCTAssertEqual(Set(loan.map(\.word)), ["bank", "lender", "company"])
        XCTAssertEqual(loan.first.map { $0.leftRank > 1 }, true, "left alone, 'the ___' expects 'river' first")
    }

    func testSubstituteVectorsAreRenormalizedAndMadeDense() throws {
        let store = try makeStore(self, documents: [Self.text])
        let model = try store.languageModel(NGramParameters(order: 3)).model
        let distribution = SubstituteModel(ngram: model).distribution(sentence: model.ids(of: ["the", "bank", "approved"]), focus: 1)
        let vector = distribution.vector(top: 3)
        XCTAssertEqual(vector.entries.count, 3)
        XCTAssertEqual(vector.entries.reduce(0) { $0 + $1.probability }, 1, accuracy: 1e-12)
        let top = distribution.top(3)
        let total = top.reduce(0) { $0 + $1.probability }
        for (entry, substitute) in zip(vector.entries, top) {
            XCTAssertEqual(entry.word, substitute.word)
            XCTAssertEqual(entry.probability, substitute.probability / total, accuracy: 1e-12)
        }
        // Dense: Σ p · v/‖v‖ normalized, over the substitutes that have a vector.
        let words = vector.entries.map(\.word)
        let space = WordVectors(name: "toy", words: [words[0], words[1], "other"], vectors: DenseMatrix([[2, 0], [0, 1], [1, 1]]))
        let dense = try XCTUnwrap(vector.dense(in: space))
        let (p0, p1) = (Float(vector.entries[0].probability), Float(vector.entries[1].probability))
        let norm = (p0 * p0 + p1 * p1).squareRoot()
        XCTAssertEqual(dense[0], p0 / norm, accuracy: 1e-6)
        XCTAssertEqual(dense[1], p1 / norm, accuracy: 1e-6)
        XCTAssertEqual(try XCTUnwrap(vector.dense(in: space, excluding: [words[1]])), [1, 0])
        XCTAssertNil(vector.dense(in: space, excluding: Set(words)))
    }
}
