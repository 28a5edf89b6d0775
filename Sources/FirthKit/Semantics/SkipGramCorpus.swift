import Foundation
import GRDB

/// The text a skip-gram model reads: the corpus's in-vocabulary words as row numbers, in order,
/// cut into segments that windows never cross.
///
/// As in word2vec and gensim, words below the min-count are removed from the text before windows
/// are drawn, so a window reaches past them. Segments end at document ends and are at most
/// `maximumSegmentLength` words long (gensim's limit of 10,000 words per sentence), which also
/// gives threads pieces of work of similar size.
///
/// ```swift
/// let corpus = try SkipGramCorpus.load(from: store, minCount: 5)
/// print(corpus.words.count, corpus.tokens.count)
/// ```
public struct SkipGramCorpus: Sendable {
    /// The vocabulary, most frequent first: row i of the vectors is `words[i]`.
    public let words: [String]
    /// Corpus frequency of each word of ``words``.
    public let counts: [Int]
    /// The kept running words, as indices into ``words``.
    public let tokens: [Int32]
    /// Each segment's range in ``tokens``; together they cover it in order.
    public let segments: [Range<Int>]

    static let maximumSegmentLength = 10_000

    /// A corpus from documents already turned into vocabulary indices (tests, other sources).
    public init(words: [String], counts: [Int], documents: [[Int32]]) {
        precondition(words.count == counts.count)
        self.words = words
        self.counts = counts
        var tokens: [Int32] = []
        var segments: [Range<Int>] = []
        for document in documents {
            for start in stride(from: 0, to: document.count, by: Self.maximumSegmentLength) {
                let end = min(start + Self.maximumSegmentLength, document.count)
                segments.append(tokens.count..<(tokens.count + end - start))
                tokens.append(contentsOf: document[start..<end])
            }
        }
        self.tokens = tokens
        self.segments = segments
    }

    /// Reads the corpus of `store`: words seen at least `minCount` times, ordered like a count
    /// table's vocabulary (frequency, then word id), and its tokens document by document.
    public static func load(from store: CorpusStore, minCount: Int) throws -> SkipGramCorpus {
        try store.dbQueue.read { db in
            // Word id → row of the vectors (−1: left out), a dense table since word ids are
            // small consecutive integers.
            let maximumID = Int(try Int64.fetchOne(db, sql: "SELECT coalesce(max(word_id), 0) FROM words") ?? 0)
            var row = [Int32](repeating: -1, count: maximumID + 1)
            var words: [String] = []
            var counts: [Int] = []
            let vocabulary = try Row.fetchCursor(db, sql: """
                SELECT word_id, word, count FROM words WHERE count >= ? ORDER BY count DESC, word_id
                """, arguments: [minCount])
            while let entry = try vocabulary.next() {
                row[Int(entry[0] as Int64)] = Int32(words.count)
                words.append(entry[1])
                counts.append(entry[2])
            }
            guard !words.isEmpty else {
                throw FirthError.missing(what: "a word seen at least \(minCount) times",
                                         hint: "ingest more text first, or train with a lower minimum count (`firth skipgram --min-count`)")
            }

            var documents: [[Int32]] = []
            let ranges = try Row.fetchAll(db, sql: """
                SELECT first_position, token_count FROM documents WHERE token_count > 0 ORDER BY first_position
                """)
            var current: [Int32] = []
            var next = 0
            var end = Int64.min
            let tokens = try Row.fetchCursor(db, sql: "SELECT position, word_id FROM tokens ORDER BY position")
            while let token = try tokens.next() {
                let position: Int64 = token[0]
                if position >= end {
                    if !current.isEmpty { documents.append(current); current = [] }
                    // Advance to the document holding this position.
                    while next < ranges.count {
                        let first: Int64 = ranges[next][0], count: Int64 = ranges[next][1]
                        next += 1
                        if position < first + count { end = first + count; break }
                    }
                }
                let index = row[Int(token[1] as Int64)]
                if index >= 0 { current.append(index) }
            }
            if !current.isEmpty { documents.append(current) }
            return SkipGramCorpus(words: words, counts: counts, documents: documents)
        }
    }
}
