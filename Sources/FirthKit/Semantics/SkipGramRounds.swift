import CFirthKernels
import Foundation

/// Skip-gram on several threads with the same digits on every run: rounds of private copies
/// whose changes are summed in a fixed order.
///
/// word2vec and gensim let their threads update one shared model without locks (Hogwild, Recht
/// et al. 2011): fast, but which thread's write lands first changes from run to run, and so do
/// the vectors. Here each thread trains on its own copy of both tables. The text is cut into
/// rounds of about ``wordsPerThread`` words per thread; in a round, thread t trains the t-th
/// contiguous share of the round's segments on its copy, starting from the same model as the
/// others. At the end of the round every row becomes
///
///     model + Σₜ (copyₜ − model),   t = 0, 1, …
///
/// summed in that order, and is copied back into every copy. This is Hogwild with every thread's
/// writes delayed to the end of the round: the same updates are applied (summed, not averaged, so
/// no thread's learning is lost), only later, and in an order that does not depend on timing.
/// Each segment draws its windows, subsampling and negatives from its own random stream, and the
/// learning rate follows the words read by all threads, so the result depends only on the seed
/// and the number of threads. The merge is split by rows between the threads.
struct SkipGramRounds {
    let model: SkipGramModel

    /// Words one thread trains between merges. Shorter rounds are nearer to the sequential
    /// algorithm and cost more merges (each reads and writes every row of every copy).
    static let wordsPerThread = 50_000
    /// A small corpus is still cut into at least this many rounds per epoch.
    static let minimumRoundsPerEpoch = 32

    /// The segments of each round, per thread: `rounds[r][t]` are indices into the corpus's segments.
    static func rounds(of segments: [Range<Int>], threads: Int) -> [[Range<Int>]] {
        let total = segments.reduce(0) { $0 + $1.count }
        let perRound = threads * max(1, min(wordsPerThread, total / (threads * minimumRoundsPerEpoch)))
        var rounds: [[Range<Int>]] = []
        var start = 0, words = 0
        for (index, segment) in segments.enumerated() {
            words += segment.count
            if words >= perRound || index == segments.count - 1 {
                rounds.append(split(start..<(index + 1), of: segments, into: threads))
                start = index + 1
                words = 0
            }
        }
        return rounds
    }

    /// `indices` cut into `count` contiguous runs of about equal numbers of words
    /// (``SkipGramModel/shares(of:count:)``), empty ones at the end when there are fewer segments
    /// than threads.
    static func split(_ indices: Range<Int>, of segments: [Range<Int>], into count: Int) -> [Range<Int>] {
        var parts: [Range<Int>] = []
        var start = indices.lowerBound
        for share in SkipGramModel.shares(of: Array(segments[indices]), count: count) {
            parts.append(start..<(start + share.count))
            start += share.count
        }
        while parts.count < count { parts.append(start..<start) }
        return parts
    }

    func train(progress: Progress) {
        let parameters = model.parameters, corpus = model.corpus
        let threads = parameters.threads
        let size = corpus.words.count * model.dimensions
        let rounds = Self.rounds(of: corpus.segments, threads: threads)
        let epochWords = corpus.tokens.count
        let totalWords = Double(max(1, epochWords * parameters.epochs))

        let copies = Copies(of: model, count: threads, size: size)
        let barrier = Barrier(count: threads)

        let work: @Sendable (Int) -> Void = { thread in
            let scratch = SkipGramScratch(dimensions: model.dimensions, parameters: parameters)
            let (input, output) = (copies.inputs[thread], copies.outputs[thread])
            // The rows this thread merges.
            let rows = corpus.words.count
            let firstRow = rows * thread / threads, endRow = rows * (thread + 1) / threads
            var before = 0   // words of all threads in the rounds done
            for epoch in 0..<parameters.epochs {
                for round in rounds {
                    var mine = 0
                    for index in round[thread] {
                        let segment = corpus.segments[index]
                        // The learning rate as if the threads' words were read in step.
                        let alpha = SkipGramModel.learningRate(at: Double(before + threads * mine) / totalWords, parameters)
                        mine += segment.count
                        if thread == 0 {
                            progress.update(String(format: "epoch %d of %d, %.0f%%, learning rate %.5f (%d threads)",
                                                   epoch + 1, parameters.epochs,
                                                   100 * Double(before + threads * mine) / totalWords, alpha, threads))
                        }
                        var random = SkipGramModel.stream(seed: parameters.seed, epoch: epoch, segment: index)
                        model.trainSegment(segment, random: &random, alpha: alpha, input: input,
                                           output: output, scratch: scratch)
                    }
                    before += round.reduce(0) { sum, part in part.reduce(sum) { $0 + corpus.segments[$1].count } }
                    barrier.wait()
                    copies.merge(rows: firstRow..<endRow, dimensions: model.dimensions, into: model)
                    barrier.wait()
                }
            }
        }
        Barrier.run(threads: threads, work)
    }

}

/// Each thread's copy of W and C.
private final class Copies: @unchecked Sendable {
    let inputs: [UnsafeMutablePointer<Float>]
    let outputs: [UnsafeMutablePointer<Float>]

    init(of model: SkipGramModel, count: Int, size: Int) {
        inputs = (0..<count).map { _ in .allocate(capacity: max(size, 1)) }
        outputs = (0..<count).map { _ in .allocate(capacity: max(size, 1)) }
        for copy in inputs { copy.initialize(from: model.input, count: size) }
        for copy in outputs { copy.initialize(from: model.output, count: size) }
    }

    deinit {
        for copy in inputs + outputs { copy.deallocate() }
    }

    /// The rows `rows` of the model become model + Σₜ (copyₜ − model), and every copy's too.
    func merge(rows: Range<Int>, dimensions: Int, into model: SkipGramModel) {
        let start = rows.lowerBound * dimensions, count = rows.count * dimensions
        guard count > 0 else { return }
        for (table, copies) in [(model.input, inputs), (model.output, outputs)] {
            let shifted: [UnsafeMutablePointer<Float>?] = copies.map { $0 + start }
            shifted.withUnsafeBufferPointer { firth_merge_copies(table + start, $0.baseAddress!, Int32(copies.count), count) }
        }
    }
}

/// Threads that wait for each other: `wait()` returns once all `count` have called it.
final class Barrier: @unchecked Sendable {
    private let condition = NSCondition()
    private let count: Int
    private var waiting = 0
    private var generation = 0

    init(count: Int) { self.count = count }

    func wait() {
        condition.lock()
        defer { condition.unlock() }
        let mine = generation
        waiting += 1
        if waiting == count {
            waiting = 0
            generation += 1
            condition.broadcast()
        } else {
            while generation == mine { condition.wait() }
        }
    }

    /// Runs `work(0)` … `work(count − 1)` on `count` threads at once (the caller's is one of
    /// them) and returns when all are done. Unlike `concurrentPerform`, every task gets its
    /// own thread even when there are more tasks than cores, as a barrier needs.
    static func run(threads count: Int, _ work: @escaping @Sendable (Int) -> Void) {
        let done = DispatchGroup()
        for t in 1..<max(count, 1) {
            done.enter()
            DetachedThread.start(name: "firth.train.\(t)", stackSize: 1 << 20) { work(t); done.leave() }
        }
        work(0)
        done.wait()
    }
}
