import Foundation

extension WordVectors {
    // MARK: - Similarity

    /// The cosine similarity of two words, in [−1, 1].
    public func similarity(_ a: String, _ b: String) throws -> Float {
        let (x, y) = (try row(of: a), try row(of: b))
        return dot(vectors.row(x), vectors.row(y))
    }

    /// The `count` words nearest to `word` by cosine, the word itself left out.
    ///
    /// - Complexity: one matrix–vector product (O(words × dimensions)) and a partial selection.
    public func mostSimilar(to word: String, count: Int = 10) throws -> [Neighbor] {
        let row = try row(of: word)
        return neighbors(of: vectors.row(row), count: count, excluding: [row])
    }

    /// The `count` words nearest to a vector (normalized here), leaving out `excluding` rows.
    public func neighbors(of vector: [Float], count: Int, excluding: Set<Int> = []) -> [Neighbor] {
        vectors.topDotProducts(with: Self.unit(vector), count: count, excluding: excluding)
            .map { Neighbor(word: words[$0.row], similarity: $0.score) }
    }

    /// `vector` divided by its length (unchanged when that is 0).
    static func unit(_ vector: [Float]) -> [Float] {
        let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return norm > 0 ? vector.map { $0 / norm } : vector
    }

    // MARK: - Analogies

    /// 3CosAdd (Mikolov et al. 2013): the words nearest to Σ positive − Σ negative, by cosine,
    /// the query words left out. "a : b :: c : ?" is `positive: [b, c], negative: [a]`.
    public func mostSimilar(positive: [String], negative: [String] = [], count: Int = 10) throws -> [Neighbor] {
        let rows = try (positive + negative).map { try row(of: $0) }
        return neighbors(of: target(rows: rows, positive: positive.count), count: count, excluding: Set(rows))
    }

    /// Σ of the first `positive` rows − Σ of the others: the query of 3CosAdd (one row: its vector).
    func target(rows: [Int], positive: Int) -> [Float] {
        var target = [Float](repeating: 0, count: dimensions)
        for (i, row) in rows.enumerated() {
            let sign: Float = i < positive ? 1 : -1
            for (j, value) in vectors.row(row).enumerated() { target[j] += sign * value }
        }
        return target
    }

    /// 3CosMul (Levy & Goldberg 2014): the word w maximizing
    /// Π cos'(w, positive) / (Π cos'(w, negative) + ε), with cos' = (cos + 1)/2 in [0, 1] and
    /// ε = 0.001. Less dominated by one large similarity than 3CosAdd.
    public func mostSimilarCosMul(positive: [String], negative: [String] = [], count: Int = 10) throws -> [Neighbor] {
        let positiveRows = try positive.map { try row(of: $0) }
        let negativeRows = try negative.map { try row(of: $0) }
        let shifted = { (row: Int) in self.vectors.dotProducts(with: self.vectors.row(row)).map { ($0 + 1) / 2 } }
        var scores = [Float](repeating: 1, count: words.count)
        for row in positiveRows { for (i, s) in shifted(row).enumerated() { scores[i] *= s } }
        if !negativeRows.isEmpty {
            var denominator = [Float](repeating: 1, count: words.count)
            for row in negativeRows { for (i, s) in shifted(row).enumerated() { denominator[i] *= s } }
            for i in scores.indices { scores[i] /= denominator[i] + 0.001 }
        }
        return ScoredRow.top(count, of: scores, excluding: Set(positiveRows + negativeRows))
            .map { Neighbor(word: words[$0.row], similarity: $0.score) }
    }

    /// Parses "king - man + woman" into positive and negative words.
    public static func parseExpression(_ expression: String) throws -> (positive: [String], negative: [String]) {
        var positive: [String] = [], negative: [String] = []
        var sign = 1
        var expectingWord = true
        // '+' is always an operator; '-' only where a word cannot continue (start, after a space
        // or another operator), so hyphenated words ("well-known") stay whole.
        var spaced = ""
        for character in expression {
            if character == "+" || (character == "-" && (spaced.last.map { $0 == " " } ?? true)) {
                spaced += " \(character) "
            } else {
                spaced.append(character)
            }
        }
        for part in spaced.split(separator: " ").map(String.init) {
            switch part {
            case "+", "-":
                guard !expectingWord || (positive.isEmpty && negative.isEmpty && part == "-") else {
                    throw FirthError.invalidOption("'\(expression)' is not an expression like \"king - man + woman\"")
                }
                sign = part == "+" ? sign : -sign
                expectingWord = true
            default:
                guard expectingWord else {
                    throw FirthError.invalidOption("'\(expression)': put + or - between words, as in \"king - man + woman\"")
                }
                if sign > 0 { positive.append(part) } else { negative.append(part) }
                sign = 1
                expectingWord = false
            }
        }
        guard !expectingWord, !positive.isEmpty || !negative.isEmpty else {
            throw FirthError.invalidOption("'\(expression)' is not an expression like \"king - man + woman\"")
        }
        return (positive, negative)
    }

    // MARK: - Odd one out

    /// The word least like the others: the one farthest (by cosine) from the mean of all.
    public func doesntMatch(_ words: [String]) throws -> String {
        precondition(words.count >= 2, "doesntMatch needs at least two words")
        let rows = try words.map { try row(of: $0) }
        var mean = [Float](repeating: 0, count: dimensions)
        for row in rows { for (j, value) in vectors.row(row).enumerated() { mean[j] += value } }
        let norm = mean.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let scores = rows.map { dot(vectors.row($0), mean) / max(norm, .leastNormalMagnitude) }
        return words[scores.indices.min { scores[$0] < scores[$1] }!]
    }
}

func dot(_ a: [Float], _ b: [Float]) -> Float {
    var sum: Float = 0
    for i in a.indices { sum += a[i] * b[i] }
    return sum
}
