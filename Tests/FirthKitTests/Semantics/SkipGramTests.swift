import Foundation
import GRDB
import XCTest
import CFirthKernels
@testable import FirthKit

final class SkipGramTests: XCTestCase {
    // MARK: - The formulas, checked by hand

    /// word2vec.c's keep probability (√(n/(t·N)) + 1)·(t·N)/n with t = 1e-3 and N = 1,010:
    /// t·N = 1.01, so n = 1,000 → (√990.099 + 1)·0.00101 = 0.0327905 and n = 10 → 0.418805.
    func testSubsamplingKeepsWord2vecsFraction() {
        let keep = SkipGramModel.keepProbabilities(counts: [1000, 10, 1], trainingWords: 1010, threshold: 1e-3)
        XCTAssertEqual(keep[0], 0.0327905, accuracy: 1e-6)
        XCTAssertEqual(keep[1], 0.418805, accuracy: 1e-6)
        XCTAssertEqual(keep[2], 1)   // (√0.990 + 1)·1.01 = 2.01 > 1: rare words are always kept
        XCTAssertEqual(SkipGramModel.keepProbabilities(counts: [1000, 10], trainingWords: 1010, threshold: 0), [1, 1])
    }

    /// Negatives follow count^0.75: counts 16 and 1 give weights 8 and 1.
    func testNegativesAreDrawnFromTheSmoothedUnigramDistribution() {
        let cumulative = SkipGramModel.negativeDistribution(counts: [16, 1])
        XCTAssertEqual(cumulative[0], 8.0 / 9.0, accuracy: 1e-12)
        XCTAssertEqual(cumulative[1], 1)
        let model = SkipGramModel(corpus: SkipGramCorpus(words: ["a", "b"], counts: [16, 1], documents: [[0, 1]]),
                                  parameters: SkipGramParameters())
        XCTAssertEqual(model.negative(0), 0)
        XCTAssertEqual(model.negative(0.888), 0)
        XCTAssertEqual(model.negative(0.889), 1)
        XCTAssertEqual(model.negative(0.999999), 1)
    }

    /// The defaults chosen on the tuning half of the benchmarks (tuning-results.md): d 200, 15 epochs.
    func testTheDefaultsName() {
        XCTAssertEqual(SkipGramParameters().name, "sgns200.w5.neg5.e15.min5")
        XCTAssertEqual(EmbeddingPipeline().skipGram.dimensions, 200)
        XCTAssertEqual(EmbeddingPipeline().svd.dimensions, 300)
    }

    func testLearningRateFallsLinearly() {
        let p = SkipGramParameters()
        XCTAssertEqual(SkipGramModel.learningRate(at: 0, p), 0.025, accuracy: 1e-9)
        XCTAssertEqual(SkipGramModel.learningRate(at: 0.5, p), 0.01255, accuracy: 1e-9)
        XCTAssertEqual(SkipGramModel.learningRate(at: 1, p), 0.0001, accuracy: 1e-9)
        XCTAssertEqual(SkipGramModel.learningRate(at: 2, p), 0.0001, accuracy: 1e-9)
    }

    /// w = (0.1, 0.2), c = (0.3, −0.1): w·c = 0.01, σ = 0.5025, g = (1 − σ)·0.5 = 0.24875;
    /// the gradient collects g·c = (0.074625, −0.024875) and c becomes c + g·w = (0.324875, −0.05025).
    func testOneGradientStepByHand() {
        var w: [Float] = [0.1, 0.2], c: [Float] = [0.3, -0.1], gradient: [Float] = [0, 0]
        w.withUnsafeMutableBufferPointer { w in c.withUnsafeMutableBufferPointer { c in gradient.withUnsafeMutableBufferPointer { g in
            SkipGramModel.step(word: w.baseAddress!, context: c.baseAddress!, label: 1, learningRate: 0.5,
                               gradient: g.baseAddress!, dimensions: 2)
        } } }
        XCTAssertEqual(gradient[0], 0.074625, accuracy: 1e-6)
        XCTAssertEqual(gradient[1], -0.024875, accuracy: 1e-6)
        XCTAssertEqual(c[0], 0.324875, accuracy: 1e-6)
        XCTAssertEqual(c[1], -0.05025, accuracy: 1e-6)
        XCTAssertEqual(w, [0.1, 0.2])   // w moves only once all targets are done

        // Beyond the clip at 6 a correct prediction has nothing left to learn.
        var big: [Float] = [4, 4], other: [Float] = [1, 1], none: [Float] = [0, 0]
        big.withUnsafeMutableBufferPointer { w in other.withUnsafeMutableBufferPointer { c in none.withUnsafeMutableBufferPointer { g in
            SkipGramModel.step(word: w.baseAddress!, context: c.baseAddress!, label: 1, learningRate: 0.5,
                               gradient: g.baseAddress!, dimensions: 2)
        } } }
        XCTAssertEqual(none, [0, 0])
        XCTAssertEqual(other, [1, 1])
    }

