import Foundation

/// Parameter-free self-attention over a sentence: static word vectors become contextual ones.
///
/// Scaled dot-product attention (Vaswani et al. 2017) with no learned weights: queries, keys
/// and values are the words' own unit vectors, Q = K = V. For each word i,
///
/// ```
/// score(i, j)  = q_i · k_j / τ                 (cosine / τ, since the vectors have unit length)
/// a(i, ·)      = softmax_j score(i, j)         (each row sums to 1)
/// v'_i         = v_i + λ · Σ_j a(i, j) v_j     (residual mix λ; then rescaled to unit length)
/// ```
///
/// τ defaults to 0.2, on the scale of the cosines themselves: a context word whose cosine is 0.2
/// higher gets e ≈ 2.7 times the weight. A transformer divides q·k by √d (τ = 1/√d for unit
/// vectors) because the q·k of random d-dimensional vectors spread like √d; the cosines of count
/// vectors do not, and 1/√d (0.058 for d = 300, 0.008 for PPMI rows) made attention nearly hard.
/// Measured on Word-in-Context (train) and a labelled sense file (`Corpora/senses`), τ = 0.1–0.2
/// beat 1/√d for every embedding tried; see ``Settings/temperature``. Lower τ sharpens the
/// weights toward the best clue; higher τ evens them out toward uniform averaging.
///
/// The word attends to the others but not to itself (``Settings/excludeSelf``, on by default):
/// a unit vector's cosine with itself is 1, far above any other, and would leave each word
/// mostly unchanged. ``Mode/hard`` is "interpretation by the largest clue": each word takes the
/// single context word with the highest score. ``Mode/uniform`` weighs all context words
/// alike: the baseline that shows what the scores add. Layers repeat the mixing, each layer's
/// output feeding the next.
///
/// ```swift
/// let attention = SentenceAttention(space: vectors)
/// let result = attention.attend(["we", "fished", "from", "the", "river", "bank"])
/// result.weights(layer: 0)   // the attention matrix
/// result.contextual(of: 5)   // "bank" in this sentence
/// ```
public struct SentenceAttention {
    public enum Mode: String, Sendable, CaseIterable, Codable {
        /// Softmax weights over every context word.
        case soft
        /// All weight on the single best-scoring context word.
        case hard
        /// Equal weight on every context word (no scores at all).
        case uniform
    }

    public struct Settings: Sendable, Equatable, Codable {
        /// τ, the softmax temperature on the cosine scale.
        ///
        /// 0.2 was chosen on WiC train accuracy and the 5-fold sense accuracy of
        /// `Corpora/senses/benchmark-senses.tsv` together (window-5 vectors, λ = 1: WiC train .585
        /// vs .574 at 1/√d, senses .824 vs .777 by nearest centroid); 0.5 scores a little higher
        /// on WiC train and lower on the senses, 0.02–0.05 lower on both.
        public var temperature = 0.2
        /// Leave each word out of its own attention. Including it cost soft attention 2.7 points
        /// of WiC train accuracy (.585 → .558) and 2.6 of sense accuracy (.824 → .798).
        public var excludeSelf = true
        public var mode = Mode.soft
        /// Attend only to words at most this many positions away (nil: the whole sentence).
        /// Windows of 3 or 5 moved the scores by at most 1.5 points, up or down: nothing to default to.
        public var window: Int?
        /// Layers. A second layer raised WiC train accuracy (up to 1.5 points with λ ≥ 2) but
        /// lowered sense accuracy (0.4–1.4 points), so one layer stays the default.
        public var layers = 1
        /// λ, the weight of the attended context added to each word's own vector. At τ = 0.2,
        /// λ = 4 scored half a point higher on WiC train and 1.4 points lower on the senses
        /// (nearest centroid) than λ = 1: no clear winner, so 1 stays.
        public var residual = 1.0
        /// Smooth inverse frequency a (Arora, Liang & Ma 2017): each context word's weight is
        /// multiplied by a/(a + p(w)), p(w) its share of the corpus, then the row renormalized.
        /// Frequent words ("the", "of") carry little information about a sense yet have vectors
        /// close to everything; this weighs them down without any word list. nil: off.
        public var frequencyWeighting: Double? = 1e-3

        public init() {}

        public func validate() throws {
            if !(temperature > 0) { throw FirthError.invalidParameter("temperature", reason: "must be positive") }
            if let window, window < 1 { throw FirthError.invalidParameter("window", reason: "must be at least 1") }
            guard layers >= 1 && layers <= 50 else { throw FirthError.invalidParameter("layers", reason: "must be between 1 and 50") }
            guard residual >= 0 else { throw FirthError.invalidParameter("residual", reason: "must be 0 or more") }
        }
    }

    /// One layer's attention: the weights (rows sum to 1 over the words attended) and output.
    public struct Layer: Sendable {
        public var weights: DenseMatrix
        public var output: DenseMatrix
    }

    /// A sentence after attention.
    public struct Result: Sendable {
        /// The sentence's words as tokenized, with or without vectors.
        public var tokens: [String]
        /// The positions (into ``tokens``) of the words that have vectors: the rows of every matrix.
        public var positions: [Int]
        public var temperature: Double
        /// The static (input) unit vectors, one row per word with a vector.
        public var staticVectors: DenseMatrix
        public var layers: [Layer]

