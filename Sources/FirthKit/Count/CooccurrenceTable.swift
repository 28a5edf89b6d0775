import Foundation
import GRDB

/// One stored co-occurrence count: its parameters, what it holds, and whether it is current.
public struct CooccurrenceTable: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var parameters: CountParameters
    public var vocabularySize: Int
    /// Non-zero cells of the full word × context matrix.
    public var nonzeroCount: Int
    /// Sum of all cells: D in the PMI formulas.
    public var total: Double
    public var seconds: Double
    public var createdAt: String
    /// The corpus gained or lost documents since this table was counted.
    public var isStale: Bool
    /// The SQL engine that counted it (the cells are the same either way).
    public var engine: CountPlan.Dialect = .sqlite
}

extension CorpusStore {
    /// The corpus state a count is valid for: documents, tokens, last document id.
    struct CorpusState: Equatable {
        var documents: Int
        var tokens: Int
        var lastDocument: Int64

        /// The state as three numbers, the form recorded with skip-gram vectors.
        var snapshot: [Int64] { [Int64(documents), Int64(tokens), lastDocument] }
    }

    static func corpusState(_ db: Database) throws -> CorpusState {
        let row = try Row.fetchOne(db, sql: """
            SELECT count(*), coalesce(sum(token_count), 0), coalesce(max(document_id), 0) FROM documents
            """)!
        return CorpusState(documents: row[0], tokens: row[1], lastDocument: row[2])
    }

    /// Every complete co-occurrence table, oldest first.
    public func cooccurrenceTables() throws -> [CooccurrenceTable] {
        try dbQueue.read { db in try Self.cooccurrenceTables(db) }
    }

    static func cooccurrenceTables(_ db: Database, where condition: String = "1", arguments: StatementArguments = []) throws -> [CooccurrenceTable] {
        let state = try corpusState(db)
        return try Row.fetchAll(db, sql: """
            SELECT table_id, name, parameters, vocabulary_size, nonzero_count, total, seconds, created_at,
                   corpus_documents, corpus_tokens, corpus_last_document, engine
            FROM cooccurrence_tables WHERE status = 'complete' AND (\(condition)) ORDER BY table_id
            """, arguments: arguments).map { row in
            CooccurrenceTable(
                id: row[0], name: row[1],
                parameters: try JSONDecoder().decode(CountParameters.self, from: Data((row[2] as String).utf8)),
                vocabularySize: row[3], nonzeroCount: row[4], total: row[5], seconds: row[6], createdAt: row[7],
                isStale: CorpusState(documents: row[8], tokens: row[9], lastDocument: row[10]) != state,
                engine: CountPlan.Dialect(rawValue: row[11]) ?? .sqlite)
        }
    }

    /// The table called `name`, or — when `name` is nil — the most recently counted one of the
    /// whole corpus (a subcorpus's table is used only by name or by its subcorpus).
    ///
    /// - Throws: ``FirthError/missing(what:hint:)`` when there is no such table.
    public func cooccurrenceTable(named name: String?) throws -> CooccurrenceTable {
        let tables = try cooccurrenceTables()
        if let name {
            guard let table = tables.first(where: { $0.name == name }) else {
                let known = tables.map(\.name).joined(separator: ", ")
                throw FirthError.missing(what: "co-occurrence table '\(name)'",
                                         hint: known.isEmpty ? "make one with \(step: Step("count"))" : "the tables are: \(known) (see \(step: Step("spaces")))")
            }
            return table
        }
        guard let latest = tables.last(where: { $0.parameters.subcorpus == nil }) else {
            throw FirthError.missing(what: "a co-occurrence table", hint: "make one with \(step: Step("count", database: path))")
        }
        return latest
    }
}
