import Foundation

/// Measures whether contextual vectors tell word senses apart: Word-in-Context (WiC) and
/// labelled sense files, for attention against uniform averaging and static vectors.
///
/// Every method builds the target's vector in its sentence the same way, v' = v + λ·Σ a·v, and
/// differs only in the weights a: ``Method/staticVector`` (λ = 0: no context at all),
/// ``SentenceAttention/Mode/uniform`` (equal weights), and attention (``SentenceAttention/Mode/soft`` or
/// ``SentenceAttention/Mode/hard`` weights, with the given layers).
///
/// ```swift
/// let evaluation = ContextEvaluation(space: vectors, tokenizer: tokenizer, settings: .init())
/// let wic = try evaluation.wordInContext(folder: "../shared/benchmarks/wic")
/// for row in wic { print(row.method, row.accuracy) }
/// ```
public struct ContextEvaluation {
    /// How a target's vector in context is made.
    public enum Method: Sendable, Equatable, CustomStringConvertible {
        case staticVector
        case attention(SentenceAttention.Settings)

        public var description: String {
            switch self {
            case .staticVector: return "static"
            case let .attention(s):
                return s.mode == .uniform ? "uniform average" + (s.layers > 1 ? " ×\(s.layers)" : "")
                    : "attention \(s.mode.rawValue)" + (s.layers > 1 ? " ×\(s.layers) layers" : "")
            }
        }
    }

    public let space: any VectorSpace
    public let tokenizer: Tokenizer
    /// The attention knobs (temperature, residual, window, self) every attention method shares.
    public var settings: SentenceAttention.Settings

    public init(space: any VectorSpace, tokenizer: Tokenizer, settings: SentenceAttention.Settings) {
        self.space = space
        self.tokenizer = tokenizer
        self.settings = settings
    }

    /// Static, uniform averaging, soft attention, hard attention, and soft attention with the
    /// configured layers when more than one: the comparison the reports print.
    public var methods: [Method] {
        func with(_ mode: SentenceAttention.Mode, layers: Int) -> Method {
            var s = settings
            s.mode = mode
            s.layers = layers
            return .attention(s)
        }
        var list: [Method] = [.staticVector, with(.uniform, layers: 1), with(.soft, layers: 1), with(.hard, layers: 1)]
        if settings.layers > 1 { list.append(with(.soft, layers: settings.layers)) }
        return list
    }

    // MARK: - One target in one sentence

    /// A sentence as tokens with the target's index among them (already in corpus spelling).
    public struct Occurrence: Sendable {
        public var tokens: [String]
        public var target: Int
        /// Another spelling to try when the target's own form has no vector (WiC gives lemmas).
        public var fallback: String?
    }

    /// The target's (unit) vector in its sentence by `method`, or nil when it has no vector.
    public func vector(_ occurrence: Occurrence, method: Method) -> [Float]? {
        var tokens = occurrence.tokens
        if space.vectorIfPresent(tokens[occurrence.target]) == nil {
            guard let fallback = occurrence.fallback, space.vectorIfPresent(fallback) != nil else { return nil }
            tokens[occurrence.target] = fallback
        }
        switch method {
        case .staticVector:
            let v = space.vectorIfPresent(tokens[occurrence.target])!
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return v.map { $0 / norm }
        case let .attention(s):
            let result = SentenceAttention(space: space, settings: s).attend(tokens)
            guard let row = result.positions.firstIndex(of: occurrence.target) else { return nil }
            return result.contextual(of: row)
        }
    }

    // MARK: - Word in Context

    /// One method's WiC result: the threshold fitted on train and the accuracy on dev.
    public struct WiCResult: Sendable {
        public var method: String
        public var threshold: Float
        public var trainAccuracy: Double
        public var accuracy: Double
        public var covered: Int
        public var total: Int
    }

    /// A WiC example: the two occurrences and whether the sense is the same.
    public struct WiCExample: Sendable {
        public var first: Occurrence
        public var second: Occurrence
        public var same: Bool
    }

