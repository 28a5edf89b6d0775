import Foundation

/// Every knob of an n-gram language model, recorded with the model it makes.
///
/// The estimator has no knobs of its own: interpolated modified Kneser-Ney (Chen & Goodman
/// 1998) takes its three discounts per order from the counts-of-counts, exactly as KenLM's
/// `lmplz` does, so the same sentences give the same probabilities.
///
/// The default min-count of 1 keeps every word, as `lmplz` does: `<unk>` then gets only the
/// uniform share of the unigram interpolation. A higher min-count turns the rarer words into
/// `<unk>` before counting, so `<unk>` is counted like a word and unknown words get a real
/// probability (SRILM's and many toolkits' practice).
///
/// ```swift
/// var parameters = NGramParameters()
/// parameters.order = 4
/// parameters.holdOut = 0.1
/// parameters.name   // "o4.min1.hold10%-seed1"
/// ```
public struct NGramParameters: Codable, Sendable, Equatable, Hashable {
    /// The longest n-gram: 1 (unigrams) to 5.
    public var order = 3
    /// Words seen fewer times in the training documents are counted as `<unk>`.
    public var minCount = 1
    /// The fraction of documents (strictly between 0 and 1) left out of the counts, to measure
    /// the model on; nil: every document is counted.
    public var holdOut: Double?
    /// Seed of the hold-out draw, so a split repeats exactly.
    public var seed = 1
    /// Count only the documents of this subcorpus (a hold-out is then drawn among them); nil:
    /// the whole corpus.
    public var subcorpus: String?

    /// The longest order the estimator supports.
    public static let maximumOrder = 5

    public init(order: Int = 3, minCount: Int = 1, holdOut: Double? = nil, seed: Int = 1, subcorpus: String? = nil) {
        self.order = order
        self.minCount = minCount
        self.holdOut = holdOut
        self.seed = seed
        self.subcorpus = subcorpus
    }

    /// A readable name that spells out the knobs: `o3.min1`, `o3.min1.hold10%-seed1`,
    /// `o3.min1@modern` for a model of the subcorpus `modern`.
    public var name: String {
        var parts = ["o\(order)", "min\(minCount)"]
        if let holdOut { parts.append("hold\(String(format: "%g", holdOut * 100))%-seed\(seed)") }
        return parts.joined(separator: ".") + (subcorpus.map { "@" + $0 } ?? "")
    }

    /// Canonical JSON, stored with the model and compared to reuse an identical one.
    public var json: String {
        var copy = self
        if copy.holdOut == nil { copy.seed = 1 }   // the seed matters only with a hold-out
        return copy.canonicalJSON
    }

    /// The same knobs with another order (the unigram model beside an n-gram one, say).
    public func with(order: Int) -> NGramParameters {
        var copy = self
        copy.order = order
        return copy
    }

    /// Checks that the knobs can work.
    public func validate() throws {
        guard (1...Self.maximumOrder).contains(order) else {
            throw FirthError.invalidOption("the n-gram order must be between 1 and \(Self.maximumOrder) (got \(order))")
        }
        guard minCount >= 1 else { throw FirthError.invalidOption("the min-count must be at least 1 (got \(minCount))") }
        if let holdOut, !(holdOut > 0 && holdOut < 1) {
            throw FirthError.invalidOption("the hold-out must be more than 0 % and less than 100 % of the documents (got \(String(format: "%g", holdOut * 100)) %)")
        }
    }
}
