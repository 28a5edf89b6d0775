/// "Did you mean": the vocabulary words spelled closest to an unknown word.
///
/// Every place that reports an unknown word (the corpus, stored vectors, PPMI rows) suggests
/// spellings the same way: words within ``maximumDistance`` edits (Levenshtein), nearest first,
/// then in the order given (most frequent first).
///
/// ```swift
/// Spelling.closest(to: "bnak", among: ["the", "bank", "back", "book"])   // ["bank", "back"]
/// ```
enum Spelling {
    static let maximumDistance = 2

    /// At most `count` of `candidates` within ``maximumDistance`` edits of `word`.
    ///
    /// - Parameter candidates: the vocabulary in preference order (ties in distance keep it).
    static func closest(to word: String, among candidates: some Sequence<String>, count: Int = 3) -> [String] {
        let target = Array(word.unicodeScalars)
        var found: [(word: String, distance: Int, rank: Int)] = []
        for (rank, candidate) in candidates.enumerated() {
            let scalars = Array(candidate.unicodeScalars)
            guard abs(scalars.count - target.count) <= maximumDistance else { continue }
            let distance = editDistance(target, scalars, limit: maximumDistance)
            if distance <= maximumDistance { found.append((candidate, distance, rank)) }
        }
        return found.sorted { ($0.distance, $0.rank) < ($1.distance, $1.rank) }.prefix(count).map(\.word)
    }
}

/// Levenshtein distance, stopping early once every path exceeds `limit`.
func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int) -> Int {
    if abs(a.count - b.count) > limit { return limit + 1 }
    var previous = Array(0...b.count)
    var current = previous
    for i in 1...max(a.count, 1) where !a.isEmpty {
        current[0] = i
        var rowMinimum = current[0]
        for j in stride(from: 1, through: b.count, by: 1) {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            rowMinimum = min(rowMinimum, current[j])
        }
        if rowMinimum > limit { return limit + 1 }
        swap(&previous, &current)
    }
    return a.isEmpty ? b.count : previous[b.count]
}
