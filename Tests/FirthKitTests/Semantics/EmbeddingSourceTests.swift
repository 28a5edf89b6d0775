import Foundation
import GRDB
import XCTest
@testable import FirthKit

/// An embedding's typed ``Embedding/Source`` is read back from the stored row exactly as it was
/// written, for every kind; the default embedding of the queries; making what is missing.
final class EmbeddingSourceTests: XCTestCase {
    private static let documents = ["the cat sat on the mat. the dog sat on the rug. the cat and the dog ran.",
                                    "the car drove on the road. the truck drove on the street. the car and the truck stopped."]

    private func counted(_ store: CorpusStore, window: Int = 6) throws -> CooccurrenceTable {
        var count = CountParameters()
        count.minCount = 2
        count.window = window
        count.weighting = .uniform
        return try CooccurrenceCounter(store: store).count(count).table
    }

    private func svd(_ store: CorpusStore, table: CooccurrenceTable, seed: Int = 1) throws -> Embedding {
        var parameters = EmbeddingParameters()
        parameters.dimensions = 3
        parameters.eigenWeight = 0
        parameters.removeTopComponents = 1
        parameters.seed = seed
        return try EmbeddingBuilder(store: store).embed(table: table, parameters: parameters).embedding
    }

    private let words = ["cat", "dog"]
    private let vectors = DenseMatrix([[1, 0], [0, 1]])

    func testEverySourceRoundTripsThroughItsStoredRow() throws {
        let store = try makeStore(self, documents: Self.documents)
        let table = try counted(store, window: 3)

        var svdParameters = EmbeddingParameters()
        svdParameters.dimensions = 2
        svdParameters.eigenWeight = 1
        svdParameters.addContextVectors = true
        svdParameters.smoothing = .init(contextSmoothing: 0.5, shift: 2)
        var skipGram = SkipGramParameters()
        skipGram.epochs = 7
        skipGram.negative = 12
        skipGram.window = 4
        skipGram.corpus = [2, 40, 2]
        let combination = CombinationParameters(parts: ["s", "g"], weights: [1, 2.5])
        let sources: [(String, Embedding.Source, Int64?)] = [
            ("s", .svd(svdParameters, counts: table.parameters), table.id), ("g", .sgns(skipGram), nil),
            ("c", .combined(combination), nil), ("i", .imported, nil)]
        for (name, source, tableID) in sources {
            try store.storeEmbedding(name: name, source: source, tableID: tableID, words: words, vectors: vectors,
                                     singularValues: [], seconds: 0)
        }
        let read = try CorpusStore(path: store.path, readOnly: true).embeddings()
        XCTAssertEqual(read.map(\.source), sources.map(\.1))
        XCTAssertEqual(read.map(\.source.kind), [.svd, .sgns, .combined, .imported])

        // The typed knobs are what a user set, the count's included (it survives only in its table).
        let stored = read[0]
        XCTAssertEqual(stored.source.svd?.eigenWeight, 1)
        XCTAssertEqual(stored.source.svd?.smoothing.shift, 2)
        XCTAssertEqual(stored.source.counts?.window, 3)
        XCTAssertEqual(stored.source.counts?.weighting, .uniform)
        XCTAssertEqual(stored.source.counts?.minCount, 2)
        XCTAssertEqual(read[1].source.skipGram?.negative, 12)
        XCTAssertEqual(read[2].combination?.weights, [1, 2.5])

        // The columns hold what they held before the source was typed, and an SVD's count knobs.
        let columns = try store.dbQueue.read { db in
            try Row.fetchAll(db, sql: "SELECT source, parameters, count_parameters FROM embeddings ORDER BY embedding_id")
                .map { "\($0["source"] as String) \($0["parameters"] as String) \(($0["count_parameters"] as String?) ?? "NULL")" }
        }
        XCTAssertEqual(columns, ["svd \(svdParameters.json) \(table.parameters.json)", "sgns \(skipGram.json) NULL",
                                 "concat \(combination.canonicalJSON) NULL", "import {} NULL"])

        // Counted again from scratch, the table is deleted; the SVD still says what it factored.
        _ = try CooccurrenceCounter(store: store).count(table.parameters, force: true)
        let after = try store.embedding(named: "s")
        XCTAssertNil(after.tableID)
        XCTAssertEqual(after.source, .svd(svdParameters, counts: table.parameters))
    }

