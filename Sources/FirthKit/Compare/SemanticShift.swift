import Foundation

/// How a word's company changes between two parts of a collection (Hamilton, Leskovec & Jurafsky
/// 2016, "Diachronic word embeddings reveal statistical laws of semantic change").
///
/// Each part has its own embedding, and an SVD's axes are arbitrary: the same meanings can sit
/// in rotated coordinates. Orthogonal Procrustes finds the rotation that best maps one onto the
/// other over the words both parts know:
///
/// ```
/// R = argmin_{RᵀR = I} ‖X·R − Y‖_F = U·Vᵀ,  where U·Σ·Vᵀ = svd(Xᵀ·Y)
/// change(w) = 1 − cos(x_w·R, y_w)
/// ```
///
/// with X and Y the unit rows of the shared words in the two parts (the d × d SVD on LAPACK).
/// A rotation keeps every cosine within a part, so each part's neighbours are unchanged by it;
/// the change score compares a word with itself across parts. Rare words move by noise: rank
/// with a frequency floor.
public struct SemanticShift: Sendable {
    /// One word's change: 1 − cosine of its aligned vectors.
    public struct WordChange: Sendable, Equatable {
        public var word: String
        public var change: Double
    }

    /// A word's neighbourhood in the two parts.
    public struct Neighborhood: Sendable, Equatable {
        public var word: String
        public var change: Double
        public var from: [WordVectors.Neighbor]
        public var to: [WordVectors.Neighbor]
        /// Among the nearest words in the second part and not in the first.
        public var joined: [String]
        /// Among the nearest words in the first part and not in the second.
        public var left: [String]
    }

    public let from: WordVectors
    public let to: WordVectors
    /// The words both parts have vectors for, in the first part's (frequency) order.
    public let shared: [String]
    /// The rotation R (d × d) applied to the first part's vectors.
    public let rotation: DenseMatrix
    /// Row i: the change of shared[i].
    public let changes: [Double]
    /// The row of each shared word.
    private let index: [String: Int]

    /// Aligns `from` onto `to` over their shared vocabulary.
    ///
    /// - Throws: ``FirthError/invalidOption(_:)`` when the dimensions differ or fewer words than
    ///   dimensions are shared (the rotation would not be determined).
    public init(from: WordVectors, to: WordVectors) throws {
        guard from.dimensions == to.dimensions else {
            throw FirthError.invalidOption("the two embeddings have \(from.dimensions) and \(to.dimensions) dimensions; aligning them needs the same number")
        }
        let shared = from.words.filter { to.contains($0) }
        guard shared.count >= from.dimensions else {
            throw FirthError.invalidOption("the two parts share \(shared.count) words, fewer than the \(from.dimensions) dimensions of their vectors; use fewer dimensions or larger parts")
        }
        let x = DenseMatrix(shared.map { from.vectors.row(from.rowIfPresent($0)!) })
        let y = DenseMatrix(shared.map { to.vectors.row(to.rowIfPresent($0)!) })
        let svd = try x.multiplied(by: y, transposingSelf: true).thinSVD()
        let rotation = svd.u.multiplied(by: svd.v, transposingOther: true)
        let aligned = x.multiplied(by: rotation).normalizedRows()
        self.from = from
        self.to = to
        self.shared = shared
        self.rotation = rotation
        index = Dictionary(shared.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { a, _ in a })
        changes = (0..<shared.count).map { i in
            let (a, b) = (aligned.row(i), y.row(i))
            return 1 - Double(zip(a, b).map { $0 * $1 }.reduce(0, +))
        }
    }

    /// The change of `word`, or nil when a part has no vector for it.
    public func change(of word: String) -> Double? { index[word].map { changes[$0] } }

    /// The change of one word.
    ///
    /// - Throws: ``FirthError/invalidOption(_:)`` naming the part that lacks it.
    public func neighborhood(of word: String, count: Int = 10) throws -> Neighborhood {
        guard let i = index[word] else {
            let missing = [from.contains(word) ? nil : from.name, to.contains(word) ? nil : to.name].compactMap { $0 }
            throw FirthError.invalidOption("'\(word)' has no vector in \(missing.joined(separator: " and ")) (too rare there, or absent); a shift needs it in both parts")
        }
        let before = try from.mostSimilar(to: word, count: count), after = try to.mostSimilar(to: word, count: count)
        let beforeWords = Set(before.map(\.word)), afterWords = Set(after.map(\.word))
        return Neighborhood(word: word, change: changes[i], from: before, to: after,
                            joined: after.map(\.word).filter { !beforeWords.contains($0) },
                            left: before.map(\.word).filter { !afterWords.contains($0) })
    }

    /// The `top` shared words that changed most, among those `eligible` (a frequency floor).
    public func mostChanged(top: Int, where eligible: (String) -> Bool = { _ in true }) -> [WordChange] {
        let ranked = zip(shared, changes).filter { eligible($0.0) }.map { WordChange(word: $0.0, change: $0.1) }
        return Array(ranked.sorted { $0.change != $1.change ? $0.change > $1.change : $0.word < $1.word }.prefix(top))
    }
}
