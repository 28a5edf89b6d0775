import Foundation

/// Which words a report's heatmaps and map show when none are given.
///
/// No stop-word list: function words are found from the data. A function word ("the", "of")
/// keeps company with every word about as often as chance predicts, so the distribution of its
/// contexts is close to the distribution of all contexts; a content word ("river") has company
/// of its own ("water", "bank"). So the `pool` most frequent words of the count table are
/// ranked by how far their company is from the average company — the count-weighted mean
/// of their row of PMI, which is the Kullback–Leibler divergence
///
/// ```
/// mass(w) = Σ_c P(c|w) · ln( P(c|w) / P(c) )      over the `contexts` most frequent contexts c
/// ```
///
/// with P(c|w) = #(w,c) / Σ_c' #(w,c') and P(c) = #(c) / Σ_c' #(c'), both over those contexts —
/// and the `count` words with the largest mass are taken, listed most frequent first. The
/// lowest masses go to the, and, of, in, to: the function words. On the tutorial corpus —
/// where all of ``tutorialWords`` are among the `pool` most frequent words — those are used
/// instead, so the report tells the tutorial's story. Being in the vocabulary is not enough: a
/// large corpus of news or fiction has bank, river, mud and loan somewhere, and its report
/// should show its own words, not the tutorial's.
///
/// - Warning: The criterion finds words with company of their own, which on a mixed corpus
///   includes words of a register (shalt, saith in the King James Bible; mr, mrs in novels)
///   beside nouns; it separates the function words reliably, not nouns from the rest.
public struct WordChoice: Sendable, Equatable {
    /// How the words were chosen.
    public enum Rule: Sendable, Equatable {
        case given
        case tutorial
        /// The largest PMI mass among the `pool` most frequent words, over `contexts` contexts.
        case pmiMass(pool: Int, contexts: Int)
    }

    /// bank in two senses and the company of each.
    public static let tutorialWords = ["bank", "river", "water", "fish", "mud", "loan", "money", "interest"]

    public var words: [String]
    public var rule: Rule
    /// For ``Rule/pmiMass(pool:contexts:)``: every pool word with its mass, largest first.
    public var masses: [(word: String, mass: Double)] = []

    public static func == (a: Self, b: Self) -> Bool {
        a.words == b.words && a.rule == b.rule && a.masses.map(\.word) == b.masses.map(\.word)
    }

    /// One sentence on how the words were chosen, for the report.
    public var explanation: String {
        switch rule {
        case .given: return "The words were given with --words."
        case .tutorial: return "The tutorial's words (bank in both senses and the company of each), since all of them are among the corpus's most frequent words."
        case let .pmiMass(pool, contexts):
            return "No word list: of the \(pool) most frequent words, the \(words.count) whose company differs most from the average company "
                + "(the count-weighted mean of their PMI row over the \(contexts) most frequent contexts, Σ P(c|w) ln(P(c|w)/P(c))); "
                + "function words keep company with everything at about chance level, so theirs is near 0. Shown most frequent first."
        }
    }

    /// The pool words left out (lowest mass first), the function-like words of the data.
    public var leftOut: [String] {
        let chosen = Set(words)
        return masses.reversed().map(\.word).filter { !chosen.contains($0) }
    }

    /// A word placed on a map: a chosen word, or a neighbour one of them brought (``withNeighborhoods(in:neighbors:limit:)``).
    public struct Placed: Sendable, Equatable {
        public var word: String
        /// The chosen word whose neighbourhood brought this word; nil for a chosen word.
        public var near: String?

        public init(word: String, near: String? = nil) {
            self.word = word
            self.near = near
        }
    }

