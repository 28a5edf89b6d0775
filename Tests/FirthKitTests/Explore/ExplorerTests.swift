import Foundation
import XCTest
@testable import FirthKit

/// The explorer's answers called directly (no HTTP): the map's neighbourhoods, the corpus page's
/// word choice made once, and the caches that let requests run side by side.
final class ExplorerTests: XCTestCase {
    /// One tutorial database (counted and embedded as the tutorial does) for the tests that only read.
    nonisolated(unsafe) static var shared: (folder: URL, store: CorpusStore, table: CooccurrenceTable, vectors: WordVectors)?

    func tutorial() throws -> (store: CorpusStore, table: CooccurrenceTable, vectors: WordVectors) {
        if let shared = Self.shared { return (shared.store, shared.table, shared.vectors) }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("firth-explorer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let store = try CorpusStore(path: folder.appendingPathComponent("tutorial.sqlite").path)
        XCTAssertEqual(try Ingester(store: store).ingest(paths: [packageRoot.appendingPathComponent("Corpora/tutorial").path]).errors, [])
        let settings = TutorialDemo.Settings.tutorial
        let table = try CooccurrenceCounter(store: store).count(settings.count).table
        let embedding = try EmbeddingBuilder(store: store).embed(table: table, parameters: settings.embedding).embedding
        Self.shared = (folder, store, table, try store.wordVectors(named: embedding.name))
        return (store, table, Self.shared!.vectors)
    }

    override class func tearDown() {
        if let shared { try? FileManager.default.removeItem(at: shared.folder) }
        shared = nil
        super.tearDown()
    }

    func json(_ explorer: Explorer, _ path: String, _ query: [String: String] = [:]) throws -> [String: Any] {
        let answer = explorer.respond(path: path, query: ExploreQuery(query))
        XCTAssertEqual(answer.status, 200, String(decoding: answer.body, as: UTF8.self))
        return try XCTUnwrap(JSONSerialization.jsonObject(with: answer.body) as? [String: Any])
    }

    /// Frequent content words, each followed by its nearest words not placed before, as
    /// computed here one word at a time with `mostSimilar(to:)`.
    func testTheMapShowsContentWordsWithTheirNeighborhoods() throws {
        let (store, table, vectors) = try tutorial()
        let explorer = Explorer(store: store)
        let answer = try json(explorer, "/api/map", ["n": "60", "neighbors": "4"])
        let points = try XCTUnwrap(answer["points"] as? [[String: Any]])
        XCTAssertEqual(points.count, 60)
        XCTAssertEqual(answer["neighbors"] as? Int, 4)

        let choice = try WordChoice.choose(store: store, table: table, vectors: vectors, count: 60, pool: 200, tutorial: false)
        var expected: [(word: String, near: String?)] = []
        var placed: [String: Int] = [:]
        // Largest PMI mass first (the choice lists every pool word by mass).
        for seed in choice.masses.prefix(60).map(\.word) where expected.count < 60 {
            if let i = placed[seed] { expected[i].near = nil } else { placed[seed] = expected.count; expected.append((seed, nil)) }
            for neighbor in try vectors.mostSimilar(to: seed, count: 4) where expected.count < 60 && placed[neighbor.word] == nil {
                placed[neighbor.word] = expected.count
                expected.append((neighbor.word, seed))
            }
        }
        XCTAssertEqual(points.map { $0["word"] as! String }, expected.map(\.word))
        XCTAssertEqual(points.map { $0["near"] as? String }, expected.map(\.near))
        let seeds = points.filter { $0["near"] == nil }.map { $0["word"] as! String }
        XCTAssertLessThan(seeds.count, 60, "neighbours fill most of the map")
        XCTAssertGreaterThanOrEqual(seeds.count, 12)
        XCTAssertFalse(seeds.contains("the"), "function words are not chosen")
        XCTAssertTrue((answer["chosen_because"] as? String ?? "").contains("4 nearest words"))

        // Without neighbourhoods: the chosen words alone, largest mass first.
        let plain = try XCTUnwrap(try json(explorer, "/api/map", ["n": "20", "neighbors": "0"])["points"] as? [[String: Any]])
        XCTAssertEqual(plain.map { $0["word"] as! String }, try WordChoice.choose(store: store, table: table, vectors: vectors, count: 20,
                                                                                    pool: 200, tutorial: false).masses.prefix(20).map(\.word))
        XCTAssertTrue(plain.allSatisfy { $0["near"] == nil })
        XCTAssertEqual(explorer.respond(path: "/api/map", query: ExploreQuery(["neighbors": "51"])).status, 400)
    }

    /// One matrix product for many words gives what one product per word gives.
    func testMostSimilarToEachIsMostSimilarForEachWord() throws {
        let (_, _, vectors) = try tutorial()
        let words = Array(vectors.words.prefix(300))   // more than one block of 256
        let together = try vectors.mostSimilar(toEach: words, count: 7)
        XCTAssertEqual(together.count, words.count)
        for (word, found) in zip(words, together) {
            let alone = try vectors.mostSimilar(to: word, count: 7)
            XCTAssertEqual(found.map(\.word), alone.map(\.word), word)
            for (a, b) in zip(found, alone) { XCTAssertEqual(a.similarity, b.similarity, accuracy: 1e-5) }
            XCTAssertFalse(found.contains { $0.word == word })
        }
        XCTAssertEqual(try vectors.mostSimilar(toEach: [], count: 3).count, 0)
        XCTAssertThrowsError(try vectors.mostSimilar(toEach: ["river", "nosuchword"], count: 3))
    }

    /// The corpus page's suggested words are chosen once per count table and embedding, not on
    /// every visit; the map's choice is made and kept apart.
    func testTheCorpusPagesWordChoiceIsMadeOnce() throws {
        let (store, _, _) = try tutorial()
        let explorer = Explorer(store: store)
        let first = explorer.respond(path: "/api/corpus", query: ExploreQuery())
        let second = explorer.respond(path: "/api/corpus", query: ExploreQuery())
        XCTAssertEqual(first.status, 200)
        XCTAssertEqual(first, second)
        XCTAssertEqual(explorer.wordChoices.madeCount, 1)
        let suggested = try XCTUnwrap((try JSONSerialization.jsonObject(with: first.body) as? [String: Any])?["suggested_words"] as? [String])
        XCTAssertEqual(suggested.count, Explorer.suggestedCount)
        _ = try json(explorer, "/api/map", ["n": "30"])
        _ = try json(explorer, "/api/map", ["n": "30"])
        XCTAssertEqual(explorer.mapCache.madeCount, 1)
        XCTAssertEqual(explorer.wordChoices.madeCount, 1)
    }

    /// A nearest-words answer asked before is ready without computing (the server sends it at
    /// once); other questions are not.
    func testAKeptAnswerIsReadyWithoutComputing() throws {
        let (store, table, _) = try tutorial()
        let explorer = Explorer(store: store)
        let query = ExploreQuery(["word": "river", "top": "4"])
        XCTAssertNil(explorer.keptAnswer(path: "/api/neighbors", query: query), "nothing asked yet")
        let answer = explorer.respond(path: "/api/neighbors", query: query)
        XCTAssertEqual(answer.status, 200)
        XCTAssertEqual(explorer.keptAnswer(path: "/api/neighbors", query: query), answer)
        XCTAssertNil(explorer.keptAnswer(path: "/api/neighbors", query: ExploreQuery(["word": "river", "top": "5"])))
        XCTAssertNil(explorer.keptAnswer(path: "/api/word", query: ExploreQuery(["word": "river"])))
        XCTAssertNil(explorer.keptAnswer(path: "/api/neighbors", query: ExploreQuery(["word": "river", "top": "0"])))

    }

    /// An embedding made while the explorer runs becomes the default from the next request on.
    func testANewerEmbeddingIsTakenUp() throws {
        let sentences = ["the river bank was muddy.", "the bank gave a loan.", "fish swim in the river.", "money in the bank."]
        let store = try makeStore(self, documents: (0..<12).map { i in (0..<6).map { sentences[($0 + i) % 4] }.joined(separator: " ") })
        var count = CountParameters()
        count.minCount = 1
        let table = try CooccurrenceCounter(store: store).count(count).table
        var parameters = EmbeddingParameters()
        parameters.dimensions = 4
        let first = try EmbeddingBuilder(store: store).embed(table: table, parameters: parameters).embedding.name
        let explorer = Explorer(store: store)
        XCTAssertEqual(try explorer.vectors(nil).name, first)
        parameters.dimensions = 3
        let second = try EmbeddingBuilder(store: store).embed(table: table, parameters: parameters).embedding.name
        XCTAssertNotEqual(first, second)
        XCTAssertEqual(try explorer.vectors(nil).name, second, "the newer embedding became the default")
        XCTAssertEqual(try explorer.vectors(nil).dimensions, 3)
    }

    /// An embedding replaced under the same name while the explorer runs (as `firth embed
    /// --force` does: same name, and here the same id, second and parameters) is served anew
    /// from the next request on, named or by default, computed or kept.
    func testAnEmbeddingReplacedUnderTheSameNameIsServedAnew() throws {
        let sentences = ["the river bank was muddy.", "the bank gave a loan.", "fish swim in the river.", "money in the bank.",
                         "a loan of money.", "the fish in the muddy river."]
        let writer = try makeStore(self, documents: (0..<12).map { i in (0..<6).map { sentences[($0 + i) % 6] }.joined(separator: " ") })
        var count = CountParameters()
        count.minCount = 1
        let table = try CooccurrenceCounter(store: writer).count(count).table
        var parameters = EmbeddingParameters()
        parameters.dimensions = 4
        let made = try EmbeddingBuilder(store: writer).embed(table: table, parameters: parameters).embedding
        // The server's way: its own read-only connection.
        let explorer = Explorer(store: try CorpusStore(path: writer.path, readOnly: true))
        let named = ExploreQuery(["word": "river", "top": "3", "embedding": made.name])
        let byDefault = ExploreQuery(["word": "river", "top": "3"])
        // Each neighbour with its similarity to 4 decimals.
        func similar(_ answer: ExploreResponse) throws -> [String] {
            XCTAssertEqual(answer.status, 200, String(decoding: answer.body, as: UTF8.self))
            let rows = try XCTUnwrap(JSONSerialization.jsonObject(with: answer.body) as? [[String: Any]])
            return rows.map { "\($0["neighbor"]!) \(String(format: "%.4f", $0["similarity"] as! Double))" }
        }
        func expected(_ vectors: WordVectors) throws -> [String] {
            try vectors.mostSimilar(to: "river", count: 3).map { "\($0.word) \(String(format: "%.4f", Double($0.similarity)))" }
        }
        let old = try writer.wordVectors(named: made.name)
        XCTAssertEqual(try similar(explorer.respond(path: "/api/neighbors", query: named)), try expected(old))
        XCTAssertEqual(try similar(explorer.respond(path: "/api/neighbors", query: byDefault)), try expected(old))

        // The same words with other vectors (each word gets the vector of the word at the
        // mirrored row), under the same name, id, parameters and timing.
        let rows = (0..<old.words.count).reversed().map { old.vectors.row($0) }
        try writer.storeEmbedding(name: made.name, source: made.source, tableID: made.tableID, words: old.words,
                                  vectors: DenseMatrix(rows: rows.count, columns: old.dimensions, elements: rows.flatMap { $0 }),
                                  singularValues: made.singularValues, seconds: made.seconds)
        let replaced = try writer.embedding(named: made.name)
        XCTAssertEqual(replaced.id, made.id, "the id was reused")
        let new = try writer.wordVectors(named: made.name)
        XCTAssertNotEqual(try expected(new), try expected(old), "the replacement changes the answer")
        XCTAssertEqual(try similar(explorer.respond(path: "/api/neighbors", query: named)), try expected(new))
        XCTAssertEqual(try similar(explorer.respond(path: "/api/neighbors", query: byDefault)), try expected(new))
        XCTAssertEqual(try similar(XCTUnwrap(explorer.keptAnswer(path: "/api/neighbors", query: named))), try expected(new))
        XCTAssertEqual(try similar(XCTUnwrap(explorer.quickAnswer(path: "/api/neighbors", query: byDefault))), try expected(new))
        XCTAssertEqual(try explorer.vectors(made.name).vectors.row(0), new.vectors.row(0))
    }

    /// Questions answered together by one matrix product get the answers each gets alone
    /// (the same neighbours, the same scores to float rounding), words and expressions alike.
    func testBatchedNearestWordsAreTheAnswersAlone() throws {
        let (_, _, vectors) = try tutorial()
        let words = Array(vectors.words.prefix(40))
        var questions = words.map { word in
            let row = vectors.rowIfPresent(word)!
            return WordVectors.NearestQuery(vector: vectors.target(rows: [row], positive: 1), count: 6, excluding: [row])
        }
        let rows = [vectors.rowIfPresent(words[3])!, vectors.rowIfPresent(words[7])!, vectors.rowIfPresent(words[9])!]
        questions.append(.init(vector: vectors.target(rows: rows, positive: 2), count: 5, excluding: Set(rows)))
        let together = vectors.neighbors(ofEach: questions)
        XCTAssertEqual(together.count, questions.count)
        var alone = try words.map { try vectors.mostSimilar(to: $0, count: 6) }
        alone.append(try vectors.mostSimilar(positive: [words[3], words[7]], negative: [words[9]], count: 5))
        for (i, (found, expected)) in zip(together, alone).enumerated() {
            XCTAssertEqual(found.map(\.word), expected.map(\.word), "question \(i)")
            for (a, b) in zip(found, expected) { XCTAssertEqual(a.similarity, b.similarity, accuracy: 1e-5) }
        }
        // One question alone takes the matrix–vector path: the same bits.
        XCTAssertEqual(vectors.neighbors(ofEach: [questions[0]]), [alone[0]])

        // Through the explorer, many at once (each thread its own word) and one at a time.
        let batched = Explorer(store: try tutorial().store)
        let answers = AnswerBox(count: words.count)
        DispatchQueue.concurrentPerform(iterations: words.count) { i in
            answers.set(i, batched.respond(path: "/api/neighbors", query: ExploreQuery(["word": words[i], "top": "6"])))
        }
        let single = Explorer(store: try tutorial().store)
        for (i, word) in words.enumerated() {
            let one = single.respond(path: "/api/neighbors", query: ExploreQuery(["word": word, "top": "6"]))
            XCTAssertEqual(one.status, 200)
            let (x, y) = try (rowsOf(answers.get(i)), rowsOf(one))
            XCTAssertEqual(x.map { $0["neighbor"] as? String }, y.map { $0["neighbor"] as? String }, word)
            for (a, b) in zip(x, y) {
                XCTAssertEqual(try XCTUnwrap(a["similarity"] as? Double), try XCTUnwrap(b["similarity"] as? Double), accuracy: 0.0011)
            }
        }
        let statistics = batched.batcher.statistics
        XCTAssertEqual(statistics.questions, words.count)
        XCTAssertLessThanOrEqual(statistics.products, words.count)
    }

    func rowsOf(_ answer: ExploreResponse?) throws -> [[String: Any]] {
        let answer = try XCTUnwrap(answer)
        XCTAssertEqual(answer.status, 200)
        return try XCTUnwrap(JSONSerialization.jsonObject(with: answer.body) as? [[String: Any]])
    }

    /// Many questions on a batcher with one runner: each gets its own answer, and products
    /// are shared (fewer products than questions) when questions wait for one another.
    func testTheBatcherAnswersEachQuestionItsOwn() throws {
        let (_, _, vectors) = try tutorial()
        let batcher = NearestWordsBatcher(runners: 1, largestBatch: 8)
        let words = Array(vectors.words.prefix(64))
        let found = AnswerBox(count: words.count)
        let expected = try words.map { try vectors.mostSimilar(to: $0, count: 4) }
        DispatchQueue.concurrentPerform(iterations: words.count) { i in
            let row = vectors.rowIfPresent(words[i])!
            let answer = batcher.neighbors(.init(vector: vectors.target(rows: [row], positive: 1), count: 4, excluding: [row]),
                                           in: vectors, key: "k")
            found.setNeighbors(i, answer)
        }
        for i in words.indices {
            XCTAssertEqual(found.neighbors(i).map(\.word), expected[i].map(\.word), words[i])
        }
        let statistics = batcher.statistics
        XCTAssertEqual(statistics.questions, words.count)
        XCTAssertLessThanOrEqual(statistics.largest, 8)
    }

    /// Same key: made once, every caller gets it. Another key is made while the first is still
    /// being made (it does not wait behind it). A failure is not kept.
    func testComputedOnceMakesEachKeyOnceAndNeverHoldsUpOthers() throws {
        let cache = ComputedOnce<String, Int>(limit: 8)
        let seen = Collected()
        DispatchQueue.concurrentPerform(iterations: 16) { _ in
            seen.add(try! cache.value("a") { Thread.sleep(forTimeInterval: 0.01); return 42 })
        }
        XCTAssertEqual(seen.values, Array(repeating: 42, count: 16))
        XCTAssertEqual(cache.madeCount, 1)

        // "slow" is made until "quick" has been answered: if "quick" waited for "slow", neither would finish.
        let quickDone = DispatchSemaphore(value: 0)
        let slowDone = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            _ = try? cache.value("slow") { _ = quickDone.wait(timeout: .now() + 30); return 1 }
            slowDone.signal()
        }
        DispatchQueue.global().async {
            _ = try? cache.value("quick") { 2 }
            quickDone.signal()
        }
        XCTAssertEqual(slowDone.wait(timeout: .now() + 60), .success)
        XCTAssertEqual(cache.cached("quick"), 2)
        XCTAssertEqual(cache.cached("slow"), 1)

        struct Failure: Error {}
        XCTAssertThrowsError(try cache.value("bad") { throw Failure() })
        XCTAssertNil(cache.cached("bad"))
        XCTAssertEqual(try cache.value("bad") { 3 }, 3)
    }

