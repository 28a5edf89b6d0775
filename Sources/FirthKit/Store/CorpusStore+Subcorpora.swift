import Foundation
import GRDB

/// How a subcorpus chose its documents, recorded with it.
public struct SubcorpusDefinition: Codable, Sendable, Equatable {
    /// A ``SubcorpusCondition`` on the documents' fields, as given.
    public var condition: String?
    /// A glob on the source path (`*`, `?`, `[…]`), matched against the whole path or its end
    /// after a `/`: `state_union/*` selects `../shared/corpora/state_union/1945-Truman.txt`.
    public var source: String?

    public init(condition: String? = nil, source: String? = nil) {
        self.condition = condition
        self.source = source
    }

    enum CodingKeys: String, CodingKey { case condition = "where", source }

    /// One line for people: `where year >= 1945, source state_union/*`.
    public var summary: String {
        [condition.map { "where \($0)" }, source.map { "source \($0)" }].compactMap { $0 }.joined(separator: ", ")
    }
}

/// A named, stored selection of documents.
public struct Subcorpus: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var definition: SubcorpusDefinition
    public var documents: Int
    public var tokens: Int
    public var createdAt: String
}

/// One member document of a subcorpus.
public struct SubcorpusMember: FetchableRecord, Decodable, Sendable, Equatable {
    public var documentID: Int64
    public var source: String
    public var tokens: Int

    enum CodingKeys: String, CodingKey { case documentID = "document_id", source, tokens = "token_count" }
}

/// A row of `subcorpora`.
struct SubcorpusRow: FetchableRecord, Decodable {
    var subcorpusID: Int64
    var name: String
    var definition: String
    var documents: Int
    var tokens: Int
    var createdAt: String

    enum CodingKeys: String, CodingKey {
        case subcorpusID = "subcorpus_id", name, definition, documents, tokens, createdAt = "created_at"
    }

    var subcorpus: Subcorpus {
        let decoded = (try? JSONDecoder().decode(SubcorpusDefinition.self, from: Data(definition.utf8))) ?? SubcorpusDefinition()
        return Subcorpus(id: subcorpusID, name: name, definition: decoded, documents: documents, tokens: tokens, createdAt: createdAt)
    }
}

extension CorpusStore {
    // MARK: - Defining

    /// Stores a subcorpus: the documents that meet `definition` now, resolved once.
    ///
    /// - Throws: ``FirthError/invalidOption(_:)`` for a bad name or condition, a metadata field no
    ///   document has, a name already taken, or a selection with no documents; nothing is stored then.
    @discardableResult
    public func defineSubcorpus(named name: String, _ definition: SubcorpusDefinition) throws -> Subcorpus {
        guard name.range(of: "^[A-Za-z0-9][A-Za-z0-9_.-]*$", options: .regularExpression) != nil else {
            throw FirthError.invalidOption("subcorpus name '\(name)': use letters, digits, '_', '-' and '.', starting with a letter or digit")
        }
        guard definition.condition != nil || definition.source != nil else {
            throw FirthError.invalidOption("subcorpus '\(name)': give a condition on the documents' fields or a source pattern")
        }
        let condition = try definition.condition.map { try SubcorpusCondition($0) }
        _ = try requireCorpus()
        try dbQueue.write { db in
            if let existing = try SubcorpusRow.fetchOne(db, sql: "SELECT * FROM subcorpora WHERE name = ?", arguments: [name]) {
                throw FirthError.invalidParameters("subcorpus '\(name)' already exists (\(existing.subcorpus.definition.summary), \(existing.documents) documents); drop it first (\(step: Step("subcorpus", "drop", name)))")
            }
            if let condition { try Self.checkFields(db, of: condition) }
            let state = try Self.corpusState(db)
            try db.execute(sql: """
                INSERT INTO subcorpora(name, definition, documents, tokens, corpus_documents, corpus_tokens, corpus_last_document)
                VALUES (?, ?, 0, 0, ?, ?, ?)
                """, arguments: [name, definition.canonicalJSON, state.documents, state.tokens, state.lastDocument])
            let id = db.lastInsertedRowID
            var arguments: [DatabaseValue] = [id.databaseValue]
            var filters: [String] = []
            if let condition {
                filters.append("coalesce(\(condition.sql), 0)")
                arguments += condition.arguments
            }
            if let source = definition.source {
                filters.append("(d.source GLOB ? OR d.source GLOB '*/' || ?)")
                arguments += [source.databaseValue, source.databaseValue]
            }
            try db.execute(sql: """
                INSERT INTO subcorpus_documents(subcorpus_id, document_id)
                SELECT ?, d.document_id FROM documents d WHERE \(filters.joined(separator: " AND "))
                """, arguments: StatementArguments(arguments))
            try db.execute(sql: """
                UPDATE subcorpora SET
                    documents = (SELECT count(*) FROM subcorpus_documents WHERE subcorpus_id = :id),
                    tokens = (SELECT coalesce(sum(d.token_count), 0) FROM subcorpus_documents s
                              JOIN documents d USING (document_id) WHERE s.subcorpus_id = :id)
                WHERE subcorpus_id = :id
                """, arguments: ["id": id])
            if try Int.fetchOne(db, sql: "SELECT documents FROM subcorpora WHERE subcorpus_id = ?", arguments: [id]) == 0 {
                throw FirthError.invalidOption("subcorpus '\(name)' (\(definition.summary)) selects no documents of \(path); nothing was stored")
            }
        }
        return try subcorpus(named: name)
    }