    /// The chosen words with their neighbourhoods: what a map of "frequent content words and
    /// their neighbourhoods" shows.
    ///
    /// The chosen words (those with vectors, in ``words``' order: most frequent first) are taken
    /// one by one, each followed by its `neighbors` nearest words by cosine that are not placed
    /// yet, until `limit` words are placed. A chosen word that an earlier one brought as a
    /// neighbour becomes a chosen word of its own there, and brings its neighbours. So a map of
    /// 300 words with 5 neighbours each shows about 50 frequent content words and the company
    /// each keeps in the embedding, rather than 300 words without their surroundings.
    ///
    /// - Complexity: one matrix product per block of chosen words (``WordVectors/mostSimilar(toEach:count:)``).
    public func withNeighborhoods(in vectors: WordVectors, neighbors: Int, limit: Int) throws -> [Placed] {
        let seeds = words.filter(vectors.contains)
        var placed: [Placed] = []
        var index: [String: Int] = [:]
        func place(_ word: String, near: String?) {
            index[word] = placed.count
            placed.append(Placed(word: word, near: near))
        }
        var next = 0
        while placed.count < limit && next < seeds.count {
            // As many chosen words as would fill the map if no neighbour were shared.
            let wanted = max(1, (limit - placed.count + neighbors) / (neighbors + 1))
            let batch = Array(seeds[next..<min(next + wanted, seeds.count)])
            next += batch.count
            let lists = neighbors > 0 ? try vectors.mostSimilar(toEach: batch, count: neighbors)
                                      : Array(repeating: [], count: batch.count)
            for (seed, list) in zip(batch, lists) where placed.count < limit {
                if let i = index[seed] { placed[i].near = nil } else { place(seed, near: nil) }
                for neighbor in list where placed.count < limit && index[neighbor.word] == nil {
                    place(neighbor.word, near: seed)
                }
            }
        }
        return placed
    }

    /// Chooses the default words of `table` that also have vectors in `vectors`.
    ///
    /// - Parameters:
    ///   - count: how many words (at most).
    ///   - pool: how many of the most frequent words to rank.
    ///   - contexts: over how many of the most frequent contexts to measure their company.
    ///   - tutorial: use ``tutorialWords`` when all of them are among the `pool` most frequent
    ///     words with vectors (the tutorial corpus, which is about them).
    /// - Complexity: one read of the table's cells for pool × contexts words.
    public static func choose(store: CorpusStore, table: CooccurrenceTable, vectors: WordVectors,
                              count: Int = 8, pool: Int = 200, contexts: Int = 1000, tutorial: Bool = true) throws -> WordChoice {
        // The table's vocabulary, most frequent first.
        let vocabulary = try store.tableVocabulary(of: table, tieBreak: .word).map { (id: $0.wordID, word: $0.word) }
        let withVectors = vocabulary.filter { vectors.contains($0.word) }
        let candidates = Array(withVectors.prefix(pool))
        if tutorial && Set(tutorialWords).isSubset(of: Set(candidates.map(\.word))) {
            return WordChoice(words: tutorialWords, rule: .tutorial)
        }
        let contextIDs = vocabulary.prefix(contexts).map(\.id)
        let rule = Rule.pmiMass(pool: candidates.count, contexts: contextIDs.count)
        guard candidates.count > count else { return WordChoice(words: candidates.map(\.word), rule: rule) }

        var rows: [Int64: [(context: Int64, count: Double)]] = [:]
        for cell in try store.cells(of: table, words: candidates.map(\.id), contexts: contextIDs) {
            rows[cell.wordID, default: []].append((cell.contextID, cell.count))
        }
        var contextTotals: [Int64: Double] = [:]
        for total in try store.contextTotals(of: table, words: contextIDs) { contextTotals[total.wordID] = total.total }
        let allContexts = contextTotals.values.reduce(0, +)
        func mass(_ id: Int64) -> Double {
            guard let row = rows[id], allContexts > 0 else { return 0 }
            let total = row.reduce(0) { $0 + $1.count }
            return row.reduce(0) { sum, cell in
                guard cell.count > 0, let c = contextTotals[cell.context], c > 0 else { return sum }
                let p = cell.count / total
                return sum + p * log(p / (c / allContexts))
            }
        }
        let ranked = candidates.enumerated()
            .map { (rank: $0.offset, word: $0.element.word, mass: mass($0.element.id)) }
            .sorted { ($1.mass, $0.rank) < ($0.mass, $1.rank) }
        let chosen = ranked.prefix(count).sorted { $0.rank < $1.rank }.map(\.word)
        return WordChoice(words: chosen, rule: rule, masses: ranked.map { ($0.word, $0.mass) })
    }
}
