import Foundation
import GRDB
import GRDBSQLite

extension CorpusStore {
    /// Parses the image in column `image` of row `rowid` of `table` (`ngram_images`,
    /// `embedding_images`) with `parse`, which reads it piece by piece: SQLite's incremental BLOB
    /// reads copy each array straight from the database pages into its own storage, with no
    /// second copy of tens of megabytes to allocate and fill. Nil when the row has no image,
    /// the image is not `bytes` long, or `parse` refuses it.
    static func readImage<T>(_ db: Database, table: String, rowid: Int64, bytes: Int,
                             parse: (Int, ImageReader.Read) -> T?) -> T? {
        var blob: OpaquePointer?
        guard sqlite3_blob_open(db.sqliteConnection, "main", table, "image", rowid, 0, &blob) == SQLITE_OK, let blob else {
            sqlite3_blob_close(blob)
            return nil
        }
        defer { sqlite3_blob_close(blob) }
        let length = Int(sqlite3_blob_bytes(blob))
        guard length == bytes else { return nil }
        return parse(length) { buffer, offset in
            sqlite3_blob_read(blob, buffer.baseAddress, Int32(buffer.count), Int32(offset)) == SQLITE_OK
        }
    }
}
