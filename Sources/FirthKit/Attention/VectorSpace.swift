import Foundation

/// Anything that gives words vectors and finds the words nearest to a vector.
///
/// Attention works the same on dense SVD embeddings (``WordVectors``) and on the sparse PPMI rows
/// of a co-occurrence table (``PPMIMatrix``): both are rows of a word × dimension matrix.
public protocol VectorSpace {
    /// The name shown with results (the embedding's or the table's).
    var spaceName: String { get }
    /// The length of every vector.
    var dimensions: Int { get }
    /// The vector of `word`, or nil when it is outside the vocabulary.
    func vectorIfPresent(_ word: String) -> [Float]?
    /// The `count` vocabulary words nearest to `vector` by cosine, leaving out `excluding`.
    func nearestWords(to vector: [Float], count: Int, excluding: Set<String>) -> [WordVectors.Neighbor]
    /// The word's share of the corpus's tokens, p(w), when known (for frequency weighting).
    func relativeFrequency(_ word: String) -> Double?
    /// Every word with a vector, in row order.
    var vocabulary: [String] { get }
    /// The dot product of every word's unit vector with `vector`, in ``vocabulary`` order.
    func unitDotProducts(with vector: [Float]) -> [Float]
    /// Σ weights[i] · (unit vector of vocabulary[i]): one pass over the rows.
    func weightedSumOfUnitVectors(_ weights: [Float]) -> [Float]
}
