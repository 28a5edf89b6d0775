import Foundation

/// Nearest-word questions asked at the same time, answered together by one matrix product.
///
/// One question costs a product of its vector with the whole embedding matrix (17,406 × 300
/// floats, 21 MB, on the benchmark corpus): reading the matrix, not the arithmetic, is the
/// cost, and every concurrent question read it again. Here questions that arrive while a
/// product runs wait for it to end, then one of them computes all that waited with one
/// `cblas_sgemm` (matrix × [q1 … qk]) and the top words of each column: the matrix is read once
/// for all of them. A question asked alone is computed at once, as before.
///
/// At most `runners` products run at a time (one per core: each is one BLAS thread). The
/// thread that computes a batch is always one whose own question is in it; when it is done it
/// hands the next batch to a waiting question's thread, so no request computes others' batches
/// after its own answer is ready.
///
/// ```swift
/// let batcher = NearestWordsBatcher()
/// let found = batcher.neighbors(.init(vector: v, count: 10, excluding: [row]), in: vectors, key: "7/…")
/// ```
final class NearestWordsBatcher: @unchecked Sendable {
    private final class Job {
        let key: String
        let vectors: WordVectors
        let query: WordVectors.NearestQuery
        var result: [WordVectors.Neighbor] = []
        var finished = false
        /// Handed the next batch to compute by the thread that computed the last one.
        var leads = false
        let wake = DispatchSemaphore(value: 0)

        init(key: String, vectors: WordVectors, query: WordVectors.NearestQuery) {
            self.key = key
            self.vectors = vectors
            self.query = query
        }
    }

    /// Products running at once.
    let runners: Int
    /// The most questions in one product (a batch's scores take `largestBatch` × words floats).
    let largestBatch: Int
    private let lock = NSLock()
    private var pending: [Job] = []
    private var running = 0
    private var products = 0
    private var questions = 0
    private var largest = 0

    init(runners: Int = max(1, ProcessInfo.processInfo.activeProcessorCount), largestBatch: Int = 128) {
        precondition(runners > 0 && largestBatch > 0, "at least one runner and one question a batch")
        self.runners = runners
        self.largestBatch = largestBatch
    }

    /// The nearest words for `query` in `vectors` (whose cache key is `key`: only questions on
    /// the same vectors share a product).
    func neighbors(_ query: WordVectors.NearestQuery, in vectors: WordVectors, key: String) -> [WordVectors.Neighbor] {
        let job = Job(key: key, vectors: vectors, query: query)
        lock.lock()
        pending.append(job)
        var leading = running < runners
        if leading { running += 1 }
        lock.unlock()
        while true {
            if !leading {
                job.wake.wait()
                lock.lock()
                if job.leads {
                    job.leads = false
                    leading = true
                } else if job.finished {
                    lock.unlock()
                    return job.result
                }
                lock.unlock()
                if !leading { continue }
            }
            lock.lock()
            if job.finished {
                handOff()
                lock.unlock()
                return job.result
            }
            let batch = takeBatch()
            if batch.isEmpty {
                // This question is in a batch another runner computes: wait for it.
                running -= 1
                leading = false
                lock.unlock()
                continue
            }
            products += 1
            questions += batch.count
            largest = max(largest, batch.count)
            lock.unlock()
            let answers = batch[0].vectors.neighbors(ofEach: batch.map(\.query))
            lock.lock()
            for (done, answer) in zip(batch, answers) {
                done.result = answer
                done.finished = true
                if done !== job { done.wake.signal() }
            }
            lock.unlock()
        }
    }

    /// The oldest waiting question and those on the same vectors, taken off the queue.
    /// Called with the lock held.
    private func takeBatch() -> [Job] {
        guard let first = pending.first else { return [] }
        var batch: [Job] = []
        var rest: [Job] = []
        for job in pending {
            if batch.count < largestBatch && job.key == first.key { batch.append(job) } else { rest.append(job) }
        }
        pending = rest
        return batch
    }

    /// Gives this runner's place to the oldest waiting question, or frees it. Lock held.
    private func handOff() {
        if let next = pending.first(where: { !$0.leads }) {
            next.leads = true
            next.wake.signal()
        } else {
            running -= 1
        }
    }

    /// Products computed, questions answered by them, and the most in one (for tests and benchmarks).
    var statistics: (products: Int, questions: Int, largest: Int) {
        lock.withLock { (products, questions, largest) }
    }
}
