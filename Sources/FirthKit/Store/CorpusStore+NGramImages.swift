import Foundation
import GRDB
import GRDBSQLite

/// One row of `ngram_images` (migration 0008), as stored.
private struct NGramImageRow: Decodable, FetchableRecord {
    var format: Int
    var parameters: String
    var ngram_counts: String
    var bytes: Int
}

extension NGramTable {
    /// What an image records of its model, to be checked before it is used.
    var imageCounts: String { ngramCounts.map(String.init).joined(separator: ",") }
}

extension CorpusStore {
    /// The model's binary image, read with one SELECT; nil when it has none (a model made
    /// before migration 0008) or its image does not belong to this model as stored now (another
    /// layout version, other parameters or n-gram counts, or bytes that do not parse).
    public func ngramImage(of table: NGramTable) throws -> NGramModel? {
        try dbQueue.read { db in try Self.ngramImage(db, of: table) }
    }

    static func ngramImage(_ db: Database, of table: NGramTable) throws -> NGramModel? {
        guard let row = try NGramImageRow.fetchOne(db, sql: """
            SELECT format, parameters, ngram_counts, bytes FROM ngram_images WHERE model_id = ?
            """, arguments: [table.id]),
              NGramModel.readFormats.contains(row.format), row.parameters == table.parameters.json,
              row.ngram_counts == table.imageCounts else { return nil }
        guard let model = readImage(db, table: "ngram_images", rowid: table.id, bytes: row.bytes, parse: { NGramModel(imageLength: $0, read: $1) }),
              model.order == table.parameters.order, model.ngramCounts == table.ngramCounts,
              model.vocabulary.count == table.vocabularySize else { return nil }
        return model
    }

    /// Whether the model has an image that ``ngramImage(of:)`` would use.
    public func hasCurrentNGramImage(_ table: NGramTable) throws -> Bool {
        try ngramImage(of: table) != nil
    }

    /// Writes (or replaces) the binary image of a stored model, made from its rows: what
    /// `firth ngrams` does for every model it makes, and a query command does once for a model
    /// made before migration 0008.
    @discardableResult
    public func storeNGramImage(of table: NGramTable) throws -> NGramModel {
        try dbQueue.write { db in
            let model = try Self.loadNGramModelFromRows(db, table)
            try Self.storeNGramImage(db, model: model, of: table)
            return model
        }
    }

    /// Writes the image of `model`, which must have been read from `table`'s rows.
    public func storeNGramImage(_ model: NGramModel, of table: NGramTable) throws {
        try dbQueue.write { db in try Self.storeNGramImage(db, model: model, of: table) }
    }

    static func storeNGramImage(_ db: Database, model: NGramModel, of table: NGramTable) throws {
        let image = model.image()
        // A model too large for one SQLite value (1 GB by default) keeps no image: it is read
        // from its rows, more slowly, rather than failing to be made.
        guard image.count < Int(sqlite3_limit(db.sqliteConnection, SQLITE_LIMIT_LENGTH, -1)) else {
            try db.execute(sql: "DELETE FROM ngram_images WHERE model_id = ?", arguments: [table.id])
            return
        }
        try db.execute(sql: """
            INSERT OR REPLACE INTO ngram_images(model_id, format, parameters, ngram_counts, bytes, image)
            VALUES (?, ?, ?, ?, ?, ?)
            """, arguments: [table.id, NGramModel.imageFormat, table.parameters.json, table.imageCounts, image.count, image])
    }
}
