import Foundation
import GRDB

/// How strongly a word and a context are associated, computed from a co-occurrence table in SQL.
///
/// With #(w,c) the cell, #(w) and #(c) its row and column sums and D the sum of all cells,
/// so that P(w,c) = #(w,c)/D, P(w) = #(w)/D, P(c) = #(c)/D, and E = #(w)·#(c)/D the count
/// expected if w and c were independent:
///
/// ```
/// pmi      = ln( #(w,c)·D / (#(w)·#(c)) )                       Church & Hanks 1990 (natural log)
/// ppmi     = max( ln( #(w,c)·Σc' #(c')^α / (#(w)·#(c)^α) ) − ln k, 0 )
///                                                  Levy, Goldberg & Dagan 2015: context smoothing α, shift k
/// npmi     = pmi / −ln P(w,c)                       Bouma 2009, in [−1, 1]
/// logdice  = 14 + log2( 2·#(w,c) / (#(w) + #(c)) )  Rychlý 2008, at most 14
/// tscore   = (#(w,c) − E) / √#(w,c)                 Church et al. 1991
/// llr      = 2 Σ O·ln(O/E) over the 2×2 table        Dunning 1993 (G²; 0·ln 0 = 0)
/// ```
///
/// Each formula is written once, in ``sqlExpression``, over the columns of ``selectSQL(_:table:filter:)``.
///
/// ```swift
/// try store.dbQueue.inDatabase { db in
///     let arguments = try AssociationMeasure.prepare(db, table: table, smoothing: .init())
///     let cells = try Row.fetchAll(db, sql: AssociationMeasure.selectSQL(.ppmi, table: table), arguments: arguments)
/// }
/// ```
public enum AssociationMeasure: String, Sendable, CaseIterable, Codable {
    case count, pmi, ppmi, npmi, logdice, tscore, llr

    /// The knobs of PPMI (ignored by the other measures).
    public struct Smoothing: Sendable, Equatable, Codable, Hashable {
        /// Context distribution smoothing α (cds): raise context counts to α before normalizing,
        /// which lifts rare contexts' probability and tames PMI's bias toward them. 1 = none.
        public var contextSmoothing: Double
        /// Shift k: subtract ln k, as SGNS with k negative samples implicitly does. 1 = none.
        public var shift: Double

        public init(contextSmoothing: Double = 0.75, shift: Double = 1) {
            self.contextSmoothing = contextSmoothing
            self.shift = shift
        }

        public func validate() throws {
            guard contextSmoothing > 0 && contextSmoothing <= 1 else {
                throw FirthError.invalidParameter("contextSmoothing", reason: "must be in (0, 1] (got \(contextSmoothing)); 0.75 is the usual choice")
            }
            guard shift >= 1 else { throw FirthError.invalidParameter("shift", reason: "must be at least 1 (got \(shift)); 1 means no shift") }
        }
    }

    /// The SQL expression of the measure, over the columns `n` = #(w,c), `nw` = #(w),
    /// `nc` = #(c), `d` = D and `ncs` = #(c)^α / Σc' #(c')^α, and the parameter `:shift`.
    public var sqlExpression: String {
        switch self {
        case .count: return "n"
        case .pmi: return "ln(n * d / (nw * nc))"
        case .ppmi: return "max(ln(n / (nw * ncs)) - ln(:shift), 0.0)"
        case .npmi: return "CASE WHEN n = d THEN 1.0 ELSE ln(n * d / (nw * nc)) / -ln(n / d) END"
        case .logdice: return "14 + ln(2.0 * n / (nw + nc)) / ln(2.0)"
        case .tscore: return "(n - nw * nc / d) / sqrt(n)"
        case .llr:
            // The 2×2 table: O11 = n, O12 = nw − n, O21 = nc − n, O22 = d − nw − nc + n,
            // each against E_ij = row_i · column_j / d.
            let cells = [("n", "nw", "nc"), ("(nw - n)", "nw", "(d - nc)"),
                         ("(nc - n)", "(d - nw)", "nc"), ("(d - nw - nc + n)", "(d - nw)", "(d - nc)")]
            return "2 * (" + cells.map { o, r, c in
                "(CASE WHEN \(o) > 0 THEN \(o) * ln(\(o) * d / (\(r) * \(c))) ELSE 0 END)"
            }.joined(separator: " + ") + ")"
        }
    }