    func testSegmentsStopAtDocumentsAndTenThousandWords() {
        let corpus = SkipGramCorpus(words: ["a"], counts: [25_003], documents: [[0, 0, 0], Array(repeating: 0, count: 25_000)])
        XCTAssertEqual(corpus.segments, [0..<3, 3..<10_003, 10_003..<20_003, 20_003..<25_003])
        XCTAssertEqual(corpus.tokens.count, 25_003)
        let shares = SkipGramModel.shares(of: corpus.segments, count: 2)
        XCTAssertEqual(shares, [[0..<3, 3..<10_003, 10_003..<20_003], [20_003..<25_003]])
        XCTAssertEqual(SkipGramModel.shares(of: corpus.segments, count: 1), [corpus.segments])
        XCTAssertEqual(SkipGramModel.shares(of: [0..<5], count: 4), [[0..<5]])
    }

    // MARK: - Training

    /// Two topics that share only their frame: animals sit on mats and rugs, vehicles drive on
    /// roads and streets. Words of one topic must end up nearer each other than across topics.
    static func twoTopics(sentences: Int = 400, seed: UInt64 = 7) -> SkipGramCorpus {
        let words = ["the", "on", "cat", "dog", "sat", "slept", "mat", "rug", "car", "truck", "drove", "parked", "road", "street"]
        let index = Dictionary(uniqueKeysWithValues: words.enumerated().map { ($1, Int32($0)) })
        var random = SplitMix64(seed: seed)
        var documents: [[Int32]] = []
        var counts = [Int](repeating: 0, count: words.count)
        for s in 0..<sentences {
            let topic = s % 2 == 0
                ? (["cat", "dog"], ["sat", "slept"], ["mat", "rug"])
                : (["car", "truck"], ["drove", "parked"], ["road", "street"])
            let pick = { (pair: [String]) in pair[Int(random.next() % 2)] }
            let sentence = ["the", pick(topic.0), pick(topic.1), "on", "the", pick(topic.2)].map { index[$0]! }
            for w in sentence { counts[Int(w)] += 1 }
            documents.append(sentence)
        }
        return SkipGramCorpus(words: words, counts: counts, documents: documents)
    }

    static var smallParameters: SkipGramParameters {
        var p = SkipGramParameters()
        p.dimensions = 10
        p.window = 3
        p.epochs = 20
        p.subsample = 0
        return p
    }

    func testWordsOfOneTopicEndUpTogether() {
        let corpus = Self.twoTopics()
        let vectors = WordVectors(name: "t", words: corpus.words,
                                  vectors: SkipGramTrainer.train(corpus: corpus, parameters: Self.smallParameters).normalizedRows())
        func sim(_ a: String, _ b: String) -> Float { vectors.vectors.row(vectors.rowIfPresent(a)!).dot(vectors.vectors.row(vectors.rowIfPresent(b)!)) }
        XCTAssertGreaterThan(sim("cat", "dog"), sim("cat", "car") + 0.3)
        XCTAssertGreaterThan(sim("car", "truck"), sim("truck", "dog") + 0.3)
        XCTAssertGreaterThan(sim("mat", "rug"), sim("rug", "road") + 0.3)
        XCTAssertGreaterThan(sim("drove", "parked"), sim("parked", "slept") + 0.3)
    }

