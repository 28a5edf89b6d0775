import COpenBLAS
import Foundation
import XCTest
@testable import FirthKit

final class EmbeddingPipelineTests: XCTestCase {
    private static let documents = ["the cat sat on the mat. the dog sat on the rug. the cat and the dog ran.",
                                    "the car drove on the road. the truck drove on the street. the car and the truck stopped."]

    /// Small knobs so the test runs in a blink: 4 dimensions, min-count 2, no subsampling.
    private func pipeline(_ method: EmbeddingMethod = .combined) -> EmbeddingPipeline {
        var svd = EmbeddingParameters()
        svd.dimensions = 4
        svd.removeTopComponents = 0
        var skipGram = SkipGramParameters()
        skipGram.dimensions = 4
        skipGram.epochs = 10
        skipGram.subsample = 0
        skipGram.minCount = 99   // the table's min-count must win for the combination
        return EmbeddingPipeline(method: method, svd: svd, skipGram: skipGram)
    }

    private func counted(_ store: CorpusStore) throws -> CooccurrenceTable {
        var count = CountParameters()
        count.minCount = 2
        return try CooccurrenceCounter(store: store).count(count).table
    }

    func testCombinedStoresBothPartsAndTheirMean() throws {
        let store = try makeStore(self, documents: Self.documents)
        let table = try counted(store)
        let made = try pipeline().make(in: store, table: table)
        XCTAssertFalse(made.reused)
        XCTAssertEqual(made.parts.map(\.source.kind), [.svd, .sgns])
        let (svd, sgns) = (made.parts[0], made.parts[1])
        XCTAssertEqual(svd.name, "svd4.p0.5.abtt0.w6.both.harmonic.document.min2")
        XCTAssertEqual(sgns.name, "sgns4.w5.neg5.e10.sub0.min2")   // the table's min-count, not 99
        XCTAssertEqual(made.embedding.name, svd.name + "+" + sgns.name)
        XCTAssertEqual(made.embedding.source.kind, .combined)
        XCTAssertEqual(made.embedding.combination, CombinationParameters(parts: [svd.name, sgns.name], weights: [1, 1]))
        XCTAssertEqual(made.embedding.dimensions, 8)
        XCTAssertEqual(try store.embeddings().map(\.name), [svd.name, sgns.name, made.embedding.name])
        // The most recent embedding, which queries use, is the combination.
        XCTAssertEqual(try store.embedding(named: nil).name, made.embedding.name)

        // Its cosine is the mean of the parts' cosines, each computed from its own stored vectors.
        let (a, b, c) = try (store.wordVectors(named: svd.name), store.wordVectors(named: sgns.name),
                             store.wordVectors(named: made.embedding.name))
        for (x, y) in [("cat", "dog"), ("car", "truck"), ("cat", "car"), ("sat", "drove"), ("the", "on")] {
            let mean = (try a.similarity(x, y) + b.similarity(x, y)) / 2
            XCTAssertEqual(try c.similarity(x, y), mean, accuracy: 1e-5, "\(x) \(y)")
        }
    }

    func testTheSVDPartRunsOnOneBLASThreadAndTheSettingComesBack() throws {
        let before = openblas_get_num_threads()
        defer { openblas_set_num_threads(before) }
        openblas_set_num_threads(2)
        var during: Int32 = 0
        EmbeddingPipeline.onOneBLASThread { during = openblas_get_num_threads() }
        XCTAssertEqual(during, 1)
        XCTAssertEqual(openblas_get_num_threads(), 2)
        struct Failure: Error {}
        XCTAssertThrowsError(try EmbeddingPipeline.onOneBLASThread { throw Failure() })
        XCTAssertEqual(openblas_get_num_threads(), 2, "restored when the body throws too")

        let store = try makeStore(self, documents: Self.documents)
        _ = try pipeline().make(in: store, table: try counted(store))
        XCTAssertEqual(openblas_get_num_threads(), 2, "the combined pipeline leaves the process's setting as it found it")
    }

    func testStagesAreReusedUntilTheCorpusChanges() throws {
        let store = try makeStore(self, documents: Self.documents)
        let first = try pipeline().make(in: store, table: try counted(store))
        let again = try pipeline().make(in: store, table: try counted(store))
        XCTAssertTrue(again.reused)
        XCTAssertEqual(again.embedding.id, first.embedding.id)
        XCTAssertEqual(try store.embeddings().count, 3)

        let forced = try pipeline().make(in: store, table: try counted(store), force: true)
        XCTAssertFalse(forced.reused)
        XCTAssertEqual(try store.embeddings().filter { $0.name == first.embedding.name }.count, 1)

        // New text: skip-gram must train again, so the old combination is replaced, not reused.
        let folder = try makeFolder(self, ["more.txt": "the cat sat on the road. the dog drove the car."])
        _ = try Ingester(store: store).ingest(paths: [folder.path])
        let grown = try pipeline().make(in: store, table: try counted(store))
        XCTAssertFalse(grown.reused)
        XCTAssertEqual(grown.embedding.name, first.embedding.name)
        XCTAssertFalse(grown.parts[1].isStale)
        XCTAssertEqual(try store.embeddings().filter { $0.name == first.embedding.name }.count, 1)
    }

    func testSingleMethodsAndMistakes() throws {
        let store = try makeStore(self, documents: Self.documents)
        let table = try counted(store)
        let svd = try pipeline(.svd).make(in: store, table: table, name: "counted")
        XCTAssertEqual(svd.embedding.source.kind, .svd)
        XCTAssertEqual(svd.embedding.name, "counted")
        XCTAssertTrue(svd.parts.isEmpty)
        var predicting = pipeline(.skipgram)
        predicting.skipGram.minCount = 2
        let sgns = try predicting.make(in: store, table: nil)
        XCTAssertEqual(sgns.embedding.source.kind, .sgns)

        // Counting needs a table; a name taken by another embedding is refused, and nothing is added.
        XCTAssertThrowsError(try pipeline(.svd).make(in: store, table: nil))
        XCTAssertThrowsError(try pipeline().make(in: store, table: table, name: "counted"))
        XCTAssertEqual(try store.embedding(named: "counted").source.kind, .svd)
    }
}
