import Foundation
import GRDB

/// A word's frequency in two parts of a collection (a target and a reference).
public struct PartFrequency: FetchableRecord, Decodable, Sendable, Equatable {
    public var word: String
    /// Occurrences in the target.
    public var target: Int
    /// Occurrences in the reference.
    public var reference: Int

    public init(word: String, target: Int, reference: Int) {
        self.word = word
        self.target = target
        self.reference = reference
    }
}

/// How often some words occur in one document, and the document's length.
public struct DocumentOccurrences: Sendable, Equatable {
    public var documentID: Int64
    public var source: String
    public var tokens: Int
    /// Occurrences per asked word id (absent: none).
    public var counts: [Int64: Int]
}

/// The token ranges of a subcorpus's documents, or of every document: the FROM clause that every
/// per-part aggregate below starts with. `t` is the token, `d` its document.
func partTokens(_ subcorpus: Subcorpus?) -> (sql: String, arguments: StatementArguments) {
    guard let subcorpus else {
        return ("documents d JOIN tokens t ON t.position BETWEEN d.first_position AND d.first_position + d.token_count - 1", [])
    }
    return ("""
        subcorpus_documents s JOIN documents d ON d.document_id = s.document_id AND s.subcorpus_id = ?
        JOIN tokens t ON t.position BETWEEN d.first_position AND d.first_position + d.token_count - 1
        """, [subcorpus.id])
}

extension CorpusStore {
    // MARK: - Frequencies in a part

    /// The frequency list of a subcorpus, most frequent first (ties by word), out of its tokens.
    public func vocabulary(top: Int? = nil, minCount: Int = 1, in subcorpus: Subcorpus) throws -> FrequencyList {
        let from = partTokens(subcorpus)
        let words = try dbQueue.read { db in
            try WordCount.fetchAll(db, sql: """
                SELECT w.word, count(*) AS count FROM \(from.sql) JOIN words w ON w.word_id = t.word_id
                GROUP BY t.word_id HAVING count(*) >= ? ORDER BY count DESC, w.word LIMIT ?
                """, arguments: from.arguments + [minCount, top ?? -1])
        }
        return FrequencyList(words: words, tokens: subcorpus.tokens)
    }

