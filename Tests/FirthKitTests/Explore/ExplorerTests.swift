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

    /// An embedding made while the explorer runs becomes the default, loaded in the background.
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
        explorer.latestCheckInterval = 0   // every request starts a check
        XCTAssertEqual(try explorer.vectors(nil).name, first)
        parameters.dimensions = 3
        let second = try EmbeddingBuilder(store: store).embed(table: table, parameters: parameters).embedding.name
        XCTAssertNotEqual(first, second)
        let deadline = Date().addingTimeInterval(60)
        var seen = try explorer.vectors(nil).name
        while seen != second && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.01)
            seen = try explorer.vectors(nil).name
        }
        XCTAssertEqual(seen, second, "the newer embedding became the default")
        XCTAssertEqual(try explorer.vectors(nil).dimensions, 3)
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

/// Values added from several threads.
private final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [Int] = []
    func add(_ value: Int) { lock.withLock { stored.append(value) } }
    var values: [Int] { lock.withLock { stored } }
}