    /// Levy & Goldberg (2014): at its optimum SGNS sets w·c = log(#(w,c) / (#(w)·P(c))) − log k,
    /// where P is the distribution negatives are drawn from (count^0.75, which makes this exactly
    /// PPMI's context-smoothed PMI). The counts are computed here independently, in memory, with
    /// the dynamic window's weights (window − δ + 1)/window; the trained dot products must follow.
    func testDotProductsApproachShiftedPMI() throws {
        let corpus = Self.twoTopics()
        var p = Self.smallParameters
        p.epochs = 50
        let model = SkipGramModel(corpus: corpus, parameters: p)
        model.train(progress: .silent)

        let v = corpus.words.count
        var pairs = [Double](repeating: 0, count: v * v)
        for segment in corpus.segments {
            let sentence = Array(corpus.tokens[segment])
            for i in sentence.indices {
                for j in sentence.indices where j != i && abs(i - j) <= p.window {
                    pairs[Int(sentence[i]) * v + Int(sentence[j])] += Double(p.window - abs(i - j) + 1) / Double(p.window)
                }
            }
        }
        let rows = (0..<v).map { w in (0..<v).reduce(0) { $0 + pairs[w * v + $1] } }
        let smoothed = corpus.counts.map { pow(Double($0), 0.75) }
        let total = smoothed.reduce(0, +)
        var expected: [Double] = [], trained: [Double] = []
        for w in 0..<v {
            for c in 0..<v where pairs[w * v + c] >= 20 {
                // The context word c's W row predicts the centre word w's C row, and the
                // negatives replace w: so #(c) counts c's pairs and P applies to w.
                expected.append(log(pairs[w * v + c] / (rows[c] * smoothed[w] / total)) - log(Double(p.negative)))
                trained.append(Double((0..<p.dimensions).reduce(Float(0)) { $0 + model.input[c * p.dimensions + $1] * model.output[w * p.dimensions + $1] }))
            }
        }
        XCTAssertGreaterThan(expected.count, 50)
        let mean = (expected.reduce(0, +) / Double(expected.count), trained.reduce(0, +) / Double(trained.count))
        let covariance = zip(expected, trained).reduce(0) { $0 + ($1.0 - mean.0) * ($1.1 - mean.1) }
        let spread = (expected.reduce(0) { $0 + ($1 - mean.0) * ($1 - mean.0) }, trained.reduce(0) { $0 + ($1 - mean.1) * ($1 - mean.1) })
        let correlation = covariance / (spread.0 * spread.1).squareRoot()
        print("shifted PMI vs w·c: \(expected.count) pairs, Pearson r = \(correlation), mean \(mean.0) vs \(mean.1)")
        XCTAssertGreaterThan(correlation, 0.9)
    }

    func testOneThreadIsReproducibleAndTheSeedMatters() {
        let corpus = Self.twoTopics(sentences: 100)
        var p = Self.smallParameters
        p.epochs = 3
        p.threads = 1
        let first = SkipGramTrainer.train(corpus: corpus, parameters: p)
        XCTAssertEqual(SkipGramTrainer.train(corpus: corpus, parameters: p), first)
        p.seed = 2
        XCTAssertNotEqual(SkipGramTrainer.train(corpus: corpus, parameters: p), first)
    }

    func testTwoThreadsInRoundsLearnAsWell() {
        var p = Self.smallParameters
        p.threads = 2
        p.lockFree = nil   // the reproducible rounds
        let corpus = Self.twoTopics()
        let vectors = SkipGramTrainer.train(corpus: corpus, parameters: p).normalizedRows()
        let (cat, dog, car) = (vectors.row(2), vectors.row(3), vectors.row(8))
        XCTAssertGreaterThan(cat.dot(dog), cat.dot(car) + 0.3)
    }

    /// Two threads in rounds give the same digits on every run (rounds merged in a fixed order),
    /// and not the one-thread digits.
    func testTwoThreadsInRoundsAreReproducible() {
        let corpus = Self.twoTopics(sentences: 200)
        var p = Self.smallParameters
        p.epochs = 3
        p.threads = 2
        p.lockFree = false   // the reproducible rounds
        let first = SkipGramTrainer.train(corpus: corpus, parameters: p)
        for _ in 0..<3 { XCTAssertEqual(SkipGramTrainer.train(corpus: corpus, parameters: p), first) }
        p.threads = 1
        XCTAssertNotEqual(SkipGramTrainer.train(corpus: corpus, parameters: p), first)
        p.threads = 3   // more threads than cores still works (each gets its own thread)
        XCTAssertEqual(SkipGramTrainer.train(corpus: corpus, parameters: p), SkipGramTrainer.train(corpus: corpus, parameters: p))
    }

