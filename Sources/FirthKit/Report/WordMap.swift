import Foundation

/// Words placed on a plane: the first two principal components of their vectors.
///
/// The chosen words and their nearest neighbours form an n × d matrix X of unit vectors. Its
/// columns are centred (X − 1·x̄ᵀ) and factored by LAPACK's thin SVD, X − 1·x̄ᵀ = U·Σ·Vᵀ; the
/// coordinates are the first two columns of U·Σ, the projections on the two directions along
/// which these words vary most. σᵢ² / Σσ² is the share of their variance each axis shows.
public struct WordMap: Sendable {
    public struct Point: Sendable, Equatable {
        public var word: String
        public var x: Double
        public var y: Double
        /// A chosen word (not only a neighbour).
        public var chosen: Bool
    }

    public var points: [Point]
    /// For each chosen word, its neighbours with their cosine similarity.
    public var neighbors: [(word: String, neighbors: [WordVectors.Neighbor])]
    /// Share of the variance along the first and second axis.
    public var explained: (Double, Double)
    /// Pairs of point indices: a chosen word and one of its neighbours.
    public var links: [(Int, Int)]

    /// Maps `words` (those with vectors) and their `neighborCount` nearest neighbours.
    public init(words: [String], vectors: WordVectors, neighborCount: Int) throws {
        let chosen = words.filter(vectors.contains)
        var order = chosen
        var seen = Set(chosen)
        var neighbors: [(word: String, neighbors: [WordVectors.Neighbor])] = []
        for word in chosen {
            let list = try vectors.mostSimilar(to: word, count: neighborCount)
            neighbors.append((word, list))
            for n in list where !seen.contains(n.word) { seen.insert(n.word); order.append(n.word) }
        }
        let index = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($0.element, $0.offset) })
        var links: [(Int, Int)] = []
        for (word, list) in neighbors { for n in list { links.append((index[word]!, index[n.word]!)) } }

        let d = vectors.dimensions
        var elements = [Float](); elements.reserveCapacity(order.count * d)
        for word in order { elements += try vectors.vector(for: word) }
        var mean = [Float](repeating: 0, count: d)
        for r in 0..<order.count { for c in 0..<d { mean[c] += elements[r * d + c] } }
        for c in 0..<d { mean[c] /= Float(max(order.count, 1)) }
        for r in 0..<order.count { for c in 0..<d { elements[r * d + c] -= mean[c] } }

        var xs = [Double](repeating: 0, count: order.count), ys = xs
        var explained = (0.0, 0.0)
        if order.count >= 2 {
            let svd = try DenseMatrix(rows: order.count, columns: d, elements: elements).thinSVD()
            let sigma = svd.singularValues.map(Double.init)
            let total = sigma.reduce(0) { $0 + $1 * $1 }
            for r in 0..<order.count {
                if sigma.count > 0 { xs[r] = Double(svd.u[r, 0]) * sigma[0] }
                if sigma.count > 1 { ys[r] = Double(svd.u[r, 1]) * sigma[1] }
            }
            if total > 0 {
                explained = (sigma.count > 0 ? sigma[0] * sigma[0] / total : 0, sigma.count > 1 ? sigma[1] * sigma[1] / total : 0)
            }
        }
        let chosenSet = Set(chosen)
        points = order.enumerated().map { Point(word: $0.element, x: xs[$0.offset], y: ys[$0.offset], chosen: chosenSet.contains($0.element)) }
        self.neighbors = neighbors
        self.explained = explained
        self.links = links
    }
}
