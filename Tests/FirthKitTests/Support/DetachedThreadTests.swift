import Foundation
import XCTest
@testable import FirthKit

/// Threads of their own that release what their work captured before they end.
final class DetachedThreadTests: XCTestCase {
    /// A store released last by a thread's work is closed while that thread is still running.
    ///
    /// With Foundation's `Thread` holding the work, the store's GRDB queue was disposed during the
    /// thread's teardown and libdispatch wrote into freed memory: in a debug build this loop
    /// aborted the test process on its first few rounds ("malloc_consolidate(): unaligned fastbin
    /// chunk detected"), and `make test` crashed now and then after the combined embedding's test.
    func testAStoreLastHeldByTheThreadIsReleasedBeforeTheThreadEnds() throws {
        for round in 0..<20 {
            let done = DispatchSemaphore(value: 0)
            let words = ParallelSlots<Int>(count: 1)
            weak let released = try startCounting(words, then: done)
            done.wait()
            XCTAssertGreaterThan(words[0] ?? 0, 5, "round \(round)")
            // The thread lets go of the store right after the work, not at some later teardown.
            let deadline = Date().addingTimeInterval(5)
            while released != nil, Date() < deadline { usleep(1000) }
            XCTAssertNil(released, "round \(round): the store outlived its thread's work")
        }
    }

    /// Opens a store, counts it, and hands it to a thread that factors the counts (as the
    /// combined embedding's SVD part runs): the thread's work holds the only reference.
    private func startCounting(_ words: ParallelSlots<Int>, then done: DispatchSemaphore) throws -> CorpusStore {
        let store = try makeStore(self, documents: ["the cat sat on the mat. the dog sat on the rug. the cat and the dog ran.",
                                                    "the car drove on the road. the truck drove on the street. the car stopped."])
        var count = CountParameters()
        count.minCount = 2
        let table = try CooccurrenceCounter(store: store).count(count).table
        var svd = EmbeddingParameters()
        svd.dimensions = 4
        svd.removeTopComponents = 0
        let parameters = svd
        DetachedThread.start(name: "firth.test.svd") {
            let made = try? EmbeddingBuilder(store: store, progress: .silent).embed(table: table, parameters: parameters, force: false)
            words[0] = made?.embedding.vocabularySize ?? -1
            done.signal()
        }
        return store
    }
}