    /// Lock-free threads (Hogwild) learn the topics too; their name says so, and the reproducible
    /// rounds' parameters are spelled as before (no lockFree key), so stored ones still compare equal.
    func testLockFreeThreadsLearnAndAreNamed() {
        var p = Self.smallParameters
        p.threads = 2
        p.lockFree = true
        let vectors = SkipGramTrainer.train(corpus: Self.twoTopics(), parameters: p).normalizedRows()
        let (cat, dog, car) = (vectors.row(2), vectors.row(3), vectors.row(8))
        XCTAssertGreaterThan(cat.dot(dog), cat.dot(car) + 0.3)
        p.threads = 65   // never the default (at most 64)
        XCTAssertEqual(p.name, "sgns10.w3.neg5.e20.sub0.t65.min5")
        p.lockFree = nil
        XCTAssertFalse(p.json.contains("lockFree"))
        XCTAssertEqual(p.name, "sgns10.w3.neg5.e20.sub0.t65.rounds.min5")
        p.threads = 1
        XCTAssertEqual(p.name, SkipGramParameters.defaultThreads == 1 ? "sgns10.w3.neg5.e20.sub0.min5" : "sgns10.w3.neg5.e20.sub0.t1.min5")
    }

    /// tokens × epochs / (rate × (1 + (threads − 1) × 0.9)): 1,000 × 15 / (1,000 × 1.9) = 7.8947 s.
    func testTrainingTimeIsEstimatedFromARate() {
        var p = SkipGramParameters()
        p.threads = 2
        XCTAssertEqual(p.estimatedSeconds(tokens: 1000, wordsPerSecond: 1000), 15 / 1.9, accuracy: 1e-9)
        p.threads = 1
        XCTAssertEqual(p.estimatedSeconds(tokens: 2000, wordsPerSecond: 1000), 30, accuracy: 1e-9)
        p.dimensions = 20
        let rate = SkipGramTrainer.measuredWordsPerSecond(parameters: p, vocabulary: 500)
        XCTAssertTrue(rate.isFinite && rate > 0, "\(rate)")
    }

    /// Each round is cut into contiguous per-thread shares of about equal words; together the
    /// rounds cover every segment once, in order.
    func testRoundsCoverTheSegmentsInOrder() {
        let segments = (0..<10).map { $0 * 10..<($0 + 1) * 10 }   // 100 words in 10 segments
        XCTAssertEqual(SkipGramRounds.split(0..<4, of: segments, into: 2), [0..<2, 2..<4])
        XCTAssertEqual(SkipGramRounds.split(0..<3, of: segments, into: 2), [0..<2, 2..<3])
        XCTAssertEqual(SkipGramRounds.split(0..<1, of: segments, into: 3), [0..<1, 1..<1, 1..<1])
        // 400 words / (2 threads · 32 rounds) = 6 words per thread: a round closes at 12 words.
        let small = (0..<40).map { $0 * 10..<($0 + 1) * 10 }
        let rounds = SkipGramRounds.rounds(of: small, threads: 2)
        XCTAssertEqual(rounds.count, 20)
        XCTAssertEqual(rounds[0], [0..<1, 1..<2])
        XCTAssertEqual(rounds.flatMap { $0 }.flatMap { Array($0) }, Array(0..<40))
        let big = (0..<400).map { $0 * 10_000..<($0 + 1) * 10_000 }   // 4 million words
        let bigRounds = SkipGramRounds.rounds(of: big, threads: 2)   // 50,000 words per thread
        XCTAssertEqual(bigRounds.count, 40)
        XCTAssertEqual(bigRounds[1], [10..<15, 15..<20])
    }

