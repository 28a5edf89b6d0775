import Foundation
import XCTest
@testable import FirthKit

final class CombineTests: XCTestCase {
    /// Two hand-made embeddings: in A river/stream are orthogonal (cos 0), in B identical (cos 1).
    private func storeParts(_ store: CorpusStore) throws {
        try store.storeEmbedding(name: "a", source: .imported, tableID: nil,
                                 words: ["river", "stream", "bank", "only-a"],
                                 vectors: DenseMatrix([[1, 0], [0, 1], [0.6, 0.8], [1, 0]]), singularValues: [], seconds: 0)
        try store.storeEmbedding(name: "b", source: .imported, tableID: nil,
                                 words: ["bank", "stream", "river"],
                                 vectors: DenseMatrix([[0, 0, 1], [1, 0, 0], [1, 0, 0]]), singularValues: [], seconds: 0)
    }

    /// cos = (w_a·cos_a + w_b·cos_b)/(w_a + w_b): with weights 1 and 3, river/stream
    /// (0 in A, 1 in B) → 0.75; river/bank (0.6 in A, 0 in B) → 0.15.
    func testCosineIsTheWeightedMeanOfThePartsCosines() throws {
        let store = try makeTemporaryStore(self)
        try storeParts(store)
        let combined = try store.combineEmbeddings(["a", "b"], weights: [1, 3])
        XCTAssertEqual(combined.name, "a+b.weights1,3")
        XCTAssertEqual(combined.source.kind, .combined)
        XCTAssertEqual(combined.dimensions, 5)
        let vectors = try store.wordVectors(named: combined.name)
        XCTAssertEqual(vectors.words, ["river", "stream", "bank"])   // A's order, only shared words
        XCTAssertEqual(try vectors.similarity("river", "stream"), 0.75, accuracy: 1e-6)
        XCTAssertEqual(try vectors.similarity("river", "bank"), 0.15, accuracy: 1e-6)
        XCTAssertEqual(try vectors.similarity("stream", "bank"), 0.2, accuracy: 1e-6)   // (0.8 + 0)/4

        let equal = try store.combineEmbeddings(["a", "b"])
        XCTAssertEqual(equal.name, "a+b")
        XCTAssertEqual(try store.wordVectors(named: "a+b").similarity("river", "stream"), 0.5, accuracy: 1e-6)
        let stored = try store.embeddings().first { $0.name == "a+b" }
        XCTAssertNotNil(stored)
        XCTAssertEqual(stored?.vocabularySize, 3)
    }

    func testBadRequestsAreRefusedAndStoreNothing() throws {
        let store = try makeTemporaryStore(self)
        try storeParts(store)
        XCTAssertThrowsError(try store.combineEmbeddings(["a"]))
        XCTAssertThrowsError(try store.combineEmbeddings(["a", "b"], weights: [1]))
        XCTAssertThrowsError(try store.combineEmbeddings(["a", "b"], weights: [1, 0]))
        XCTAssertThrowsError(try store.combineEmbeddings(["a", "missing"]))
        XCTAssertThrowsError(try store.combineEmbeddings(["a", "b"], name: "a"))   // taken
        XCTAssertEqual(try store.embeddings().map(\.name), ["a", "b"])
        XCTAssertNoThrow(try store.combineEmbeddings(["a", "b"], name: "a", replace: true))
    }
}
