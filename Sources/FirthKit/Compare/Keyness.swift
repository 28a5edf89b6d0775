import Foundation

/// How unusually frequent a word is in one part of a collection against another (keyness).
///
/// With a = the word's frequency in the target (of c tokens) and b in the reference (of d tokens):
///
/// ```
/// E₁ = c·(a+b)/(c+d),  E₂ = d·(a+b)/(c+d)
/// G² = 2·(a·ln(a/E₁) + b·ln(b/E₂))                  log-likelihood (Rayson & Garside 2000; 0·ln 0 = 0)
/// log ratio = log₂((a/c) / (b/d))                      Hardie (2014); a zero frequency counts 0.5
/// %DIFF = 100·(a/c − b/d) / (b/d)                      Gabrielatos & Marchi (2012); none when b = 0
/// p = P(χ²₁ ≥ G²) = erfc(√(G²/2)),  Bonferroni: min(1, p · words compared)
/// ```
///
/// G² says how sure the difference is (it grows with frequency), the log ratio and %DIFF how
/// big it is: each doubling of relative frequency adds 1 to the log ratio. These are the
/// figures AntConc's and Sketch Engine's keyword lists report.
public struct KeywordScore: Sendable, Equatable {
    public var word: String
    public var target: Int
    public var reference: Int
    /// Per million tokens of each part.
    public var targetPerMillion: Double
    public var referencePerMillion: Double
    /// G², the log-likelihood statistic.
    public var logLikelihood: Double
    public var logRatio: Double
    /// nil when the word never occurs in the reference (the difference is unbounded).
    public var percentDifference: Double?
    /// P(χ²₁ ≥ G²), uncorrected.
    public var pValue: Double
    /// `pValue` times the number of words compared, at most 1.
    public var bonferroni: Double
    /// More frequent in the target than in the reference (a positive keyword).
    public var isPositive: Bool

    /// Scores one word. `comparisons`: how many words are tested, for the Bonferroni correction.
    public init(word: String, target a: Int, reference b: Int, targetTokens c: Int, referenceTokens d: Int, comparisons: Int) {
        let (a1, b1, c1, d1) = (Double(a), Double(b), Double(c), Double(d))
        let e1 = c1 * (a1 + b1) / (c1 + d1), e2 = d1 * (a1 + b1) / (c1 + d1)
        func term(_ o: Double, _ e: Double) -> Double { o > 0 ? o * log(o / e) : 0 }
        self.word = word
        target = a
        reference = b
        targetPerMillion = a1 * 1e6 / c1
        referencePerMillion = b1 * 1e6 / d1
        logLikelihood = max(0, 2 * (term(a1, e1) + term(b1, e2)))
        logRatio = log2((max(a1, 0.5) / c1) / (max(b1, 0.5) / d1))
        percentDifference = b > 0 ? 100 * (a1 / c1 - b1 / d1) / (b1 / d1) : nil
        pValue = erfc((logLikelihood / 2).squareRoot())
        bonferroni = min(1, pValue * Double(max(comparisons, 1)))
        isPositive = a1 / c1 > b1 / d1
    }
}

/// The keywords of a target part against a reference: positive (more frequent in the target)
/// and negative (less frequent), each strongest first.
public struct KeywordList: Sendable, Equatable {
    public var targetTokens: Int
    public var referenceTokens: Int
    /// Words that passed the minimum frequency: the number of tests the correction divides by.
    public var comparisons: Int
    public var positive: [KeywordScore]
    public var negative: [KeywordScore]

    /// Scores every word of `frequencies` seen at least `minCount` times in the two parts
    /// together, and keeps those whose corrected p-value is below `significance` (1: all).
    ///
    /// - Throws: ``FirthError/invalidOption(_:)`` when a part has no tokens.
    public init(frequencies: [PartFrequency], targetTokens: Int, referenceTokens: Int,
                minCount: Int = 5, significance: Double = 0.05) throws {
        guard targetTokens > 0, referenceTokens > 0 else {
            throw FirthError.invalidOption("keywords need two parts with words (the target has \(targetTokens) tokens, the reference \(referenceTokens))")
        }
        let tested = frequencies.filter { $0.target + $0.reference >= minCount }
        self.targetTokens = targetTokens
        self.referenceTokens = referenceTokens
        comparisons = tested.count
        let scores = tested.map {
            KeywordScore(word: $0.word, target: $0.target, reference: $0.reference,
                         targetTokens: targetTokens, referenceTokens: referenceTokens, comparisons: tested.count)
        }.filter { significance >= 1 || $0.bonferroni < significance }
        let strongest: (KeywordScore, KeywordScore) -> Bool = {
            $0.logLikelihood != $1.logLikelihood ? $0.logLikelihood > $1.logLikelihood : $0.word < $1.word
        }
        positive = scores.filter { $0.isPositive }.sorted(by: strongest)
        negative = scores.filter { !$0.isPositive && $0.target * referenceTokens != $0.reference * targetTokens }.sorted(by: strongest)
    }
}