    /// The merge: 1 + (3 − 1) + (4 − 1) = 6 in the model and in both copies.
    func testMergeSumsTheChangesOfEveryCopy() {
        var model: [Float] = [1, 2, 5], a: [Float] = [3, 2, 4], b: [Float] = [4, 2, 5], c: [Float] = [1, 0, 5]
        model.withUnsafeMutableBufferPointer { m in a.withUnsafeMutableBufferPointer { a in b.withUnsafeMutableBufferPointer { b in
            let copies: [UnsafeMutablePointer<Float>?] = [a.baseAddress, b.baseAddress]
            firth_merge_copies(m.baseAddress!, copies, 2, 3)
        } } }
        XCTAssertEqual(model, [6, 2, 4])
        XCTAssertEqual(a, model)
        XCTAssertEqual(b, model)
        var three: [Float] = [1, 2, 5], a3: [Float] = [3, 2, 4], b3: [Float] = [4, 2, 5]
        three.withUnsafeMutableBufferPointer { m in a3.withUnsafeMutableBufferPointer { a in b3.withUnsafeMutableBufferPointer { b in
            c.withUnsafeMutableBufferPointer { c in
                let copies: [UnsafeMutablePointer<Float>?] = [a.baseAddress, b.baseAddress, c.baseAddress]
                firth_merge_copies(m.baseAddress!, copies, 3, 3)
            }
        } } }
        XCTAssertEqual(three, [6, 0, 4])   // 2 + 0 + 0 − 2; 5 − 1 + 0 + 0
        XCTAssertEqual(c, three)
    }

    /// The guide table only narrows the binary search: every draw gets the word the plain search
    /// over the whole cumulative distribution gives, including draws on a slice's edge.
    func testGuidedNegativeDrawsMatchThePlainSearch() {
        let counts = (1...3000).map { 1_000_000 / ($0 * $0 % 7919 + 1) }
        let model = SkipGramModel(corpus: SkipGramCorpus(words: counts.map { "w\($0)" }, counts: counts, documents: [[0]]),
                                  parameters: Self.smallParameters)
        func plain(_ u: Double) -> Int32 {   // binary search for the first entry above u
            var low = 0, high = model.negativeCumulative.count - 1
            while low < high {
                let middle = (low + high) / 2
                if model.negativeCumulative[middle] <= u { low = middle + 1 } else { high = middle }
            }
            return Int32(low)
        }
        var random = SplitMix64(seed: 3)
        var draws = (0..<20_000).map { _ in Double(random.next() >> 11) * 0x1p-53 }
        draws += (0..<65_536).map { Double($0) / 65_536 } + model.negativeCumulative.dropLast()
        XCTAssertEqual(plain(0), 0)
        for u in draws where model.negative(u) != plain(u) { XCTFail("u = \(u): \(model.negative(u)) != \(plain(u))") }
    }

    /// The kernel agrees with a plain computation of a whole pair to rounding: all targets
    /// distinct (the fused path: every dot product first, then every update), 1 + 5 targets (the
    /// default's most), a target twice (one at a time, so the second step sees the first's
    /// change), and more targets than the fused path takes.
    func testPairKernelFollowsTheFormula() {
        let d = 37   // not a multiple of 8 or 16: the tails are used
        for targets: [Int32] in [[1, 2, 0], [3, 0, 1, 2, 5, 4], [1, 2, 2, 0], [6, 0, 1, 2, 3, 4, 5], [2]] {
            var random = SplitMix64(seed: 5)
            var w = (0..<d).map { _ in Float(random.next() % 1000) / 1000 - 0.5 }
            var output = (0..<(7 * d)).map { _ in Float(random.next() % 1000) / 1000 - 0.5 }
            var expectedW = w.map(Double.init), expectedC = output.map(Double.init)
            var gradient = [Double](repeating: 0, count: d)
            for (k, t) in targets.enumerated() {
                let row = Int(t) * d
                let f = (0..<d).reduce(0.0) { $0 + expectedW[$1] * expectedC[row + $1] }
                let g = ((k == 0 ? 1 : 0) - 1 / (1 + exp(-f))) * 0.1
                for i in 0..<d { gradient[i] += g * expectedC[row + i]; expectedC[row + i] += g * expectedW[i] }
            }
            for i in 0..<d { expectedW[i] += gradient[i] }
            var scratch = [Float](repeating: 9, count: d)
            w.withUnsafeMutableBufferPointer { w in output.withUnsafeMutableBufferPointer { o in scratch.withUnsafeMutableBufferPointer { s in
                firth_sgns_pair(w.baseAddress!, o.baseAddress!, targets, Int32(targets.count), Int32(d), 0.1, s.baseAddress!)
            } } }
            for i in 0..<d { XCTAssertEqual(Double(w[i]), expectedW[i], accuracy: 1e-5, "targets \(targets)") }
            for i in 0..<(7 * d) { XCTAssertEqual(Double(output[i]), expectedC[i], accuracy: 1e-5, "targets \(targets)") }
        }
    }

