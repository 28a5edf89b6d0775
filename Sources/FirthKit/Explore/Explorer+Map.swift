import Foundation

/// `/api/map`: the top words of the corpus on a plane (``WordMap``: their first two principal
/// components), for the map page to pan, zoom and search.
struct WordMapAnswer: Encodable, Sendable {
    struct Point: Encodable, Sendable { var word: String; var x: Double; var y: Double; var count: Int }
    var embedding: String
    /// How the words were chosen (``WordChoice``'s explanation).
    var chosenBecause: String
    /// Share of the variance along each axis.
    var explained: [Double]
    var points: [Point]

    enum CodingKeys: String, CodingKey { case embedding, explained, points, chosenBecause = "chosen_because" }
}

extension Explorer {
    func map(_ query: ExploreQuery) throws -> ExploreResponse {
        let count = try query.integer("n", default: 300, in: 2...3000)
        let vectors = try self.vectors(try query.optionalText("embedding"))
        let frequencies = try self.frequencies()   // before cachedMap, which holds the lock
        let answer = try cachedMap("\(vectors.name)\u{0}\(count)") {
            let words: [String]
            let because: String
            if let table = try store.cooccurrenceTables().last {
                // Content words: the frequent words whose company differs most from the average.
                let choice = try WordChoice.choose(store: store, table: table, vectors: vectors, count: count,
                                                   pool: max(count * 2, 200), tutorial: false)
                words = choice.words
                because = choice.explanation
            } else {
                words = frequencies.list.lazy.map(\.word).filter(vectors.contains).prefix(count).map { $0 }
                because = "The \(count) most frequent words with vectors."
            }
            // No neighbour links here: the page asks for a clicked word's neighbours.
            let map = try WordMap(words: words, vectors: vectors, neighborCount: 0)
            return WordMapAnswer(
                embedding: vectors.name, chosenBecause: because, explained: [map.explained.0, map.explained.1],
                points: map.points.map { .init(word: $0.word, x: $0.x, y: $0.y,
                                               count: frequencies.rank[$0.word].map { frequencies.list[$0 - 1].count } ?? 0) })
        }
        return .json(answer)
    }
}
