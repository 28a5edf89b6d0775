import Foundation
import GRDB

/// Makes word vectors from a co-occurrence table: PPMI in SQL, truncated SVD on OpenBLAS/LAPACKE.
///
/// The hyperwords pipeline (Levy, Goldberg & Dagan, TACL 2015) in three steps:
/// 1. load the PPMI matrix of the table (``PPMIMatrix``, computed by SQL);
/// 2. factor it with a seeded randomized SVD (``RandomizedSVD``), M ≈ U·Σ·Vᵀ;
/// 3. word vectors W = U·Σ^p, optionally plus the context vectors C = V·Σ^p, optionally without
///    their top principal components, normalized.
///
/// ```swift
/// let table = try store.cooccurrenceTable(named: nil)
/// let embedding = try EmbeddingBuilder(store: store).embed(table: table, parameters: EmbeddingParameters()).embedding
/// let vectors = try store.wordVectors(named: embedding.name)
/// ```
public final class EmbeddingBuilder {
    public let store: CorpusStore
    private let progress: Progress

    public init(store: CorpusStore, progress: Progress = .silent) {
        self.store = store
        self.progress = progress
    }

    /// Factors `table`'s PPMI and stores the vectors, or returns the stored embedding that has
    /// exactly these parameters on this table (unless `force`).
    @discardableResult
    public func embed(table: CooccurrenceTable, parameters: EmbeddingParameters, name: String? = nil,
                      force: Bool = false) throws -> (embedding: Embedding, reused: Bool) {
        try parameters.validate()
        let name = name ?? parameters.name(table: table.name)
        if !force, let existing = try store.embeddings().first(where: {
            $0.tableID == table.id && $0.source.svd == parameters && $0.name == name
        }) {
            return (existing, true)
        }
        let started = Date()
        progress.update("loading PPMI of \(table.name)", force: true)
        let ppmi = try PPMIMatrix.load(from: store, table: table, smoothing: parameters.smoothing)
        let rank = min(parameters.dimensions, ppmi.words.count)
        progress.update("SVD: \(ppmi.words.count) × \(ppmi.words.count), \(ppmi.matrix.nonZeroCount) non-zeros, \(rank) dimensions", force: true)
        let svd = try RandomizedSVD(rank: rank, oversampling: parameters.oversampling,
                                    powerIterations: parameters.powerIterations, seed: UInt64(parameters.seed))
            .decompose(ppmi.matrix)
        let vectors = try Self.finished(Self.wordVectors(svd, eigenWeight: parameters.eigenWeight,
                                                         addContextVectors: parameters.addContextVectors),
                                        removingTopComponents: parameters.removeTopComponents)
        progress.update("storing \(ppmi.words.count) vectors", force: true)
        let embedding = try store.storeEmbedding(name: name, source: .svd(parameters, counts: table.parameters), tableID: table.id,
                                                 words: ppmi.words, vectors: vectors, singularValues: svd.singularValues,
                                                 seconds: Date().timeIntervalSince(started))
        progress.finish()
        return (embedding, false)
    }

    /// W = U·Σ^p: the eigenvalue weighting of Levy et al. (2015); with `addContextVectors`,
    /// W + C where C = V·Σ^p (their "w+c"; the rows of U and V are the same words).
    static func wordVectors(_ svd: TruncatedSVD, eigenWeight: Double, addContextVectors: Bool = false) -> DenseMatrix {
        var w = svd.u
        if addContextVectors {
            precondition(svd.v.rows == svd.u.rows, "w+c needs the contexts to be the words")
            svd.v.withUnsafeBufferPointer { c in
                w.withUnsafeMutableBufferPointer { x in for i in 0..<x.count { x[i] += c[i] } }
            }
        }
        if eigenWeight != 0 {
            w.scaleColumns(by: svd.singularValues.map { Float(pow(Double($0), eigenWeight)) })
        }
        return w
    }

    /// The last step of every made embedding: optionally all-but-the-top, then unit rows.
    static func finished(_ vectors: DenseMatrix, removingTopComponents count: Int) throws -> DenseMatrix {
        // A tiny vocabulary has fewer principal directions than the default asks to remove.
        let removed = min(count, max(0, min(vectors.rows, vectors.columns) - 1))
        var vectors = removed > 0 ? try removingTopComponents(vectors.normalizedRows(), count: removed) : vectors
        vectors.normalizeRows()
        return vectors
    }

    /// "All-but-the-top" (Mu & Viswanath, ICLR 2018): subtract the mean vector, then the
    /// projections on the top `count` principal components, which mostly encode word frequency.
    static func removingTopComponents(_ vectors: DenseMatrix, count: Int) throws -> DenseMatrix {
        var centered = vectors
        let (n, d) = (vectors.rows, vectors.columns)
        var mean = [Float](repeating: 0, count: d)
        for i in 0..<n { for (j, v) in vectors.row(i).enumerated() { mean[j] += v / Float(n) } }
        centered.withUnsafeMutableBufferPointer { x in
            for i in 0..<n { for j in 0..<d { x[i * d + j] -= mean[j] } }
        }
        // Principal directions = right singular vectors of the centred matrix (LAPACK gesdd).
        let svd = try centered.thinSVD()
        let top = DenseMatrix(rows: d, columns: count, elements: (0..<d).flatMap { j in (0..<count).map { svd.v[j, $0] } })
        let projections = centered.multiplied(by: top)                       // n × count
        let removed = projections.multiplied(by: top, transposingOther: true) // n × d
        centered.withUnsafeMutableBufferPointer { x in
            removed.withUnsafeBufferPointer { r in for i in 0..<(n * d) { x[i] -= r[i] } }
        }
        return centered
    }
}