    /// Fails when the condition names a metadata field no document has, or reads years and no
    /// document has one.
    private static func checkFields(_ db: Database, of condition: SubcorpusCondition) throws {
        if !condition.metadataFields.isEmpty {
            let known = Set(try String.fetchAll(db, sql: """
                SELECT DISTINCT j.key FROM documents d, json_each(d.metadata) j WHERE d.metadata IS NOT NULL
                """))
            for field in condition.metadataFields where !known.contains(field) {
                let fields = (SubcorpusCondition.builtInFields.sorted() + known.sorted()).joined(separator: ", ")
                throw FirthError.invalidOption("in the condition \"\(condition.text)\": unknown field '\(field)'; the documents have: \(fields)")
            }
        }
        if condition.usesYear,
           try Int.fetchOne(db, sql: "SELECT count(*) FROM documents d WHERE \(SubcorpusCondition.Parser.yearSQL) IS NOT NULL") == 0 {
            throw FirthError.invalidOption("in the condition \"\(condition.text)\": no document has a year (a 'year' field, or a file name that begins with four digits, like 1945-Truman.txt)")
        }
    }

    // MARK: - Reading

    /// Every subcorpus, in the order they were defined.
    public func subcorpora() throws -> [Subcorpus] {
        try dbQueue.read { db in
            try SubcorpusRow.fetchAll(db, sql: "SELECT * FROM subcorpora ORDER BY subcorpus_id").map(\.subcorpus)
        }
    }

    /// The subcorpus called `name`.
    ///
    /// - Throws: ``FirthError/missing(what:hint:)`` naming the ones there are.
    public func subcorpus(named name: String) throws -> Subcorpus {
        let all = try subcorpora()
        if let found = all.first(where: { $0.name == name }) { return found }
        let known = all.map(\.name).joined(separator: ", ")
        throw FirthError.missing(what: "subcorpus '\(name)'",
                                 hint: known.isEmpty ? "define one with \(step: Step("subcorpus", "define", name, parameters: [.init("where", value: "...")]))" : "the subcorpora are: \(known)")
    }

    /// The id of the subcorpus called `name`, inside a transaction that uses it.
    static func subcorpusID(_ db: Database, named name: String, path: String) throws -> Int64 {
        if let id = try Int64.fetchOne(db, sql: "SELECT subcorpus_id FROM subcorpora WHERE name = ?", arguments: [name]) { return id }
        let known = try String.fetchAll(db, sql: "SELECT name FROM subcorpora ORDER BY subcorpus_id").joined(separator: ", ")
        throw FirthError.missing(what: "subcorpus '\(name)' in \(path)",
                                 hint: known.isEmpty ? "define one with \(step: Step("subcorpus", "define", name, parameters: [.init("where", value: "...")]))" : "the subcorpora are: \(known)")
    }

    /// The member documents of a subcorpus, in document order.
    public func members(of subcorpus: Subcorpus) throws -> [SubcorpusMember] {
        try dbQueue.read { db in
            try SubcorpusMember.fetchAll(db, sql: """
                SELECT d.document_id, d.source, d.token_count FROM subcorpus_documents s
                JOIN documents d USING (document_id) WHERE s.subcorpus_id = ? ORDER BY d.document_id
                """, arguments: [subcorpus.id])
        }
    }

    // MARK: - Dropping

