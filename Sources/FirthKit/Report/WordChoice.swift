import Foundation
import GRDB

/// Which words a report's heatmaps and map show when none are given.
///
/// No stop-word list: function words are found from the data. A function word ("the", "of")
/// keeps company with every word about as often as chance predicts, so its PPMI with other
/// frequent words is near zero; a content word ("river") has a few strong partners among them
/// ("water", "bank"). So the `pool` most frequent words of the count table are ranked by their
/// PPMI row mass over the pool itself,
///
/// ```
/// mass(w) = Σ_{c in pool, c ≠ w} PPMI(w, c)
/// ```
///
/// and the `count` words with the largest mass are taken, listed most frequent first. On the
/// tutorial corpus — where all of ``tutorialWords`` are in the vocabulary — those are used
/// instead, so the report tells the tutorial's story.
public struct WordChoice: Sendable, Equatable {
    /// How the words were chosen.
    public enum Rule: Sendable, Equatable {
        case given
        case tutorial
        case ppmiMass(pool: Int)
    }

    /// bank in two senses and the company of each.
    public static let tutorialWords = ["bank", "river", "water", "fish", "mud", "loan", "money", "interest"]

    public var words: [String]
    public var rule: Rule
    /// For ``Rule/ppmiMass(pool:)``: every pool word with its mass, largest first.
    public var masses: [(word: String, mass: Double)] = []

    public static func == (a: Self, b: Self) -> Bool {
        a.words == b.words && a.rule == b.rule && a.masses.map(\.word) == b.masses.map(\.word)
    }

    /// One sentence on how the words were chosen, for the report.
    public var explanation: String {
        switch rule {
        case .given: return "The words were given with --words."
        case .tutorial: return "The tutorial's words (bank in both senses and the company of each), since all of them are in the vocabulary."
        case let .ppmiMass(pool):
            return "No word list: of the \(pool) most frequent words, the \(words.count) with the largest PPMI row mass over those same words "
                + "(Σ PPMI(w, c)); function words keep company with everything at about chance level, so their mass is near 0. Shown most frequent first."
        }
    }

    /// The pool words left out (lowest mass first), the function-like words of the data.
    public var leftOut: [String] {
        let chosen = Set(words)
        return masses.reversed().map(\.word).filter { !chosen.contains($0) }
    }

    /// Chooses the default words of `table` that also have vectors in `vectors`.
    ///
    /// - Parameters:
    ///   - count: how many words (at most).
    ///   - pool: how many of the most frequent words to rank.
    public static func choose(store: CorpusStore, table: CooccurrenceTable, vectors: WordVectors,
                              smoothing: AssociationMeasure.Smoothing = .init(), count: Int = 8, pool: Int = 100) throws -> WordChoice {
        // The table's vocabulary with vectors, most frequent first.
        let vocabulary: [(id: Int64, word: String, frequency: Int)] = try store.dbQueue.read { db in
            try Row.fetchAll(db, sql: """
                SELECT v.word_id, w.word, v.frequency FROM count_vocabulary v JOIN words w USING (word_id)
                WHERE v.table_id = ? ORDER BY v.frequency DESC, w.word
                """, arguments: [table.id]).map { ($0[0], $0[1], $0[2]) }
        }.filter { vectors.contains($0.word) }
        let present = Set(vocabulary.map(\.word))
        if tutorialWords.allSatisfy(present.contains) {
            return WordChoice(words: tutorialWords, rule: .tutorial)
        }
        let candidates = Array(vocabulary.prefix(pool))
        guard candidates.count > count else {
            return WordChoice(words: candidates.map(\.word), rule: .ppmiMass(pool: candidates.count))
        }
        var mass: [Int64: Double] = [:]
        try store.dbQueue.read { db in
            let list = candidates.map { String($0.id) }.joined(separator: ",")
            let rows = try Row.fetchCursor(db, sql: AssociationMeasure.selectSQL(
                .ppmi, filter: "o.word_id IN (\(list)) AND o.context_id IN (\(list)) AND o.word_id <> o.context_id"),
                arguments: AssociationMeasure.arguments(table: table, smoothing: smoothing))
            while let row = try rows.next() { mass[row[0], default: 0] += row[3] }
        }
        let ranked = candidates.enumerated()
            .map { (rank: $0.offset, word: $0.element.word, mass: mass[$0.element.id] ?? 0) }
            .sorted { ($1.mass, $0.rank) < ($0.mass, $1.rank) }
        let chosen = ranked.prefix(count).sorted { $0.rank < $1.rank }.map(\.word)
        return WordChoice(words: chosen, rule: .ppmiMass(pool: candidates.count), masses: ranked.map { ($0.word, $0.mass) })
    }
}