    /// Migration 0012 copies the knobs of the tables that are still there.
    func testTheMigrationKeepsTheCountsOfStoredEmbeddings() throws {
        let path = try makeTemporaryFolder(self).appendingPathComponent("old.sqlite").path
        let old = try DatabaseQueue(path: path)
        try CorpusStore.migrator.migrate(old, upTo: "0009_create_subcorpora")
        var counts = CountParameters()
        counts.window = 4
        try old.write { db in
            try db.execute(sql: """
                INSERT INTO cooccurrence_tables(table_id, name, parameters, window, direction, weighting, boundary, min_count,
                    gaps, seed, symmetric, status, corpus_documents, corpus_tokens, corpus_last_document, vocabulary_size,
                    nonzero_count, total, seconds)
                VALUES (3, ?, ?, 4, 'both', 'harmonic', 'document', 5, 'keep', 1, 1, 'complete', 0, 0, 0, 0, 0, 0, 0);
                INSERT INTO embeddings(embedding_id, name, source, table_id, parameters, dimensions, vocabulary_size, seconds)
                VALUES (1, 'kept', 'svd', 3, ?, 2, 0, 0), (2, 'orphan', 'svd', NULL, ?, 2, 0, 0), (3, 'file', 'import', NULL, '{}', 2, 0, 0);
                """, arguments: [counts.name, counts.json, EmbeddingParameters().json, EmbeddingParameters().json])
        }
        try old.close()
        let store = try CorpusStore(path: path)
        let stored = try store.dbQueue.read { db in
            try String?.fetchAll(db, sql: "SELECT count_parameters FROM embeddings ORDER BY embedding_id")
        }
        XCTAssertEqual(stored, [counts.json, nil, nil])
        XCTAssertEqual(try store.embeddings().map(\.source.counts), [counts, nil, nil])
    }

    /// Rows written before a knob existed, and rows whose table is gone, still read.
    func testOlderRowsRead() throws {
        let store = try makeStore(self, documents: Self.documents)
        let old = #"{"corpus":[2,40,2],"dimensions":4,"epochs":3,"learningRate":0.025,"minCount":1,"minLearningRate":0.0001,"negative":5,"seed":1,"subsample":0.001,"threads":2,"window":5}"#
        try store.dbQueue.write { db in
            try db.execute(sql: """
                INSERT INTO embeddings(name, source, table_id, parameters, dimensions, vocabulary_size, seconds)
                VALUES ('old-sgns', 'sgns', NULL, ?, 4, 0, 1),
                       ('old-svd', 'svd', NULL, '{"dimensions":4,"eigenWeight":0.5,"oversampling":10,"powerIterations":4,"seed":1,"smoothing":{"contextSmoothing":0.75,"shift":1}}', 4, 0, 1)
                """, arguments: [old])
        }
        let read = try store.embeddings()
        XCTAssertEqual(read[0].source.skipGram?.removeTopComponents, 0)
        XCTAssertEqual(read[0].source.skipGram?.threads, 2)
        XCTAssertEqual(read[1].source.svd?.removeTopComponents, 0)
        XCTAssertNil(read[1].source.counts)   // its table is gone: NULL table_id
        XCTAssertEqual(read[1].source.kind, .svd)
    }

    /// `firth embed --space OTHER` must not change what the queries use: the default is the most
    /// recent embedding of the default (most recent whole-corpus) table.
    func testAnEmbeddingOfAnotherTableIsNotTheDefault() throws {
        let store = try makeStore(self, documents: Self.documents)
        let other = try counted(store, window: 2)
        let latest = try counted(store, window: 3)
        let ofDefault = try svd(store, table: latest)
        XCTAssertEqual(try store.embedding(named: nil), ofDefault)
        let ofOther = try svd(store, table: other)
        XCTAssertGreaterThan(ofOther.id, ofDefault.id)
        XCTAssertEqual(try store.embedding(named: nil), ofDefault)
        // A combination with a part of the other table is used by name only, and so is a part
        // made for it (as `firth embed --space OTHER` makes its skip-gram part): imported
        // vectors here, stored after the default.
        let imported = try store.storeEmbedding(name: "elsewhere", source: .imported, tableID: nil, words: words, vectors: vectors,
                                                singularValues: [], seconds: 0)
        try store.combineEmbeddings([ofOther.name, imported.name], name: "mixed")
        XCTAssertEqual(try store.embedding(named: nil), ofDefault)
        // A combination of the default space's parts is the default.
        let both = try store.combineEmbeddings([ofDefault.name, imported.name], name: "both")
        XCTAssertEqual(try store.embedding(named: nil), both)
        // Vectors made on purpose elsewhere and nothing else: the most recent is still used.
        let alone = try makeStore(self, documents: Self.documents)
        let first = try counted(alone, window: 2)
        _ = try counted(alone, window: 3)
        let elsewhere = try svd(alone, table: first)
        XCTAssertEqual(try alone.embedding(named: nil), elsewhere)
    }