    /// What dropping subcorpus `name` would remove, and the embeddings it would leave without
    /// their count (nothing is changed: a dry run).
    ///
    /// - Throws: ``FirthError/missing(what:hint:)`` for an unknown subcorpus.
    public func removal(ofSubcorpus name: String) throws -> SubcorpusRemoval {
        let subcorpus = try subcorpus(named: name)
        let all = try subcorpora()
        return try dbQueue.read { db in try Self.removal(db, of: subcorpus, among: all) }
    }

    /// Deletes a subcorpus and what was counted from it: its co-occurrence tables and its n-gram
    /// models (with their cells, n-grams and images, by the schema's ON DELETE CASCADE), and the
    /// random halves `NAME.half1.seedS`, `NAME.half2.seedS` that `firth shift`'s noise baseline
    /// drew from it (they are its documents, split; a half of a part that is gone means nothing).
    /// Embeddings made from those tables keep their vectors, as when any count is deleted.
    ///
    /// - Returns: what was removed, as ``removal(ofSubcorpus:)`` listed it beforehand.
    @discardableResult
    public func dropSubcorpus(named name: String) throws -> SubcorpusRemoval {
        let subcorpus = try subcorpus(named: name)
        let all = try subcorpora()
        return try dbQueue.write { db in
            let removal = try Self.removal(db, of: subcorpus, among: all)
            for part in [removal] + removal.allHalves {
                let id = part.subcorpus.id
                // The cascade (0009, 0011) removes the tables and models; deleted here by name as
                // well, so what is listed is what goes even if foreign keys were off.
                try db.execute(sql: "DELETE FROM cooccurrence_tables WHERE subcorpus_id = ?", arguments: [id])
                try db.execute(sql: "DELETE FROM ngram_models WHERE subcorpus_id = ?", arguments: [id])
                try db.execute(sql: "DELETE FROM subcorpora WHERE subcorpus_id = ?", arguments: [id])
            }
            return removal
        }
    }

    /// The stored subcorpora that are random halves of `name` (`NAME.half1.seedS`,
    /// `NAME.half2.seedS`, as ``RandomHalves`` names them), in definition order.
    static func randomHalves(of name: String, among all: [Subcorpus]) -> [Subcorpus] {
        all.filter { candidate in
            guard candidate.name.hasPrefix(name + ".half") else { return false }
            let rest = candidate.name.dropFirst(name.count + 5)   // "1.seed7"
            guard let which = rest.first, which == "1" || which == "2" else { return false }
            let seed = rest.dropFirst()
            guard seed.hasPrefix(".seed") else { return false }
            let digits = seed.dropFirst(5)
            return !digits.isEmpty && digits.allSatisfy(\.isASCII) && digits.allSatisfy(\.isNumber)
        }
    }

    private static func removal(_ db: Database, of subcorpus: Subcorpus, among all: [Subcorpus]) throws -> SubcorpusRemoval {
        SubcorpusRemoval(
            subcorpus: subcorpus,
            tables: try String.fetchAll(db, sql: "SELECT name FROM cooccurrence_tables WHERE subcorpus_id = ? ORDER BY table_id",
                                        arguments: [subcorpus.id]),
            models: try String.fetchAll(db, sql: "SELECT name FROM ngram_models WHERE subcorpus_id = ? ORDER BY model_id",
                                        arguments: [subcorpus.id]),
            keptEmbeddings: try String.fetchAll(db, sql: """
                SELECT e.name FROM embeddings e JOIN cooccurrence_tables t USING (table_id)
                WHERE t.subcorpus_id = ? ORDER BY e.embedding_id
                """, arguments: [subcorpus.id]),
            halves: try randomHalves(of: subcorpus.name, among: all).map { try removal(db, of: $0, among: all) })
    }
}

/// What dropping a subcorpus removes with it (see ``CorpusStore/dropSubcorpus(named:)``).
public struct SubcorpusRemoval: Sendable, Equatable {
    public var subcorpus: Subcorpus
    /// The co-occurrence tables counted from it (their cells, marginals and vocabularies go too).
    public var tables: [String]
    /// The n-gram models counted from it (their n-grams and model images go too).
    public var models: [String]
    /// Embeddings made from those tables: not removed, their vectors intact, no longer linked
    /// to a count.
    public var keptEmbeddings: [String]
    /// Its random halves (`firth shift`'s noise baseline), removed with it, each with what was
    /// counted from it.
    public var halves: [SubcorpusRemoval] = []

    /// The halves, the halves' halves and so on, depth first.
    public var allHalves: [SubcorpusRemoval] { halves.flatMap { [$0] + $0.allHalves } }
}
