import Foundation
import GRDB

/// What every stage must agree on about a corpus: its name, its tokenizer, its document gap.
public struct CorpusInfo: Sendable, Equatable {
    public var name: String
    public var tokenizer: Tokenizer.Settings
    /// Empty positions left between documents: no co-occurrence window may be wider.
    public var documentGap: Int
}

extension CorpusStore {
    /// Positions left empty between two documents, so `t2.position = t1.position + d` never
    /// reaches into the next document for any window up to this size.
    public static let documentGap = 1000

    /// The corpus row, or nil before the first ingest.
    public func corpusInfo() throws -> CorpusInfo? {
        try dbQueue.read { db in try Self.corpusInfo(db) }
    }

    static func corpusInfo(_ db: Database) throws -> CorpusInfo? {
        guard let row = try Row.fetchOne(db, sql: "SELECT name, tokenizer, document_gap FROM corpus") else { return nil }
        return CorpusInfo(name: row[0], tokenizer: try Tokenizer.Settings.fromJSON(row[1]), documentGap: row[2])
    }

    /// The corpus row, or ``FirthError/emptyCorpus(path:)`` when nothing was ingested.
    public func requireCorpus() throws -> CorpusInfo {
        guard let info = try corpusInfo() else { throw FirthError.emptyCorpus(path: path) }
        return info
    }

    /// The tokenizer the corpus was built with, to tokenize queries the same way.
    public func tokenizer() throws -> Tokenizer {
        Tokenizer(settings: try requireCorpus().tokenizer)
    }
}