    /// The one library call that makes what a query is missing, and says what it made.
    func testEnsureMakesWhatIsMissingOnce() throws {
        // Each text five times, so that the default min-count of 5 keeps their words.
        let store = try makeStore(self, documents: Self.documents.map { String(repeating: $0 + " ", count: 5) })
        let steps = StepLog()
        let parts = MissingParts(report: { steps.append($0) })
        var pipeline = EmbeddingPipeline(method: .svd)
        pipeline.svd.dimensions = 2
        pipeline.svd.removeTopComponents = 0

        let made = try store.ensure(EmbeddingRequest(pipeline: pipeline), making: parts)
        let table = try store.cooccurrenceTable(named: nil)
        XCTAssertEqual(table.parameters, CountParameters())
        XCTAssertEqual(made.made, [.table(table), .embedding(made.value)])
        XCTAssertEqual(made.value.tableID, table.id)
        XCTAssertEqual(made.value.source, .svd(pipeline.svd, counts: CountParameters()))
        XCTAssertEqual(steps.kinds, ["embedding", "counting"])

        let again = try store.ensure(EmbeddingRequest(pipeline: pipeline), making: parts)
        XCTAssertEqual(again.value, made.value)
        XCTAssertTrue(again.made.isEmpty)
        XCTAssertEqual(try store.ensure(TableRequest(), making: parts).value, table)
        XCTAssertTrue(try store.ensure(TableRequest(), making: parts).made.isEmpty)
        XCTAssertEqual(steps.kinds, ["embedding", "counting"])
        XCTAssertThrowsError(try store.ensure(TableRequest(name: "nope"))) {
            XCTAssertTrue("\($0)".contains("co-occurrence table 'nope'"), "\($0)")
        }
        XCTAssertThrowsError(try store.ensure(TableRequest(name: table.name, subcorpus: "modern")))
    }

    /// Making the default embedding (with skip-gram) says how long skip-gram will take before
    /// anything is counted, from a rate timed just now and the corpus's size; the SVD alone does not.
    func testEnsureEstimatesSkipGramBeforeCounting() throws {
        let store = try makeStore(self, documents: Self.documents.map { String(repeating: $0 + " ", count: 5) })
        let steps = StepLog()
        var pipeline = EmbeddingPipeline()
        pipeline.svd.dimensions = 2
        pipeline.svd.removeTopComponents = 0
        pipeline.skipGram.dimensions = 4
        pipeline.skipGram.epochs = 3
        pipeline.skipGram.threads = 1
        let made = try store.ensure(EmbeddingRequest(pipeline: pipeline), making: MissingParts(report: { steps.append($0) }))
        XCTAssertEqual(made.value.combination?.parts.count, 2)
        XCTAssertEqual(steps.kinds, ["embedding", "estimate", "counting"])
        let tokens = try store.statistics().tokens
        let estimate = try XCTUnwrap(steps.estimates.first)
        XCTAssertEqual(estimate.words, tokens * 3)
        XCTAssertEqual(estimate.threads, 1)
        XCTAssertGreaterThan(estimate.wordsPerSecond, 0)
        XCTAssertEqual(estimate.seconds, Double(tokens * 3) / estimate.wordsPerSecond, accuracy: 1e-9 * estimate.seconds)
        // Stored now: nothing to make, nothing to estimate.
        XCTAssertTrue(try store.ensure(EmbeddingRequest(pipeline: pipeline), making: MissingParts(report: { steps.append($0) })).made.isEmpty)
        XCTAssertEqual(steps.kinds, ["embedding", "estimate", "counting"])
    }

    /// The library names the parameter, never a command-line flag.
    func testInvalidParametersAreNamedAsTheLibraryNamesThem() {
        var count = CountParameters()
        count.maxVocabulary = 0
        XCTAssertThrowsError(try count.validate()) {
            XCTAssertEqual($0 as? FirthError, .invalidParameter("maxVocabulary", reason: "must be at least 1 (got 0)"))
            XCTAssertEqual("\($0)", "maxVocabulary must be at least 1 (got 0)")
        }
        var svd = EmbeddingParameters()
        svd.eigenWeight = 3
        XCTAssertThrowsError(try svd.validate()) { XCTAssertEqual("\($0)", "eigenWeight must be between 0 and 2 (got 3.0)") }
        var attention = SentenceAttention.Settings()
        attention.window = 0
        XCTAssertThrowsError(try attention.validate()) { XCTAssertEqual("\($0)", "window must be at least 1") }
    }
}

/// The steps reported, in order.
private final class StepLog: @unchecked Sendable {
    private let lock = NSLock()
    private var steps: [MissingParts.Step] = []

    func append(_ step: MissingParts.Step) { lock.withLock { steps.append(step) } }

    var estimates: [SkipGramTrainer.Estimate] {
        lock.withLock { steps.compactMap { if case let .estimate(estimate) = $0 { return estimate } else { return nil } } }
    }

    var kinds: [String] {
        lock.withLock {
            steps.map {
                switch $0 {
                case .counting: return "counting"
                case .embedding: return "embedding"
                case .estimate: return "estimate"
                case .stale: return "stale"
                }
            }
        }
    }
}
