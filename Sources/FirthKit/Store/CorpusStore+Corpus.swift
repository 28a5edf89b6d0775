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

    /// The `corpus` row as stored; its tokenizer is JSON.
    private struct CorpusRow: FetchableRecord, Decodable {
        var name: String
        var tokenizer: String
        var documentGap: Int

        enum CodingKeys: String, CodingKey {
            case name, tokenizer, documentGap = "document_gap"
        }
    }

    static func corpusInfo(_ db: Database) throws -> CorpusInfo? {
        guard let row = try CorpusRow.fetchOne(db, sql: "SELECT name, tokenizer, document_gap FROM corpus") else { return nil }
        return CorpusInfo(name: row.name, tokenizer: try Tokenizer.Settings.fromJSON(row.tokenizer), documentGap: row.documentGap)
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
