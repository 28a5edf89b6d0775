import Foundation

/// Every knob of a co-occurrence count, recorded with the table it makes.
///
/// The names follow the papers that introduced them: the window and its weighting (GloVe,
/// Pennington et al. 2014; word2vec's dynamic window, Mikolov et al. 2013), frequent-word
/// subsampling (Mikolov et al. 2013), and "dirty" versus "clean" removal of dropped words
/// (Levy, Goldberg & Dagan, TACL 2015).
///
/// The defaults (window 6, harmonic weighting, document boundaries, min-count 5, no subsampling)
/// were chosen by measurement on the benchmark corpus (2.35 M tokens; see `tuning-results.md`):
/// harmonic weighting counts the nearest words most, which the analogies reward (0.113 against
/// 0.074 for a uniform window of 5), while the far words of a window of 6 still add relatedness
/// (WS-353, MEN). Subsampling cost analogy accuracy on a corpus this small, and a higher
/// min-count only scored an easier subset of the benchmark pairs.
///
/// ```swift
/// var parameters = CountParameters()
/// parameters.window = 2
/// parameters.weighting = .harmonic
/// parameters.name   // "w2.both.harmonic.document.min5"
/// ```
public struct CountParameters: Codable, Sendable, Equatable, Hashable {
    /// Which neighbours count as context: those on both sides, only before, or only after.
    public enum Direction: String, Codable, Sendable, CaseIterable { case both, left, right }

    /// How a neighbour at distance d (1…window) counts.
    public enum Weighting: String, Codable, Sendable, CaseIterable {
        /// Every neighbour in the window counts 1.
        case uniform
        /// A neighbour at distance d counts 1/d, as in GloVe.
        case harmonic
        /// A neighbour at distance d counts (window − d + 1)/window: the expected weight under
        /// word2vec's dynamic window, which samples the window size uniformly from 1…window.
        case linear
    }

    /// Where windows stop.
    public enum Boundary: String, Codable, Sendable, CaseIterable { case sentence, document }

    /// What happens to the places of dropped words (rare words, subsampled words).
    public enum Gaps: String, Codable, Sendable, CaseIterable {
        /// They keep their places: a window spans the same stretch of text as before ("clean").
        case keep
        /// They are deleted before windowing, so windows reach further ("dirty"; hyperwords' default).
        case close
    }

    /// Words on each side that count as context.
    public var window = 6
    public var direction = Direction.both
    public var weighting = Weighting.harmonic
    public var boundary = Boundary.document
    /// Words seen fewer times are out of vocabulary: neither targets nor contexts.
    public var minCount = 5
    /// Keep at most this many words (the most frequent); nil: no limit.
    public var maxVocabulary: Int?
    public var gaps = Gaps.keep
    /// word2vec's subsampling threshold t: a word of relative frequency f > t is dropped with
    /// probability 1 − √(t/f). Typical: 1e-5 (large corpora) to 1e-3. nil: no subsampling.
    public var subsample: Double?
    /// Seed of the subsampling draw, so a count repeats exactly.
    public var seed = 1
    /// Count only the documents of this subcorpus (see ``CorpusStore/defineSubcorpus(named:_:)``);
    /// nil: the whole corpus. Frequencies (min-count, subsampling) are then the subcorpus's own.
    public var subcorpus: String?

    public init() {}

    /// A readable name that spells out the knobs: `w6.both.harmonic.document.min5`, and
    /// `w6.both.harmonic.document.min5@modern` for a count of the subcorpus `modern`.
    public var name: String {
        var parts = ["w\(window)", direction.rawValue, weighting.rawValue, boundary.rawValue, "min\(minCount)"]
        if let maxVocabulary { parts.append("max\(maxVocabulary)") }
        if gaps == .close { parts.append("closed") }
        if let subsample { parts.append("sub\(Self.format(subsample))-seed\(seed)") }
        return parts.joined(separator: ".") + (subcorpus.map { "@" + $0 } ?? "")
    }

    /// Canonical JSON, stored with the table and compared to reuse an identical count.
    public var json: String {
        var copy = self
        if copy.subsample == nil { copy.seed = 1 }   // the seed matters only with subsampling
        return copy.canonicalJSON
    }

    /// Checks that the knobs can work together.
    public func validate(documentGap: Int = CorpusStore.documentGap) throws {
        guard (1...documentGap).contains(window) else {
            throw FirthError.invalidParameter("window", reason: "must be between 1 and \(documentGap) (got \(window))")
        }
        guard minCount >= 1 else { throw FirthError.invalidParameter("minCount", reason: "must be at least 1 (got \(minCount))") }
        if let maxVocabulary, maxVocabulary < 1 {
            throw FirthError.invalidParameter("maxVocabulary", reason: "must be at least 1 (got \(maxVocabulary))")
        }
        if let subsample, !(subsample > 0 && subsample < 1) {
            throw FirthError.invalidParameter("subsample", reason: "must be between 0 and 1, e.g. 1e-4 (got \(subsample))")
        }
    }

    static func format(_ value: Double) -> String {
        String(format: "%g", value)
    }
}