    /// The C segment loop draws and trains exactly as this plain Swift loop (word2vec.c's order,
    /// the guide table checked above): the same vectors bit for bit and the same stream state
    /// after, with subsampling on, a window wider than some segments and a negative equal to the
    /// centre word now and then (3 words).
    func testSegmentLoopInCMatchesThePlainLoop() {
        var random = SplitMix64(seed: 11)
        let documents: [[Int32]] = [(0..<300).map { _ in Int32(random.next() % 3) }, [1], [2, 0], []]
        let corpus = SkipGramCorpus(words: ["a", "b", "c"], counts: [100, 60, 5], documents: documents)
        var p = Self.smallParameters
        p.subsample = 0.05
        p.window = 4
        p.dimensions = 19
        let fast = SkipGramModel(corpus: corpus, parameters: p), plain = SkipGramModel(corpus: corpus, parameters: p)
        let scratch = SkipGramScratch(dimensions: p.dimensions, parameters: p)
        var gradient = [Float](repeating: 0, count: p.dimensions)
        for (index, segment) in corpus.segments.enumerated() {
            var a = SkipGramModel.stream(seed: 1, epoch: 0, segment: index), b = a
            fast.trainSegment(segment, random: &a, alpha: 0.05, input: fast.input, output: fast.output, scratch: scratch)
            // The loop as word2vec.c writes it.
            var sentence: [Int32] = []
            for i in segment {
                let word = corpus.tokens[i], keep = plain.keepProbability[Int(word)]
                if keep < 1 && keep < SkipGramModel.unit(&b) { continue }
                sentence.append(word)
            }
            for position in sentence.indices {
                let reach = p.window - Int(b.next() % UInt64(p.window))
                for other in max(0, position - reach)...min(sentence.count - 1, position + reach) where other != position {
                    var targets = [sentence[position]]
                    for _ in 0..<p.negative {
                        let bits = b.next()
                        let target = plain.negative(Double(bits >> 11) * 0x1p-53)
                        if target != sentence[position] { targets.append(target) }
                    }
                    gradient.withUnsafeMutableBufferPointer { g in
                        firth_sgns_pair(plain.input + Int(sentence[other]) * p.dimensions, plain.output, targets,
                                        Int32(targets.count), Int32(p.dimensions), 0.05, g.baseAddress!)
                    }
                }
            }
            XCTAssertEqual(a, b, "stream state after segment \(index)")
        }
        let size = corpus.words.count * p.dimensions
        XCTAssertEqual(Array(UnsafeBufferPointer(start: fast.input, count: size)), Array(UnsafeBufferPointer(start: plain.input, count: size)))
        XCTAssertEqual(Array(UnsafeBufferPointer(start: fast.output, count: size)), Array(UnsafeBufferPointer(start: plain.output, count: size)))
        XCTAssertNotEqual(Array(UnsafeBufferPointer(start: fast.output, count: size)), [Float](repeating: 0, count: size))
    }

    // MARK: - The store

    func testCorpusIsReadWithoutRareWordsAndByDocument() throws {
        let store = try makeStore(self, documents: ["the cat sat. the cat ran", "a the dog the"])
        let corpus = try SkipGramCorpus.load(from: store, minCount: 2)
        XCTAssertEqual(corpus.words, ["the", "cat"])   // the ×4, cat ×2; sat, ran, a, dog dropped
        XCTAssertEqual(corpus.counts, [4, 2])
        XCTAssertEqual(corpus.tokens, [0, 1, 0, 1, 0, 0])
        XCTAssertEqual(corpus.segments, [0..<4, 4..<6])
        XCTAssertThrowsError(try SkipGramCorpus.load(from: store, minCount: 100))
    }

