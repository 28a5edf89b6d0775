import Foundation
import GRDB

/// Corpus size at a glance: what `firth stats` prints.
public struct CorpusStatistics: Sendable, Equatable {
    public var name: String
    public var documents: Int
    public var tokens: Int
    /// Distinct words (the vocabulary size before any min-count).
    public var types: Int
    public var sentences: Int
    /// Per collection (the `--corpus` label of each ingest): documents and tokens.
    public var collections: [(name: String, documents: Int, tokens: Int)]

    public static func == (a: Self, b: Self) -> Bool {
        a.name == b.name && a.documents == b.documents && a.tokens == b.tokens && a.types == b.types
            && a.sentences == b.sentences
            && a.collections.map { "\($0)" } == b.collections.map { "\($0)" }
    }
}

/// One line of a keyword-in-context listing.
public struct ConcordanceLine: Sendable, Equatable {
    public var source: String
    public var position: Int
    public var left: String
    public var keyword: String
    public var right: String
}

extension CorpusStore {
    // MARK: - Statistics

    /// Documents, tokens, types and sentences, overall and per collection.
    public func statistics() throws -> CorpusStatistics {
        let info = try requireCorpus()
        return try dbQueue.read { db in
            let totals = try Row.fetchOne(db, sql: """
                SELECT count(*), coalesce(sum(token_count), 0), coalesce(sum(sentence_count), 0) FROM documents
                """)!
            let types = try Int.fetchOne(db, sql: "SELECT count(*) FROM words WHERE count > 0") ?? 0
            let collections = try Row.fetchAll(db, sql: """
                SELECT collection, count(*), sum(token_count) FROM documents GROUP BY collection ORDER BY collection
                """).map { (name: $0[0] as String, documents: $0[1] as Int, tokens: $0[2] as Int) }
            return CorpusStatistics(name: info.name, documents: totals[0], tokens: totals[1], types: types,
                                    sentences: totals[2], collections: collections)
        }
    }

    /// One row per document: id, source, collection, tokens, sentences, encoding.
    public func documentTable() throws -> Table {
        var table = Table(columns: ["document", "source", "collection", "tokens", "sentences", "encoding"])
        try dbQueue.read { db in
            let rows = try Row.fetchCursor(db, sql: """
                SELECT document_id, source, collection, token_count, sentence_count, encoding
                FROM documents ORDER BY document_id
                """)
            while let row = try rows.next() {
                table.append([.integer(row[0]), .text(row[1]), .text(row[2]), .integer(row[3]), .integer(row[4]), .text(row[5])])
            }
        }
        return table
    }

    // MARK: - Vocabulary

    /// The frequency list: rank, word, count and count per million tokens, most frequent first.
    ///
    /// - Parameters:
    ///   - top: at most this many words (nil: all).
    ///   - minCount: leave out words seen fewer times.
    public func vocabulary(top: Int? = nil, minCount: Int = 1) throws -> Table {
        var table = Table(columns: ["rank", "word", "count", "per_million"])
        try dbQueue.read { db in
            let total = Double(try Int.fetchOne(db, sql: "SELECT coalesce(sum(count), 0) FROM words") ?? 0)
            let rows = try Row.fetchCursor(db, sql: """
                SELECT word, count FROM words WHERE count >= ? ORDER BY count DESC, word LIMIT ?
                """, arguments: [minCount, top ?? -1])
            var rank = 0
            while let row = try rows.next() {
                rank += 1
                let count: Int = row[1]
                table.append([.integer(rank), .text(row[0]), .integer(count), .real(Double(count) * 1e6 / max(total, 1), digits: 1)])
            }
        }
        return table
    }

