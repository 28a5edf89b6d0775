/// FirthKit: how meaning comes out of counting and matrix arithmetic.
///
/// The library follows the data's path, one folder per stage:
/// `Store` (the SQLite file and its schema) → `Ingest` (text to tokens) → `Count`
/// (co-occurrences and association measures as SQL aggregates) → `LinearAlgebra`
/// (sparse and dense matrices over OpenBLAS/LAPACKE, truncated SVD) → `Semantics`
/// (word vectors: SVD of PPMI, skip-gram, or both combined — ``EmbeddingPipeline``; their
/// queries) → `Attention` (context-sensitive vectors) → `Export`.
public enum FirthKit {
    /// The version of this library, printed by `firth --version`.
    public static let version = "0.1.0"
}
