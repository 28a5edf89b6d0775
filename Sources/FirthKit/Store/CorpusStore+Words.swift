import Foundation
import GRDB

/// A word and how often it occurs (in the corpus, or in a part of it).
public struct WordCount: FetchableRecord, Sendable, Equatable {
    public var word: String
    public var count: Int

    public init(word: String, count: Int) {
        self.word = word
        self.count = count
    }

    // By column name, not Decodable: frequency lists run to the whole vocabulary (see AssociationValue).
    public init(row: Row) throws {
        word = row["word"]
        count = row["count"]
    }
}

/// A frequency list: words most frequent first (ties by word), and the tokens they are counted
/// among, the denominator of a relative frequency.
public struct FrequencyList: Sendable, Equatable {
    /// The words, most frequent first; a word's rank is its index plus one.
    public var words: [WordCount]
    /// The tokens of the corpus, or of the subcorpus, the counts are out of.
    public var tokens: Int

    public init(words: [WordCount], tokens: Int) {
        self.words = words
        self.tokens = tokens
    }

    /// Occurrences of `count` per million of ``tokens``.
    public func perMillion(_ count: Int) -> Double {
        Double(count) * 1e6 / Double(max(tokens, 1))
    }
}

/// The corpus's words: the frequency list, lookups of a word's id and spelling.
extension CorpusStore {
    /// The frequency list, most frequent first (ties by word).
    ///
    /// - Parameters:
    ///   - top: at most this many words (nil: all).
    ///   - minCount: leave out words seen fewer times.
    public func vocabulary(top: Int? = nil, minCount: Int = 1) throws -> FrequencyList {
        try dbQueue.read { db in
            let total = try Int.fetchOne(db, sql: "SELECT coalesce(sum(count), 0) FROM words") ?? 0
            let words = try WordCount.fetchAll(db, sql: """
                SELECT word, count FROM words WHERE count >= ? ORDER BY count DESC, word LIMIT ?
                """, arguments: [minCount, top ?? -1])
            return FrequencyList(words: words, tokens: total)
        }
    }

    /// Every word with at least one occurrence and its count, most frequent first (ties by word):
    /// the whole ``vocabulary(top:minCount:)``.
    public func wordFrequencies() throws -> [(word: String, count: Int)] {
        try vocabulary().words.map { ($0.word, $0.count) }
    }

    /// How often each word occurs in the corpus (words that occur at least once).
    public func wordCounts() throws -> [String: Int] {
        try dbQueue.read { db in
            var counts: [String: Int] = [:]
            let rows = try WordCount.fetchCursor(db, sql: "SELECT word, count FROM words WHERE count > 0")
            while let row = try rows.next() { counts[row.word] = row.count }
            return counts
        }
    }

    /// The id of `word` as the corpus's tokenizer spells it, or ``FirthError/unknownWord(_:suggestions:)``.
    public func wordID(_ word: String) throws -> Int64 {
        guard try corpusInfo() != nil else { throw FirthError.emptyCorpus(path: path) }
        let normalized = try normalize(word)
        if let id = try dbQueue.read({ db in
            try Int64.fetchOne(db, sql: "SELECT word_id FROM words WHERE word = ? AND count > 0", arguments: [normalized])
        }) {
            return id
        }
        throw FirthError.unknownWord(word, suggestions: try suggestions(for: normalized))
    }

    /// A query word put through the corpus's tokenizer (case folding, apostrophes).
    ///
    /// A database without a corpus (imported vectors only) has no tokenizer: words are taken as given.
    public func normalize(_ word: String) throws -> String {
        guard let info = try corpusInfo() else { return word }
        let words = Tokenizer(settings: info.tokenizer).words(word)
        return words.count == 1 ? words[0] : word
    }

    /// The vocabulary words closest in spelling to `word` (edit distance ≤ 2, frequent first).
    public func suggestions(for word: String, count: Int = 3) throws -> [String] {
        let length = word.unicodeScalars.count
        // Only words of a length within the distance can be close: SQL narrows the scan.
        let candidates = try dbQueue.read { db in
            try String.fetchAll(db, sql: """
                SELECT word FROM words WHERE count > 0 AND length(word) BETWEEN ? AND ? ORDER BY count DESC, word
                """, arguments: [length - Spelling.maximumDistance, length + Spelling.maximumDistance])
        }
        return Spelling.closest(to: word, among: candidates, count: count)
    }
}