    /// How often each word occurs in the corpus (words that occur at least once).
    public func wordCounts() throws -> [String: Int] {
        try dbQueue.read { db in
            var counts: [String: Int] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT word, count FROM words WHERE count > 0")
            while let row = try rows.next() { counts[row[0]] = row[1] }
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

    // MARK: - Concordance

    /// Keyword-in-context lines for `word`: each occurrence with `width` characters of text on
    /// either side, rebuilt from the stored tokens (so in the corpus's normalized spelling).
    /// With `subcorpus`, only the occurrences in its documents.
    public func concordance(of word: String, width: Int = 40, limit: Int? = 25, in subcorpus: Subcorpus? = nil) throws -> [ConcordanceLine] {
        let id = try wordID(word)
        // Enough words to fill `width` characters even with one-letter words and spaces.
        let reach = width / 2 + 1
        return try dbQueue.read { db in
            let hits = try Self.concordanceHits(db, wordID: id, limit: limit, in: subcorpus)
            let context = try db.cachedStatement(sql: """
                SELECT t.position, w.word FROM tokens t JOIN words w USING (word_id)
                WHERE t.position BETWEEN ? AND ? ORDER BY t.position
                """)
            return try hits.map { hit in
                let position = Int(hit.position)
                var left: [String] = [], right: [String] = []
                var keyword = ""
                let rows = try Row.fetchCursor(context, arguments: [position - reach, position + reach])
                while let row = try rows.next() {
                    let p: Int = row[0]
                    if p < position { left.append(row[1]) } else if p > position { right.append(row[1]) } else { keyword = row[1] }
                }
                let leftText = left.joined(separator: " "), rightText = right.joined(separator: " ")
                return ConcordanceLine(source: hit.source, position: position,
                                       left: String(leftText.suffix(width)), keyword: keyword,
                                       right: String(rightText.prefix(width)))
            }
        }
    }

    /// One occurrence: its position and the source of the document that holds it.
    struct ConcordanceHit {
        var position: Int64
        var source: String
    }

    /// A document's positions, read in document order.
    private struct DocumentSpan: FetchableRecord, Decodable {
        var firstPosition: Int64
        var tokenCount: Int64
        var source: String

        enum CodingKeys: String, CodingKey {
            case firstPosition = "first_position", tokenCount = "token_count", source
        }
    }

    /// The two scans of ``concordanceHits(_:wordID:limit:)``; neither may sort (tests check their plans).
    static let concordanceSQL = (
        hits: "SELECT position FROM tokens WHERE word_id = ? ORDER BY position LIMIT ?",
        documents: "SELECT first_position, token_count, source FROM documents ORDER BY document_id")

    /// The first `limit` occurrences of a word, with their documents, reading only as far into
    /// the corpus as the last of them.
    ///
    /// `tokens` is scanned in position order (its primary key), so the scan stops at the limit;
    /// documents are read alongside in `document_id` order, which is position order because
    /// ingest gives each document the positions after the previous one's. A join of the two on
    /// the position range would sort every occurrence in the corpus before the first is shown.
    static func concordanceHits(_ db: Database, wordID: Int64, limit: Int?, in subcorpus: Subcorpus? = nil) throws -> [ConcordanceHit] {
        let positions: [Int64]
        if let subcorpus {
            let from = partTokens(subcorpus)
            positions = try Int64.fetchAll(db, sql: "SELECT t.position FROM \(from.sql) WHERE t.word_id = ? ORDER BY t.position LIMIT ?",
                                           arguments: from.arguments + [wordID, limit ?? -1])
        } else {
            positions = try Int64.fetchAll(db, sql: concordanceSQL.hits, arguments: [wordID, limit ?? -1])
        }
        let documents = try DocumentSpan.fetchCursor(db, sql: concordanceSQL.documents)
        var current = try documents.next()
        var hits: [ConcordanceHit] = []
        for position in positions {
            while let span = current, span.firstPosition + span.tokenCount <= position { current = try documents.next() }
            if let span = current, span.firstPosition <= position {
                hits.append(ConcordanceHit(position: position, source: span.source))
            } else if let source = try String.fetchOne(db, sql: """
                SELECT source FROM documents WHERE ? BETWEEN first_position AND first_position + token_count - 1
                """, arguments: [position]) {
                // Not in document order (not written by ingest): looked up directly.
                hits.append(ConcordanceHit(position: position, source: source))
            }
        }
        return hits
    }
}