    /// A running server gives OpenBLAS one thread per call (requests are the parallelism) and
    /// gives back the count it found when it stops.
    func testTheServerRunsBLASOnOneThreadAndRestoresIt() async throws {
        let (store, _, _) = try tutorial()
        let before = ExploreServer.blasThreads
        let server = try ExploreServer(explorer: Explorer(store: store), host: "127.0.0.1", port: 0)
        _ = try await server.start()
        XCTAssertEqual(ExploreServer.blasThreads, 1)
        await server.stop()
        XCTAssertEqual(ExploreServer.blasThreads, before)
    }
}

/// Answers set from several threads, by index.
private final class AnswerBox: @unchecked Sendable {
    private let lock = NSLock()
    private var answers: [ExploreResponse?]
    private var found: [[WordVectors.Neighbor]]
    init(count: Int) { answers = Array(repeating: nil, count: count); found = Array(repeating: [], count: count) }
    func set(_ i: Int, _ answer: ExploreResponse) { lock.withLock { answers[i] = answer } }
    func get(_ i: Int) -> ExploreResponse? { lock.withLock { answers[i] } }
    func setNeighbors(_ i: Int, _ neighbors: [WordVectors.Neighbor]) { lock.withLock { found[i] = neighbors } }
    func neighbors(_ i: Int) -> [WordVectors.Neighbor] { lock.withLock { found[i] } }
}

/// Values added from several threads.
private final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [Int] = []
    func add(_ value: Int) { lock.withLock { stored.append(value) } }
    var values: [Int] { lock.withLock { stored } }
}