    /// Every word's frequency in `target` and in `reference` (nil: the rest of the corpus), as two
    /// SQL aggregates over the parts' token ranges; words absent from both are left out.
    ///
    /// The rest of the corpus is the corpus frequency (`words.count`) minus the target's, so only
    /// the target's tokens are read.
    ///
    /// - Throws: ``FirthError/invalidOption(_:)`` when the two parts share documents.
    public func partFrequencies(target: Subcorpus, reference: Subcorpus?) throws -> [PartFrequency] {
        let a = partTokens(target)
        return try dbQueue.read { db in
            guard let reference else {
                return try PartFrequency.fetchAll(db, sql: """
                    WITH a AS (SELECT t.word_id, count(*) AS n FROM \(a.sql) GROUP BY t.word_id)
                    SELECT w.word, coalesce(a.n, 0) AS target, w.count - coalesce(a.n, 0) AS reference
                    FROM words w LEFT JOIN a USING (word_id) WHERE w.count > 0 ORDER BY w.word_id
                    """, arguments: a.arguments)
            }
            let shared = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM subcorpus_documents x JOIN subcorpus_documents y USING (document_id)
                WHERE x.subcorpus_id = ? AND y.subcorpus_id = ?
                """, arguments: [target.id, reference.id]) ?? 0
            if shared > 0 {
                throw FirthError.invalidOption("subcorpora '\(target.name)' and '\(reference.name)' share \(shared) document\(shared == 1 ? "" : "s"); a keyword comparison needs two parts without common documents")
            }
            let b = partTokens(reference)
            return try PartFrequency.fetchAll(db, sql: """
                WITH a AS (SELECT t.word_id, count(*) AS n FROM \(a.sql) GROUP BY t.word_id),
                     b AS (SELECT t.word_id, count(*) AS n FROM \(b.sql) GROUP BY t.word_id)
                SELECT w.word, coalesce(a.n, 0) AS target, coalesce(b.n, 0) AS reference
                FROM words w LEFT JOIN a USING (word_id) LEFT JOIN b USING (word_id)
                WHERE a.n IS NOT NULL OR b.n IS NOT NULL ORDER BY w.word_id
                """, arguments: a.arguments + b.arguments)
        }
    }

    /// The words `table` counts that occur at least `minCount` times in what it counted (its
    /// subcorpus, or the corpus), with that frequency: one read of the table's stored vocabulary
    /// (`count_vocabulary`), no token read. A word with a vector from the table is always in it.
    public func frequentWords(of table: CooccurrenceTable, atLeast minCount: Int) throws -> [TableWord] {
        try dbQueue.read { db in
            try TableWord.fetchAll(db, sql: """
                SELECT v.word_id, w.word, v.frequency FROM count_vocabulary v JOIN words w USING (word_id)
                WHERE v.table_id = ? AND v.frequency >= ? ORDER BY v.word_id
                """, arguments: [table.id, minCount])
        }
    }

    // MARK: - Occurrences per document

    /// For every document (of `subcorpus`, or of the corpus), its length and how often each of
    /// `wordIDs` occurs in it: one aggregate over the documents' token ranges.
    public func occurrencesPerDocument(of wordIDs: [Int64], in subcorpus: Subcorpus?) throws -> [DocumentOccurrences] {
        struct Document: FetchableRecord, Decodable {
            var documentID: Int64; var source: String; var tokens: Int
            enum CodingKeys: String, CodingKey { case documentID = "document_id", source, tokens = "token_count" }
        }
        struct Hits: FetchableRecord, Decodable {
            var documentID: Int64; var wordID: Int64; var count: Int
            enum CodingKeys: String, CodingKey { case documentID = "document_id", wordID = "word_id", count }
        }
        let from = partTokens(subcorpus)
        let placeholders = Array(repeating: "?", count: max(wordIDs.count, 1)).joined(separator: ", ")
        return try dbQueue.read { db in
            let documents = try Document.fetchAll(db, sql: subcorpus == nil
                ? "SELECT document_id, source, token_count FROM documents ORDER BY document_id"
                : """
                  SELECT d.document_id, d.source, d.token_count FROM subcorpus_documents s JOIN documents d USING (document_id)
                  WHERE s.subcorpus_id = ? ORDER BY d.document_id
                  """, arguments: subcorpus == nil ? [] : [subcorpus!.id])
            var counts: [Int64: [Int64: Int]] = [:]
            let hits = try Hits.fetchCursor(db, sql: """
                SELECT d.document_id, t.word_id, count(*) AS count FROM \(from.sql)
                WHERE t.word_id IN (\(placeholders)) GROUP BY d.document_id, t.word_id
                """, arguments: from.arguments + StatementArguments(wordIDs.isEmpty ? [-1] : wordIDs))
            while let hit = try hits.next() { counts[hit.documentID, default: [:]][hit.wordID] = hit.count }
            return documents.map { DocumentOccurrences(documentID: $0.documentID, source: $0.source, tokens: $0.tokens,
                                                       counts: counts[$0.documentID] ?? [:]) }
        }
    }

    /// Where a word occurs in each document (of `subcorpus`, or of the corpus), as offsets from
    /// the document's first token: the data of a dispersion plot.
    public func occurrenceOffsets(of wordID: Int64, in subcorpus: Subcorpus?) throws -> [(document: SubcorpusMember, offsets: [Int])] {
        struct Hit: FetchableRecord, Decodable {
            var documentID: Int64; var offset: Int
            enum CodingKeys: String, CodingKey { case documentID = "document_id", offset }
        }
        let from = partTokens(subcorpus)
        return try dbQueue.read { db in
            let documents = try SubcorpusMember.fetchAll(db, sql: subcorpus == nil
                ? "SELECT document_id, source, token_count FROM documents ORDER BY document_id"
                : """
                  SELECT d.document_id, d.source, d.token_count FROM subcorpus_documents s JOIN documents d USING (document_id)
                  WHERE s.subcorpus_id = ? ORDER BY d.document_id
                  """, arguments: subcorpus == nil ? [] : [subcorpus!.id])
            var offsets: [Int64: [Int]] = [:]
            let hits = try Hit.fetchCursor(db, sql: """
                SELECT d.document_id, t.position - d.first_position AS offset FROM \(from.sql) WHERE t.word_id = ?
                """, arguments: from.arguments + [wordID])
            while let hit = try hits.next() { offsets[hit.documentID, default: []].append(hit.offset) }
            return documents.map { ($0, (offsets[$0.documentID] ?? []).sorted()) }
        }
    }
}
