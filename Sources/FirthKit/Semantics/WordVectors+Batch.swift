import Foundation

extension WordVectors {
    /// The `count` nearest words of each of `words` (each word itself left out), best first.
    ///
    /// The same answers as ``mostSimilar(to:count:)`` for each word, from one matrix product
    /// (`words` × all words, by blocks of rows) instead of one matrix–vector product per word:
    /// BLAS reads the whole matrix once per block rather than once per word.
    ///
    /// - Complexity: O(words × vocabulary × dimensions), the product; memory for one block of
    ///   256 × vocabulary scores.
    public func mostSimilar(toEach words: [String], count: Int) throws -> [[Neighbor]] {
        let rows = try words.map { try row(of: $0) }
        var answers: [[Neighbor]] = []
        answers.reserveCapacity(rows.count)
        let block = 256
        for start in stride(from: 0, to: rows.count, by: block) {
            let part = rows[start..<min(start + block, rows.count)]
            var queries: [Float] = []
            queries.reserveCapacity(part.count * dimensions)
            for row in part { vectors.withRow(row) { queries.append(contentsOf: $0) } }
            let scores = DenseMatrix(rows: part.count, columns: dimensions, elements: queries)
                .multiplied(by: vectors, transposingOther: true)
            for (i, row) in part.enumerated() {
                let best = scores.withRow(i) { ScoredRow.top(count, of: $0, excluding: [row]) }
                answers.append(best.map { Neighbor(word: self.words[$0.row], similarity: $0.score) })
            }
        }
        return answers
    }
}
