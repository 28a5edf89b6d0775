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

extension WordVectors {
    /// A question for the nearest words: a vector (normalized when asked), how many, and the
    /// rows never to return (the query's own words).
    struct NearestQuery: Sendable {
        var vector: [Float]
        var count: Int
        var excluding: Set<Int>
    }

    /// The nearest words of each query, as ``neighbors(of:count:excluding:)`` gives them for
    /// each alone, from one matrix product (queries × all words) instead of one per query.
    ///
    /// One query takes ``neighbors(of:count:excluding:)``'s own path (a matrix–vector
    /// product), so its answer is that one's to the bit; several share one `cblas_sgemm`,
    /// whose sums may differ from the matrix–vector product's in the last bits of a float.
    func neighbors(ofEach queries: [NearestQuery]) -> [[Neighbor]] {
        if queries.count == 1, let query = queries.first {
            return [neighbors(of: query.vector, count: query.count, excluding: query.excluding)]
        }
        guard !queries.isEmpty else { return [] }
        var elements: [Float] = []
        elements.reserveCapacity(queries.count * dimensions)
        for query in queries { elements.append(contentsOf: Self.unit(query.vector)) }
        let scores = DenseMatrix(rows: queries.count, columns: dimensions, elements: elements)
            .multiplied(by: vectors, transposingOther: true)
        return queries.enumerated().map { i, query in
            scores.withRow(i) { ScoredRow.top(query.count, of: $0, excluding: query.excluding) }
                .map { Neighbor(word: words[$0.row], similarity: $0.score) }
        }
    }
}
