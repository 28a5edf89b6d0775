import Foundation

/// The knobs of an SVD embedding, recorded with the vectors they made.
///
/// Following Levy, Goldberg & Dagan (TACL 2015): the PPMI matrix M (with context distribution
/// smoothing α and shift k) is factored by truncated SVD, M ≈ U·Σ·Vᵀ, and the word vectors are
/// the rows of W = U·Σ^p. The eigenvalue weight p = 1 is the textbook choice; p = 0.5 shares Σ
/// between words and contexts; p = 0 treats every dimension alike, which often does better on
/// similarity. The top principal directions are removed afterwards ("all-but-the-top",
/// Mu & Viswanath 2018): they mostly encode frequency, not meaning.
///
/// The defaults (d = 300, p = 0.5, cds 0.75, no shift, remove 2 components, no context vectors)
/// were chosen by measurement on the benchmark corpus (see `tuning-results.md`): removing 2
/// components raised WS-353 by about 0.02 at no cost elsewhere; p = 0 helps relatedness but costs
/// analogies, p = 1 the reverse; shift and d = 100 or 500 lost; adding the context vectors helps
/// every similarity set but halves analogy accuracy, so it stays an option.
public struct EmbeddingParameters: Codable, Sendable, Equatable, Hashable {
    /// Dimensions d: how many singular directions to keep.
    public var dimensions = 300
    /// Eigenvalue weight p in W = U·Σ^p.
    public var eigenWeight = 0.5
    /// Randomized SVD: power (subspace) iterations; more is more accurate and slower.
    public var powerIterations = 4
    /// Randomized SVD: extra random directions sampled beyond d.
    public var oversampling = 10
    /// Seed of the random projection: the same seed gives the same vectors.
    public var seed = 1
    /// PPMI's context distribution smoothing α and shift k.
    public var smoothing = AssociationMeasure.Smoothing()
    /// How many leading principal components to remove from the word vectors (0: none).
    public var removeTopComponents = 2
    /// Add the context vectors to the word vectors: W + C with C = V·Σ^p ("w+c").
    ///
    /// Levy, Goldberg & Dagan (TACL 2015, §3.3) borrow this from GloVe: a word's context vector
    /// carries its second-order similarity, and since the PPMI matrix is nearly symmetric, U and V
    /// agree on the directions of positive eigenvalues and cancel on the negative ones, which
    /// mostly encode "words that are neighbours but not alike".
    public var addContextVectors = false

    public init() {}

    private enum CodingKeys: String, CodingKey {
        case dimensions, eigenWeight, powerIterations, oversampling, seed, smoothing, removeTopComponents, addContextVectors
    }

    /// Reads the JSON stored with an embedding. A knob added after the embedding was made is
    /// absent from its JSON and takes the value it had then: the default of that time.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        dimensions = try c.decode(Int.self, forKey: .dimensions)
        eigenWeight = try c.decode(Double.self, forKey: .eigenWeight)
        powerIterations = try c.decode(Int.self, forKey: .powerIterations)
        oversampling = try c.decode(Int.self, forKey: .oversampling)
        seed = try c.decode(Int.self, forKey: .seed)
        smoothing = try c.decode(AssociationMeasure.Smoothing.self, forKey: .smoothing)
        removeTopComponents = try c.decodeIfPresent(Int.self, forKey: .removeTopComponents) ?? 0
        addContextVectors = try c.decodeIfPresent(Bool.self, forKey: .addContextVectors) ?? false
    }

    /// `svd300.p0.5` plus what differs from the defaults, then the count table's name.
    public func name(table: String) -> String {
        var parts = ["svd\(dimensions)", "p\(Self.format(eigenWeight))"]
        if smoothing.contextSmoothing != 0.75 { parts.append("cds\(Self.format(smoothing.contextSmoothing))") }
        if smoothing.shift != 1 { parts.append("neg\(Self.format(smoothing.shift))") }
        if addContextVectors { parts.append("wc") }
        if removeTopComponents != 2 { parts.append("abtt\(removeTopComponents)") }
        if powerIterations != 4 { parts.append("it\(powerIterations)") }
        if seed != 1 { parts.append("seed\(seed)") }
        return parts.joined(separator: ".") + "." + table
    }

    /// Canonical JSON, stored with the vectors and compared to reuse an identical embedding.
    public var json: String { canonicalJSON }

    public func validate() throws {
        guard dimensions >= 1 else { throw FirthError.invalidParameter("dimensions", reason: "must be at least 1 (got \(dimensions))") }
        guard (0...2).contains(eigenWeight) else { throw FirthError.invalidParameter("eigenWeight", reason: "must be between 0 and 2 (got \(eigenWeight))") }
        guard powerIterations >= 0 else { throw FirthError.invalidParameter("powerIterations", reason: "must be 0 or more") }
        guard oversampling >= 0 else { throw FirthError.invalidParameter("oversampling", reason: "must be 0 or more") }
        guard removeTopComponents >= 0 && removeTopComponents < dimensions else {
            throw FirthError.invalidParameter("removeTopComponents", reason: "must be between 0 and the dimensions - 1 (got \(removeTopComponents) with \(dimensions) dimensions)")
        }
        try smoothing.validate()
    }

    static func format(_ value: Double) -> String { String(format: "%g", value) }
}
