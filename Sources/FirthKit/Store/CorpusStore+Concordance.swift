import Foundation
import GRDB

/// One line of a keyword-in-context listing.
public struct ConcordanceLine: Sendable, Equatable {
    public var source: String
    public var position: Int
    public var left: String
    public var keyword: String
    public var right: String
}

extension CorpusStore {
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
                let rows = try PositionedWord.fetchCursor(context, arguments: [position - reach, position + reach])
                while let row = try rows.next() {
                    if row.position < position {
                        left.append(row.word)
                    } else if row.position > position {
                        right.append(row.word)
                    } else {
                        keyword = row.word
                    }
                }
                let leftText = left.joined(separator: " "), rightText = right.joined(separator: " ")
                return ConcordanceLine(source: hit.source, position: position,
                                       left: String(leftText.suffix(width)), keyword: keyword,
                                       right: String(rightText.prefix(width)))
            }
        }
    }

    /// A token of the running text: its position and its word.
    private struct PositionedWord: FetchableRecord, Decodable {
        var position: Int
        var word: String
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
