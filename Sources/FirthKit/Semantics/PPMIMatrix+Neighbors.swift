import Foundation

extension PPMIMatrix {
    /// The `count` words whose PPMI rows are nearest to `word`'s by cosine: neighbours before
    /// any compression, straight from the counts.
    public func mostSimilar(to word: String, count: Int = 10) throws -> [WordVectors.Neighbor] {
        guard let row = words.firstIndex(of: word) else {
            throw FirthError.unknownWord(word, suggestions: Spelling.closest(to: word, among: words))
        }
        return matrix.topCosineSimilarities(to: matrix.row(row), count: count, excluding: [row])
            .map { .init(word: words[$0.row], similarity: $0.score) }
    }
}