    /// Larger is more associated for every measure; PPMI drops cells that come out 0.
    public var keepsZeros: Bool { self != .ppmi }

    /// Prepares the marginals a measure reads and returns the arguments ``selectSQL(_:table:filter:)`` needs.
    ///
    /// The row and column sums of `table` are copied into `temp.measure_marginals`, keyed by
    /// word id (an INTEGER PRIMARY KEY, so each cell's two lookups are rowid seeks), with the
    /// smoothed context probability #(c)^α / Σ#(c')^α already divided out, and `row_index`, the
    /// word's place in the table's vocabulary (most frequent first). Reading every cell of a
    /// 4.8-million-cell table takes about a third of the time it takes through the
    /// `cooccurrences` view and `cooccurrence_marginals`.
    ///
    /// - Warning: it writes a temporary table, so call it outside read-only transactions
    ///   (`dbQueue.inDatabase` or `write`), on the connection that runs the SELECT.
    public static func prepare(_ db: Database, table: CooccurrenceTable, smoothing: Smoothing) throws -> StatementArguments {
        try smoothing.validate()
        try db.execute(sql: """
            DROP TABLE IF EXISTS temp.measure_marginals;
            CREATE TEMP TABLE measure_marginals(word_id INTEGER PRIMARY KEY, row_index INTEGER NOT NULL,
                                                nw REAL NOT NULL, nc REAL NOT NULL, ncs REAL NOT NULL);
            INSERT INTO temp.measure_marginals
            SELECT v.word_id, row_number() OVER (ORDER BY v.frequency DESC, v.word_id) - 1,
                   coalesce(m.row_total, 0), coalesce(m.column_total, 0),
                   coalesce(pow(m.column_total, :alpha) /
                            (SELECT sum(pow(column_total, :alpha)) FROM cooccurrence_marginals WHERE table_id = :table), 0)
            FROM count_vocabulary v
            LEFT JOIN cooccurrence_marginals m ON m.table_id = v.table_id AND m.word_id = v.word_id
            WHERE v.table_id = :table;
            """, arguments: ["table": table.id, "alpha": smoothing.contextSmoothing])
        let total = try Double.fetchOne(db, sql: "SELECT coalesce(sum(row_total), 0) FROM cooccurrence_marginals WHERE table_id = ?",
                                        arguments: [table.id]) ?? 0
        return ["table": table.id, "shift": smoothing.shift, "d": total]
    }

    /// A SELECT of (word_id, context_id, word_row, context_row, n, value) over the full matrix of
    /// `table`: every cell of the measure, the one place the formulas run. Call
    /// ``prepare(_:table:smoothing:)`` first on the same connection and bind what it returns.
    ///
    /// - Parameter filter: a condition on the full matrix's word and context id columns, given
    ///   their SQL names (for a symmetric table each stored pair is read in both orientations).
    public static func selectSQL(_ measure: AssociationMeasure, table: CooccurrenceTable,
                                 filter: (_ word: String, _ context: String) -> String = { _, _ in "1" }) -> String {
        func arm(word: String, context: String, extra: String) -> String {
            """
            SELECT p.\(word) AS word_id, p.\(context) AS context_id, w.row_index AS word_row, c.row_index AS context_row,
                   p.count AS n, w.nw AS nw, c.nc AS nc, c.ncs AS ncs, :d AS d
            FROM cooccurrence_pairs p
            JOIN temp.measure_marginals w ON w.word_id = p.\(word)
            JOIN temp.measure_marginals c ON c.word_id = p.\(context)
            WHERE p.table_id = :table AND (\(filter("p.\(word)", "p.\(context)")))\(extra)
            """
        }
        var cells = arm(word: "word_id", context: "context_id", extra: "")
        if table.parameters.direction == .both {
            // The other half of a symmetric matrix: each stored pair (w, c), w ≠ c, is also (c, w).
            cells += "\nUNION ALL\n" + arm(word: "context_id", context: "word_id", extra: " AND p.word_id <> p.context_id")
        }
        return "SELECT word_id, context_id, word_row, context_row, n, \(measure.sqlExpression) AS value FROM (\(cells))"
    }
}
