import Foundation
import GRDB
import GRDBSQLite

/// `lm_word(word_id)`: a corpus word's id in the n-gram model being counted, as an SQL function.
///
/// It answers what `(SELECT id FROM ngram_vocabulary WHERE model_id = :m AND word_id = ?)`
/// answers, with 0 (`<unk>`) for a word the model does not keep (rarer than its minimum count)
/// and NULL for NULL. The n-gram count looks up every token's word and the words before it,
/// three lookups per position at order 3: as joins to a table keyed by `word_id`, each one a
/// search from a B-tree's root, they took more than a third of the count; read from an array
/// they cost about what reading the column does (BENCHMARKS.md). The count itself stays an SQL
/// aggregate (`NGramCounter`); only the lookup moves into the function.
///
/// Installed on a connection for one count, then removed:
///
/// ```swift
/// let words = ModelWordFunction(ids: [(wordID: 7, id: 3), (wordID: 2, id: 4)])
/// try words.install(on: db)
/// defer { ModelWordFunction.remove(from: db) }
/// // SELECT lm_word(word_id) FROM tokens …
/// ```
final class ModelWordFunction: Sendable {
    /// The function's name in SQL.
    static let name = "lm_word"

    /// The model's ids, indexed by corpus word id (0 where the model has none).
    let ids: [Int32]

    /// The map from the pairs of `ngram_vocabulary` (word ids ≥ 0, model ids < 2³¹).
    init(ids pairs: [(wordID: Int64, id: Int64)]) {
        var ids = [Int32](repeating: 0, count: Int((pairs.map(\.wordID).max() ?? -1) + 1))
        for pair in pairs { ids[Int(pair.wordID)] = Int32(pair.id) }
        self.ids = ids
    }

    /// The map of `model`'s vocabulary, read from `ngram_vocabulary` (`<unk>`, `<s>` and `</s>`
    /// have no corpus word).
    convenience init(_ db: Database, model: Int64) throws {
        let rows = try Row.fetchAll(db, sql: "SELECT word_id, id FROM ngram_vocabulary WHERE model_id = ? AND word_id IS NOT NULL",
                                    arguments: [model])
        self.init(ids: rows.map { (wordID: $0[0], id: $0[1]) })
    }

    /// Makes `lm_word` callable on `db`'s connection, over a copy of the map that the connection
    /// frees when the function is removed or the connection closes.
    func install(on db: Database) throws {
        // The copy: [count, id of word 0, id of word 1, …], handed to SQLite as the function's
        // user data (a C callback captures nothing).
        let table = UnsafeMutablePointer<Int32>.allocate(capacity: ids.count + 1)
        table[0] = Int32(ids.count)
        ids.withUnsafeBufferPointer { (table + 1).update(from: $0.baseAddress!, count: ids.count) }
        let code = sqlite3_create_function_v2(
            db.sqliteConnection, Self.name, 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
            UnsafeMutableRawPointer(table), modelWordLookup, nil, nil, freeModelWordTable)
        guard code == SQLITE_OK else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: "could not install the SQL function \(Self.name)")
        }
    }

    /// Removes `lm_word` from `db`'s connection (SQLite then frees its map).
    static func remove(from db: Database) {
        _ = sqlite3_create_function_v2(db.sqliteConnection, Self.name, 1, SQLITE_UTF8, nil, nil, nil, nil, nil)
    }
}

/// The body of `lm_word`: one bounds check and one array read.
private let modelWordLookup: @convention(c) (OpaquePointer?, Int32, UnsafeMutablePointer<OpaquePointer?>?) -> Void = { context, _, arguments in
    guard let argument = arguments?[0], sqlite3_value_type(argument) != SQLITE_NULL else {
        sqlite3_result_null(context)
        return
    }
    let table = sqlite3_user_data(context).assumingMemoryBound(to: Int32.self)
    let word = sqlite3_value_int64(argument)
    sqlite3_result_int64(context, word >= 0 && word < Int64(table[0]) ? Int64(table[1 + Int(word)]) : 0)
}

/// Frees the map of `lm_word` when SQLite lets go of the function.
private let freeModelWordTable: @convention(c) (UnsafeMutableRawPointer?) -> Void = { table in
    table?.assumingMemoryBound(to: Int32.self).deallocate()
}