        public var words: [String] { positions.map { tokens[$0] } }
        /// Words outside the vocabulary: shown, then left out.
        public var outOfVocabulary: [String] { tokens.indices.filter { !positions.contains($0) }.map { tokens[$0] } }
        public func weights(layer: Int) -> DenseMatrix { layers[layer].weights }
        /// The contextual vector of row `i` after the last layer (unit length).
        public func contextual(of i: Int) -> [Float] { layers.last!.output.row(i) }
        /// How far row `i` moved: the cosine between its static and contextual vectors.
        public func movement(of i: Int) -> Float { dot(staticVectors.row(i), contextual(of: i)) }
        /// The row of the context word with the largest weight for row `i` in `layer`.
        public func largestClue(of i: Int, layer: Int = 0) -> Int? {
            let row = layers[layer].weights.row(i)
            guard let best = row.indices.max(by: { row[$0] < row[$1] }), row[best] > 0 else { return nil }
            return best
        }
    }

    public let space: any VectorSpace
    public var settings: Settings

    public init(space: any VectorSpace, settings: Settings = Settings()) {
        self.space = space
        self.settings = settings
    }

    /// The bytes attention over `words` words takes at its peak: the n × n cosines of a layer
    /// and the n × n weights every layer keeps, 4-byte floats (vectors, n × d, are small beside them).
    public static func memoryEstimate(words n: Int, layers: Int) -> Int {
        4 * (max(layers, 1) + 1) * n * n
    }

    /// Attends over `tokens` (already tokenized as the corpus was).
    ///
    /// - Complexity: O(L · n² · d) for n words with vectors, L layers, d dimensions.
    public func attend(_ tokens: [String]) -> Result {
        var positions: [Int] = []
        var rows: [[Float]] = []
        var priors: [Double] = []
        for (i, token) in tokens.enumerated() {
            if let vector = space.vectorIfPresent(token) {
                positions.append(i)
                rows.append(vector)
                let a = settings.frequencyWeighting
                priors.append(a.flatMap { a in space.relativeFrequency(token).map { a / (a + $0) } } ?? 1)
            }
        }
        let d = space.dimensions
        let temperature = settings.temperature
        var input = DenseMatrix(rows: rows.count, columns: d, elements: rows.flatMap { $0 }).normalizedRows()
        let staticVectors = input
        var layers: [Layer] = []
        for _ in 0..<settings.layers {
            let weights = attentionWeights(input, positions: positions, priors: priors, temperature: temperature)
            var output = input
            if input.rows > 0 {
                var mixed = weights.multiplied(by: input)   // Σ_j a(i,j) v_j, one BLAS call
                mixed.withUnsafeMutableBufferPointer { m in for k in m.indices { m[k] *= Float(settings.residual) } }
                output.withUnsafeMutableBufferPointer { o in
                    mixed.withUnsafeBufferPointer { m in for k in o.indices { o[k] += m[k] } }
                }
                output.normalizeRows()
            }
            layers.append(Layer(weights: weights, output: output))
            input = output
        }
        return Result(tokens: tokens, positions: positions, temperature: temperature, staticVectors: staticVectors, layers: layers)
    }

    /// The n × n attention matrix of one layer.
    ///
    /// `priors` multiply each context word's weight before the row is normalized (1: no prior).
    func attentionWeights(_ vectors: DenseMatrix, positions: [Int], priors: [Double], temperature: Double) -> DenseMatrix {
        let n = vectors.rows
        guard n > 0 else { return DenseMatrix(rows: 0, columns: 0, repeating: 0) }
        let scores = vectors.multiplied(by: vectors, transposingOther: true)   // cosines, n × n
        var weights = DenseMatrix(rows: n, columns: n, repeating: 0)
        for i in 0..<n {
            let allowed = (0..<n).filter { j in
                (!settings.excludeSelf || j != i || n == 1) && settings.window.map { abs(positions[j] - positions[i]) <= $0 } ?? true
            }
            guard !allowed.isEmpty else { continue }   // nothing to attend to: the word stays as it is
            switch settings.mode {
            case .uniform:
                let sum = allowed.reduce(0) { $0 + priors[$1] }
                for j in allowed { weights[i, j] = Float(priors[j] / sum) }
            case .hard:
                // The largest clue: the best score, priors included (a prior multiplies exp(score/τ)).
                let logit = { (j: Int) in Double(scores[i, j]) / temperature + log(priors[j]) }
                let best = allowed.max { (logit($0), -$0) < (logit($1), -$1) }!
                weights[i, best] = 1
            case .soft:
                // Softmax with the maximum subtracted first, so exp never overflows; a prior p
                // adds ln p to the logit, i.e. multiplies the weight by p before normalizing.
                let logits = allowed.map { Double(scores[i, $0]) / temperature + log(priors[$0]) }
                let top = logits.max()!
                let exps = logits.map { exp($0 - top) }
                let sum = exps.reduce(0, +)
                for (k, j) in allowed.enumerated() { weights[i, j] = Float(exps[k] / sum) }
            }
        }
        return weights
    }
}
