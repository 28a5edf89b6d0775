import Foundation

/// How evenly a word spreads over the parts (documents) of a collection.
///
/// With n parts, v_i the word's occurrences in part i, f = Σ v_i, and s_i = part i's share of
/// all tokens:
///
/// ```
/// document frequency = #{i : v_i > 0}
/// Juilland's D = 1 − V/√(n−1),  V = σ(p)/mean(p),  p_i = v_i/size_i   (population σ; 1: even, 0: one part)
/// Gries' DP    = ½ Σ |v_i/f − s_i|                                    (0: as expected from the sizes, → 1: one part)
/// DP_norm      = DP / (1 − min s_i)                                   (Lijffijt & Gries 2012: 1 = one part)
/// ```
///
/// D works on relative frequencies, so parts of unequal length are compared fairly (Juilland
/// 1964 assumed equal parts); DP weighs each part by its size (Gries 2008, "Dispersions and
/// adjusted frequencies in corpora"). A frequent word can be concentrated in a few documents
/// (a character's name in one novel): dispersion tells it from a word used everywhere.
public struct Dispersion: Sendable, Equatable {
    public var word: String
    /// f: occurrences in all parts.
    public var frequency: Int
    /// n: parts (documents).
    public var parts: Int
    /// Parts in which the word occurs at least once.
    public var documentFrequency: Int
    /// nil with fewer than two parts or when the word does not occur.
    public var juillandD: Double?
    /// nil when the word does not occur.
    public var dp: Double?
    /// nil when the word does not occur or there is one part.
    public var dpNorm: Double?
    /// Each part's occurrences, in part order (the barcode of a dispersion plot).
    public var counts: [Int]

    /// The measures of a word with `counts[i]` occurrences in part i of `sizes[i]` tokens.
    public init(word: String, counts: [Int], sizes: [Int]) {
        precondition(counts.count == sizes.count, "one count per part")
        self.word = word
        self.counts = counts
        let n = counts.count
        let f = counts.reduce(0, +)
        let total = Double(sizes.reduce(0, +))
        frequency = f
        parts = n
        documentFrequency = counts.filter { $0 > 0 }.count
        guard f > 0, total > 0 else { return }
        let shares = sizes.map { Double($0) / total }
        dp = 0.5 * zip(counts, shares).map { abs(Double($0) / Double(f) - $1) }.reduce(0, +)
        if let smallest = shares.min(), smallest < 1 { dpNorm = dp! / (1 - smallest) }
        if n > 1 {
            let relative = zip(counts, sizes).map { $1 > 0 ? Double($0) / Double($1) : 0 }
            let mean = relative.reduce(0, +) / Double(n)
            let variance = relative.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n)
            juillandD = 1 - (variance.squareRoot() / mean) / Double(n - 1).squareRoot()
        }
    }
}