    func testTrainingStoresReusesAndNoticesAChangedCorpus() throws {
        let store = try makeStore(self, documents: ["the cat sat on the mat. the dog sat on the rug.",
                                                    "the car drove on the road. the truck drove on the street."])
        var p = Self.smallParameters
        p.minCount = 2
        let trainer = SkipGramTrainer(store: store)
        let (embedding, reused) = try trainer.train(p)
        XCTAssertFalse(reused)
        XCTAssertEqual(embedding.name, "sgns10.w3.neg5.e20.sub0.min2")
        XCTAssertEqual(embedding.source.kind, .sgns)
        XCTAssertNil(embedding.tableID)
        XCTAssertEqual(embedding.source.skipGram?.epochs, 20)
        XCTAssertEqual(embedding.source.skipGram?.corpus, [2, 24, 2])   // documents, tokens, last id
        XCTAssertFalse(embedding.isStale)
        let vectors = try store.wordVectors(named: embedding.name)
        XCTAssertEqual(vectors.words.first, "the")
        for i in 0..<vectors.words.count { XCTAssertEqual(vectors.vectors.row(i).dot(vectors.vectors.row(i)), 1, accuracy: 1e-5) }

        XCTAssertTrue(try trainer.train(p).reused)
        XCTAssertFalse(try trainer.train(p, force: true).reused)

        let folder = try makeFolder(self, ["more.txt": "the cat sat on the road."])
        _ = try Ingester(store: store).ingest(paths: [folder.path])
        XCTAssertTrue(try store.embedding(named: embedding.name).isStale)
        let (again, reusedAgain) = try trainer.train(p)
        XCTAssertFalse(reusedAgain)
        XCTAssertFalse(again.isStale)
    }

    /// On a subcorpus skip-gram reads only its documents, with their own frequencies (the min-count
    /// applies to them), names the vectors `…@NAME`, and the queries' default never becomes them.
    func testSubcorpusTrainsOnItsDocumentsOnly() throws {
        let store = try makeStore(self, documents: ["the cat sat. the cat ran", "a the dog the dog", "the dog"])
        _ = try store.defineSubcorpus(named: "dogs", SubcorpusDefinition(source: "doc00[12].txt"))
        let members = Set(try store.members(of: try store.subcorpus(named: "dogs")).map(\.documentID))
        let corpus = try SkipGramCorpus.load(from: store, minCount: 2, documents: members)
        // In docs 1 and 2: the ×3, dog ×3 (tie: the word id first), a ×1 left out; cat is not in them.
        XCTAssertEqual(corpus.words, ["the", "dog"])
        XCTAssertEqual(corpus.counts, [3, 3])
        XCTAssertEqual(corpus.tokens, [0, 1, 0, 1, 0, 1])
        XCTAssertEqual(corpus.segments, [0..<4, 4..<6])
        XCTAssertThrowsError(try SkipGramCorpus.load(from: store, minCount: 4, documents: members))

        var p = Self.smallParameters
        p.minCount = 2
        p.epochs = 2
        let whole = try SkipGramTrainer(store: store).train(p).embedding
        p.subcorpus = "dogs"
        let part = try SkipGramTrainer(store: store).train(p).embedding
        XCTAssertEqual(part.name, "sgns10.w3.neg5.e2.sub0.min2@dogs")
        XCTAssertEqual(try store.wordVectors(named: part.name).words, ["the", "dog"])
        XCTAssertEqual(try store.embedding(named: nil).name, whole.name)   // the newest, but of a subcorpus
        let both = try store.combineEmbeddings([whole.name, part.name], weights: [1, 1])
        XCTAssertTrue(both.isOfSubcorpus(tables: [], among: try store.embeddings()))
        XCTAssertEqual(try store.embedding(named: nil).name, whole.name)
        p.subcorpus = "nope"
        XCTAssertThrowsError(try SkipGramTrainer(store: store).train(p))
    }

    func testParametersAreValidated() {
        var p = SkipGramParameters()
        XCTAssertNoThrow(try p.validate())
        p.negative = 0
        XCTAssertThrowsError(try p.validate())
        p = SkipGramParameters(); p.minLearningRate = 0.5
        XCTAssertThrowsError(try p.validate())
        p = SkipGramParameters(); p.subsample = 1
        XCTAssertThrowsError(try p.validate())
        p = SkipGramParameters(); p.threads = 0
        XCTAssertThrowsError(try p.validate())
    }
}

private extension Array where Element == Float {
    func dot(_ other: [Float]) -> Float { zip(self, other).reduce(0) { $0 + $1.0 * $1.1 } }
}
