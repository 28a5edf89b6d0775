import Foundation

/// Skip-gram on several threads sharing one model without locks, as word2vec and gensim train
/// (Hogwild, Recht et al. 2011): the fast path, whose digits change from run to run.
///
/// Each thread trains its contiguous share of every epoch's segments straight into the shared W
/// and C. Two threads may update the same row at the same moment and one write may be lost or
/// mixed; with tens of thousands of rows and random negatives such collisions are rare, and SGD
/// shrugs them off (Recht et al.), but which write lands first depends on timing, so two runs
/// differ in their last digits and then more. The learning rate of a thread follows its own
/// words times the number of threads (the threads read at about the same speed), as if all
/// had read in step. ``SkipGramRounds`` is the reproducible alternative.
struct SkipGramHogwild {
    let model: SkipGramModel

    func train(progress: Progress) {
        let parameters = model.parameters, corpus = model.corpus
        let threads = parameters.threads
        let cuts = Self.shares(of: corpus.segments, count: threads)
        let totalWords = Double(max(1, corpus.tokens.count * parameters.epochs))
        Barrier.run(threads: threads) { thread in
            let scratch = SkipGramScratch(dimensions: model.dimensions, parameters: parameters)
            var mine = 0
            for epoch in 0..<parameters.epochs {
                for index in cuts[thread] {
                    let segment = corpus.segments[index]
                    let alpha = SkipGramModel.learningRate(at: Double(threads * mine) / totalWords, parameters)
                    mine += segment.count
                    if thread == 0 {
                        progress.update(String(format: "epoch %d of %d, %.0f%%, learning rate %.5f (%d threads, lock-free)",
                                               epoch + 1, parameters.epochs, 100 * Double(threads * mine) / totalWords, alpha, threads))
                    }
                    var random = SkipGramModel.stream(seed: parameters.seed, epoch: epoch, segment: index)
                    model.trainSegment(segment, random: &random, alpha: alpha, input: model.input, output: model.output,
                                       scratch: scratch)
                }
            }
        }
    }

    /// The indices of `segments` cut into `count` contiguous runs of about equal numbers of words.
    static func shares(of segments: [Range<Int>], count: Int) -> [Range<Int>] {
        SkipGramRounds.split(0..<segments.count, of: segments, into: count)
    }
}
