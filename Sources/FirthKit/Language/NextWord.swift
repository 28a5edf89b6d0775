import Foundation

/// Where a prompt leaves off: the text before the current sentence and the sentence so far.
public struct PromptState: Sendable {
    /// Model ids of the words before the current sentence (most recent last).
    public var history: [Int32]
    /// `<s>` and the ids of the current sentence's words so far.
    public var sentence: [Int32]
    /// Prompt words the model does not know (scored as `<unk>`).
    public var unknownWords: [String]

    /// Reads a prompt already split into sentences. With `endsSentence` the prompt's last
    /// sentence is finished (it ended in . ! or ?), and the next word begins a new one.
    public init(sentences: [[String]], endsSentence: Bool, model: NGramModel) {
        var all = sentences.filter { !$0.isEmpty }
        var current: [String] = []
        if !endsSentence, let last = all.popLast() { current = last }
        history = all.flatMap { model.ids(of: $0) }
        sentence = [model.beginID] + model.ids(of: current)
        unknownWords = (all.flatMap { $0 } + current).filter { !model.contains($0) }
    }

    /// Every prompt word is unknown to the model (or there is none).
    public var knowsNothing: Bool {
        (history + sentence.dropFirst()).allSatisfy { $0 == 0 }
    }
}

/// One candidate of a next-word table.
public struct NextWordCandidate: Sendable, Equatable {
    public var word: String
    /// P_KN(w | last N−1 words).
    public var ngram: Double
    /// s(w) = cos(v_w, h) − cos(v_w, c): the candidate's fit to the history.
    public var fit: Double
    /// exp(β s(w)) / Z: the factor the semantic term multiplied the n-gram probability by.
    public var contextFactor: Double
    /// The cache's probability of the word.
    public var cache: Double
    /// P(w | whole history), the combined model.
    public var combined: Double
    /// The history word that most supports it, if any.
    public var clue: String?
}

extension ContextLanguageModel {
    /// The `top` most likely next words after `state`, by the combined probability, with
    /// each one's terms. The distribution sums to 1 over the vocabulary (`</s>` and `<unk>` included).
    public func nextWords(after state: PromptState, top: Int) -> (candidates: [NextWordCandidate], total: Double) {
        let context = self.context(history: state.history, sentence: state.sentence.dropFirst())
        var distribution = Distribution()
        let z = fill(&distribution, after: state.sentence[...], context: context)
        let (counts, cacheTotal) = cacheCounts(context, prefix: state.sentence.dropFirst())
        let order = Self.top(top, of: distribution.combined, excluding: Int(ngram.beginID))
        let candidates = order.map { i -> NextWordCandidate in
            let w = Int32(i)
            return NextWordCandidate(
                word: ngram.vocabulary[i], ngram: distribution.ngram[i], fit: Double(context.fit[i]),
                contextFactor: context.factor.map { $0[i] / z } ?? 1,
                cache: cacheTotal > 0 ? Double(counts[w] ?? 0) / Double(cacheTotal) : 0,
                combined: distribution.combined[i],
                clue: clue(for: w, in: context).map { ngram.vocabulary[Int($0.word)] })
        }
        return (candidates, distribution.combined.reduce(0, +))
    }
}

/// How the next word is drawn from the distribution.
public struct SamplingSettings: Sendable, Equatable, Codable {
    /// T: probabilities are raised to 1/T and renormalized; 0 takes the most likely word.
    public var temperature = 1.0
    /// Draw only among the K most likely words (nil: all).
    public var topK: Int?
    /// Draw only among the most likely words whose probabilities add up to P (nucleus sampling, Holtzman et al. 2020).
    public var topP: Double?
    public var seed: UInt64 = 1
    /// Stop when a sentence ends.
    public var stopAtSentenceEnd = false

    public init() {}

    public func validate() throws {
        guard temperature >= 0, temperature.isFinite else { throw FirthError.invalidOption("the temperature must be 0 or more, got \(temperature)") }
        if let topK, topK < 1 { throw FirthError.invalidOption("top-k must be at least 1, got \(topK)") }
        if let topP, !(topP > 0 && topP <= 1) { throw FirthError.invalidOption("top-p must be above 0 and at most 1, got \(topP)") }
    }
}

/// One generated word with its terms (`</s>` is the end of a sentence).
public struct GeneratedWord: Sendable, Equatable {
    public var candidate: NextWordCandidate
    public var endsSentence: Bool { candidate.word == "</s>" }
}

