import Foundation
import GRDB

extension CorpusStore {
    /// The words most associated with `word` in a co-occurrence table, strongest first.
    ///
    /// - Parameters:
    ///   - measure: how association is scored (see ``AssociationMeasure``).
    ///   - minCount: leave out pairs seen fewer times: PMI rewards rare pairs, and a pair seen
    ///     once or twice is mostly chance.
    ///   - top: at most this many collocates.
    public func collocates(of word: String, in table: CooccurrenceTable, measure: AssociationMeasure,
                           smoothing: AssociationMeasure.Smoothing = .init(), minCount: Double = 1, top: Int = 20) throws -> Table {
        let id = try wordID(word)
        var result = Table(columns: ["rank", "collocate", "count", measure.rawValue],
                           title: "collocates of '\(try normalize(word))' by \(measure.rawValue) in \(table.name)")
        try dbQueue.inDatabase { db in
            var arguments = try AssociationMeasure.prepare(db, table: table, smoothing: smoothing)
            arguments += ["word": id, "min_count": minCount, "top": top]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT w.word, s.n, s.value FROM (\(AssociationMeasure.selectSQL(measure, table: table) { word, _ in "\(word) = :word" })) s
                JOIN words w ON w.word_id = s.context_id
                WHERE s.n >= :min_count\(measure.keepsZeros ? "" : " AND s.value > 0")
                ORDER BY s.value DESC, s.n DESC, w.word LIMIT :top
                """, arguments: arguments)
            var rank = 0
            while let row = try rows.next() {
                rank += 1
                let count: Double = row[1]
                result.append([.integer(rank), .text(row[0]), .real(count, digits: count.rounded() == count ? 0 : 2), .real(row[2])])
            }
        }
        return result
    }

    /// The measure for every pair of `words` (rows: words, columns: contexts), zero where they never meet.
    ///
    /// The tutorial's table: with river, water, loan, money it shows that river pairs with water
    /// and not with loan.
    public func cooccurrenceMatrix(of words: [String], in table: CooccurrenceTable, measure: AssociationMeasure,
                                   smoothing: AssociationMeasure.Smoothing = .init()) throws -> Table {
        let ids = try words.map { try wordID($0) }
        let names = try words.map { try normalize($0) }
        var values: [Int64: [Int64: Double]] = [:]
        try dbQueue.inDatabase { db in
            let list = ids.map(String.init).joined(separator: ",")
            let arguments = try AssociationMeasure.prepare(db, table: table, smoothing: smoothing)
            let rows = try Row.fetchCursor(db, sql: AssociationMeasure.selectSQL(measure, table: table) { word, context in
                "\(word) IN (\(list)) AND \(context) IN (\(list))"
            }, arguments: arguments)
            while let row = try rows.next() { values[row["word_id"], default: [:]][row["context_id"]] = row["value"] }
        }
        var result = Table(columns: ["word"] + names, title: "\(measure.rawValue) in \(table.name) (rows: words, columns: contexts)")
        for (i, id) in ids.enumerated() {
            let digits = measure == .count && table.parameters.weighting == .uniform ? 0 : 2
            // A pair that never occurs has count 0 and PPMI 0; its PMI is −∞, shown as a blank.
            result.append([.text(names[i])] + ids.map { context -> Table.Cell in
                if let value = values[id]?[context] { return .real(value, digits: digits) }
                return measure == .count || measure == .ppmi ? .real(0, digits: digits) : .empty
            })
        }
        return result
    }
}
