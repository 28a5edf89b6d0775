import Foundation
import XCTest
@testable import FirthKit

final class EmbeddingDefaultsTests: XCTestCase {
    /// A hand-made rank-2 decomposition of a 3-word matrix: Σ = (4, 1), so Σ^0.5 = (2, 1).
    let svd = TruncatedSVD(
        u: DenseMatrix([[1, 0], [0, 1], [0.5, 0.5]]),
        singularValues: [4, 1],
        v: DenseMatrix([[1, 0], [0, -1], [0.5, 0]]))

    func testWordVectorsAreUTimesSigmaToThePowerP() {
        XCTAssertEqual(EmbeddingBuilder.wordVectors(svd, eigenWeight: 0.5), DenseMatrix([[2, 0], [0, 1], [1, 0.5]]))
        XCTAssertEqual(EmbeddingBuilder.wordVectors(svd, eigenWeight: 0), svd.u)
    }

    func testAddingContextVectorsIsWPlusC() {
        // (U + V)·Σ^0.5: the second direction, where U and V disagree in sign, cancels for word 1.
        XCTAssertEqual(EmbeddingBuilder.wordVectors(svd, eigenWeight: 0.5, addContextVectors: true),
                       DenseMatrix([[4, 0], [0, 0], [2, 0.5]]))
        XCTAssertEqual(EmbeddingBuilder.wordVectors(svd, eigenWeight: 0, addContextVectors: true),
                       DenseMatrix([[2, 0], [0, 0], [1, 0.5]]))
    }

    func testNameSpellsOutOnlyWhatDiffersFromTheDefaults() {
        var p = EmbeddingParameters()
        XCTAssertEqual(p.name(table: "t"), "svd300.p0.5.t")
        p.addContextVectors = true
        XCTAssertEqual(p.name(table: "t"), "svd300.p0.5.wc.t")
        p.addContextVectors = false
        p.removeTopComponents = 0
        XCTAssertEqual(p.name(table: "t"), "svd300.p0.5.abtt0.t")
    }

    /// The defaults remove 2 principal components; a vocabulary of 3 words has only 2 directions
    /// once centred, and w+c must work end to end: vectors come back one per word, unit length.
    func testDefaultsAndContextVectorsOnATinyCorpus() throws {
        let store = try makeStore(self, documents: ["the cat sat", "the dog sat", "a cat ran"])
        var count = CountParameters()
        count.minCount = 1
        let table = try CooccurrenceCounter(store: store).count(count).table
        for addContextVectors in [false, true] {
            var p = EmbeddingParameters()
            p.addContextVectors = addContextVectors
            let embedding = try EmbeddingBuilder(store: store).embed(table: table, parameters: p).embedding
            XCTAssertEqual(embedding.source.svd, p)
            let vectors = try store.wordVectors(named: embedding.name)
            XCTAssertEqual(vectors.words.count, 6)
            for norm in vectors.vectors.rowNorms() where norm > 0 { XCTAssertEqual(norm, 1, accuracy: 1e-4) }
        }
    }
}

final class EmbeddingParametersDecodingTests: XCTestCase {
    /// JSON written before `addContextVectors` existed still decodes, with the knob off.
    func testOlderParameterJSONDecodes() throws {
        let old = #"{"dimensions":50,"eigenWeight":0.5,"oversampling":10,"powerIterations":4,"removeTopComponents":0,"seed":1,"smoothing":{"contextSmoothing":0.75,"shift":1}}"#
        let p = try JSONDecoder().decode(EmbeddingParameters.self, from: Data(old.utf8))
        XCTAssertEqual(p.dimensions, 50)
        XCTAssertFalse(p.addContextVectors)
        XCTAssertEqual(p.removeTopComponents, 0)
        XCTAssertEqual(try JSONDecoder().decode(EmbeddingParameters.self, from: Data(p.json.utf8)), p)
    }
}
