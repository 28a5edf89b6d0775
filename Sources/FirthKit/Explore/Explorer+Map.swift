import Foundation

/// `/api/map`: frequent content words of the corpus and their neighbourhoods on a plane
/// (``WordMap``: their first two principal components), for the map page to pan, zoom and search.
struct WordMapAnswer: Encodable, Sendable {
    struct Point: Encodable, Sendable {
        var word: String
        var x: Double
        var y: Double
        var count: Int
        /// The chosen word whose neighbourhood brought this one (absent for a chosen word).
        var near: String?
    }
    var embedding: String
    /// How the words were chosen (``WordChoice``'s explanation and the neighbourhoods).
    var chosenBecause: String
    /// Nearest words shown with each chosen word.
    var neighbors: Int
    /// Share of the variance along each axis.
    var explained: [Double]
    var points: [Point]

    enum CodingKeys: String, CodingKey { case embedding, neighbors, explained, points, chosenBecause = "chosen_because" }
}

extension Explorer {
    func map(_ query: ExploreQuery) throws -> ExploreResponse {
        let count = try query.integer("n", default: 300, in: 2...3000)
        let neighbors = try query.integer("neighbors", default: 5, in: 0...50)
        let loaded = try loadedVectors(try query.optionalText("embedding"))
        let vectors = loaded.vectors
        let table = try catalog().tables.last
        let frequencies = try self.frequencies()
        let key = [loaded.key, table.map(Self.key(of:)) ?? "", String(count), String(neighbors)].joined(separator: "\u{0}")
        let answer = try mapCache.value(key) {
            let choice: WordChoice
            if let table {
                // Content words: the frequent words whose company differs most from the average.
                choice = try WordChoice.choose(store: store, table: table, vectors: vectors, count: count,
                                               pool: max(count * 2, 200), tutorial: false)
            } else {
                choice = WordChoice(words: frequencies.list.lazy.map(\.word).filter(vectors.contains).prefix(count).map { $0 }, rule: .given)
            }
            // Neighbourhoods of the words with the most company of their own first (largest PMI
            // mass): in frequency order the first of the chosen half are auxiliaries (have, been).
            let seeds = choice.masses.isEmpty ? choice : WordChoice(words: choice.masses.prefix(count).map(\.word), rule: choice.rule)
            let placed = try seeds.withNeighborhoods(in: vectors, neighbors: neighbors, limit: count)
            var because = table == nil ? "The most frequent words with vectors." : choice.explanation
            if neighbors > 0 {
                because += " On the map, the words of largest measure come first, each with its \(neighbors) nearest words by cosine (those not shown yet), until \(count) words are placed."
            }
            let map = try WordMap(words: placed.map(\.word), vectors: vectors, neighborCount: 0)
            let near = Dictionary(uniqueKeysWithValues: placed.map { ($0.word, $0.near) })
            return WordMapAnswer(
                embedding: vectors.name, chosenBecause: because, neighbors: neighbors, explained: [map.explained.0, map.explained.1],
                points: map.points.map { .init(word: $0.word, x: $0.x, y: $0.y,
                                               count: frequencies.rank[$0.word].map { frequencies.list[$0 - 1].count } ?? 0,
                                               near: near[$0.word] ?? nil) })
        }
        return .json(answer)
    }
}