extension ContextLanguageModel {
    /// Continues `state` by `count` words (a `</s>` counts as one), drawn with `sampling`.
    /// The same state, settings and seed give the same words.
    ///
    /// Each word costs one matrix–vector product (the cosines with the new h) and a few flat passes over the
    /// vocabulary, in buffers made once (`NextWordWorkspace`); the numbers are those of
    /// ``context(history:sentence:)`` and ``fill(_:after:context:)`` for the same state.
    public func generate(after state: PromptState, count: Int, sampling: SamplingSettings) -> [GeneratedWord] {
        var state = state
        var random = SplitMix64(seed: sampling.seed)
        var work = NextWordWorkspace(model: self)
        work.resetCache(history: state.history[...], sentence: state.sentence.dropFirst())
        var words: [GeneratedWord] = []
        while words.count < count {
            let z = work.fill(history: state.history[...], sentence: state.sentence[...])
            let w = work.draw(sampling, random: &random)
            words.append(GeneratedWord(candidate: work.candidate(Int32(w), z: z)))
            if Int32(w) == ngram.endID {
                state.history += state.sentence.dropFirst()
                state.sentence = [ngram.beginID]
                work.resetCache(history: state.history[...], sentence: [])
                if sampling.stopAtSentenceEnd { break }
            } else {
                state.sentence.append(Int32(w))
                work.addToCache(Int32(w))
            }
        }
        return words
    }

    /// The indices of the `count` largest values, largest first, ties by index; a partial
    /// selection (a sorted list of the best so far), not a sort of the whole vocabulary.
    static func top(_ count: Int, of values: [Double], excluding skipped: Int) -> [Int] {
        let before = { (a: Int, b: Int) in values[a] > values[b] || (values[a] == values[b] && a < b) }
        guard count > 0 else { return [] }
        var best: [Int] = []
        best.reserveCapacity(count + 1)
        for i in values.indices where i != skipped {
            if best.count == count, !before(i, best[count - 1]) { continue }
            var low = 0, high = best.count
            while low < high { let mid = (low + high) / 2; if before(best[mid], i) { low = mid + 1 } else { high = mid } }
            best.insert(i, at: low)
            if best.count > count { best.removeLast() }
        }
        return best
    }

    /// Σ p[i] (every p[i] ≥ 0) in four lanes by id, i mod 4, added as (t0 + t1) + (t2 + t3): one
    /// running sum makes each addition wait for the one before, over the whole vocabulary at
    /// every generated word. The zeros may stay in: adding 0 changes no lane.
    static func laneTotal(_ p: UnsafeBufferPointer<Double>) -> Double {
        var t0 = 0.0, t1 = 0.0, t2 = 0.0, t3 = 0.0
        var i = 0
        while i + 4 <= p.count {
            t0 += p[i]
            t1 += p[i + 1]
            t2 += p[i + 2]
            t3 += p[i + 3]
            i += 4
        }
        if i < p.count { t0 += p[i] }
        if i + 1 < p.count { t1 += p[i + 1] }
        if i + 2 < p.count { t2 += p[i + 2] }
        return (t0 + t1) + (t2 + t3)
    }

    /// The last index with p[i] > 0, or −1.
    static func lastPositive(_ p: UnsafeBufferPointer<Double>) -> Int {
        var i = p.count - 1
        while i >= 0 && !(p[i] > 0) { i -= 1 }
        return i
    }

    /// One index drawn from the (unnormalized) weights `p`: greedy at T = 0, else top-k, top-p
    /// and temperature applied in that order.
    static func draw(from p: [Double], sampling: SamplingSettings, random: inout SplitMix64) -> Int {
        if sampling.temperature == 0 {
            var best = 0
            for i in p.indices where p[i] > p[best] { best = i }
            return best
        }
        var ranked: [Int]
        if sampling.topK == nil && sampling.topP == nil {
            ranked = p.indices.filter { p[$0] > 0 }                       // no ranking needed
        } else {
            ranked = p.indices.filter { p[$0] > 0 }.sorted { p[$0] > p[$1] || (p[$0] == p[$1] && $0 < $1) }
        }
        guard !ranked.isEmpty else { return 0 }
        if let k = sampling.topK, ranked.count > k { ranked.removeLast(ranked.count - k) }
        if let topP = sampling.topP {
            let total = ranked.reduce(0) { $0 + p[$1] }
            var sum = 0.0, keep = 0
            for i in ranked { sum += p[i]; keep += 1; if sum >= topP * total { break } }
            ranked.removeLast(ranked.count - keep)
        }
        let weights = ranked.map { pow(p[$0], 1 / sampling.temperature) }
        // In id order (no top-k or top-p), the total of `laneTotal` over the ids, as generation
        // makes it (the ids left out weigh 0, and adding 0 changes no lane); ranked, in rank order.
        var total = 0.0
        if sampling.topK == nil && sampling.topP == nil {
            var lanes = (0.0, 0.0, 0.0, 0.0)
            for (i, weight) in zip(ranked, weights) {
                switch i & 3 {
                case 0: lanes.0 += weight
                case 1: lanes.1 += weight
                case 2: lanes.2 += weight
                default: lanes.3 += weight
                }
            }
            total = (lanes.0 + lanes.1) + (lanes.2 + lanes.3)
        } else {
            total = weights.reduce(0, +)
        }
        var u = Double(random.next() >> 11) / Double(1 << 53) * total
        for (i, weight) in zip(ranked, weights) {
            u -= weight
            if u < 0 { return i }
        }
        return ranked.last!
    }
}