    /// Reads `NAME.data.txt` and `NAME.gold.txt` of a WiC folder.
    ///
    /// Sentences come tokenized, and `i1-i2` index the target in each. Each WiC token is put
    /// through the corpus tokenizer: punctuation becomes nothing (no vector), and a token that
    /// splits keeps its first word at the target's place.
    public func wicExamples(folder: String, split: String) throws -> [WiCExample] {
        let dataPath = folder + "/\(split).data.txt", goldPath = folder + "/\(split).gold.txt"
        let data = try BenchmarkFiles.lines(of: dataPath), gold = try BenchmarkFiles.lines(of: goldPath)
        guard data.count == gold.count else {
            throw FirthError.badInput(location: goldPath, reason: "has \(gold.count) labels for \(data.count) examples in \(dataPath)")
        }
        return try zip(data, gold).map { line, label in
            let fields = line.text.components(separatedBy: "\t")
            let indices = fields.count == 5 ? fields[2].split(separator: "-").compactMap { Int($0) } : []
            guard indices.count == 2 else {
                throw FirthError.badInput(location: "\(dataPath):\(line.number)", reason: "expected 'target POS i1-i2 sentence1 sentence2'")
            }
            let lemma = tokenizer.words(fields[0]).first
            func occurrence(_ sentence: String, _ index: Int) throws -> Occurrence {
                let raw = sentence.split(separator: " ").map(String.init)
                guard index < raw.count else {
                    throw FirthError.badInput(location: "\(dataPath):\(line.number)", reason: "index \(index) is past the sentence's \(raw.count) tokens")
                }
                var tokens: [String] = [], target = 0
                for (i, token) in raw.enumerated() {
                    let words = tokenizer.words(token)
                    if i == index { target = tokens.count; tokens.append(words.first ?? token.lowercased()) }
                    else { tokens += words }
                }
                return Occurrence(tokens: tokens, target: target, fallback: lemma)
            }
            return WiCExample(first: try occurrence(fields[3], indices[0]), second: try occurrence(fields[4], indices[1]),
                              same: label.text == "T")
        }
    }

    /// WiC accuracy of every method: cosine between the target's two contextual vectors, "same
    /// sense" when it reaches a threshold fitted on `train` and applied to `dev`.
    ///
    /// Every example is scored, so the figures compare with published ones: an example whose
    /// target has no vector counts as cosine 1 (nothing tells its uses apart, as for a static
    /// vector), and `covered` of `total` says how many had vectors. A static vector therefore
    /// scores exactly the share of the majority answer, 50 % on the balanced WiC splits.
    public func wordInContext(folder: String, progress: Progress = .silent) throws -> [WiCResult] {
        let train = try wicExamples(folder: folder, split: "train"), dev = try wicExamples(folder: folder, split: "dev")
        return methods.map { method in
            progress.update("WiC: \(method)", force: true)
            var covered = 0
            func scored(_ examples: [WiCExample]) -> [(cosine: Float, same: Bool)] {
                examples.map { example in
                    guard let a = vector(example.first, method: method), let b = vector(example.second, method: method) else {
                        return (1, example.same)
                    }
                    covered += 1
                    // Static vectors of one word are identical: cosine exactly 1, not 0.9999999.
                    return (method == .staticVector ? 1 : dot(a, b), example.same)
                }
            }
            let trainScores = scored(train)
            covered = 0
            let devScores = scored(dev)
            let (threshold, trainAccuracy) = Self.bestThreshold(trainScores)
            let correct = devScores.filter { ($0.cosine >= threshold) == $0.same }.count
            return WiCResult(method: method.description, threshold: threshold, trainAccuracy: trainAccuracy,
                             accuracy: devScores.isEmpty ? 0 : Double(correct) / Double(devScores.count),
                             covered: covered, total: dev.count)
        }
    }

    /// The threshold t maximizing the accuracy of "same iff cosine ≥ t" (ties: the lowest t).
    static func bestThreshold(_ scores: [(cosine: Float, same: Bool)]) -> (Float, Double) {
        guard !scores.isEmpty else { return (0, 0) }
        let sorted = scores.sorted { $0.cosine < $1.cosine }
        // With t just above sorted[k-1]: the k lowest are "different", the rest "same".
        var correct = sorted.filter(\.same).count   // t below everything: all "same"
        var best = (threshold: sorted[0].cosine, correct: correct)
        for k in 1...sorted.count {
            correct += sorted[k - 1].same ? -1 : 1
            if k < sorted.count && sorted[k].cosine == sorted[k - 1].cosine { continue }
            let threshold = k < sorted.count ? (sorted[k - 1].cosine + sorted[k].cosine) / 2 : sorted[k - 1].cosine.nextUp
            if correct > best.correct { best = (threshold, correct) }
        }
        return (best.threshold, Double(best.correct) / Double(scores.count))
    }
}
