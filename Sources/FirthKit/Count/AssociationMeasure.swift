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
/// Each formula is written once, in ``sqlExpression``, over the columns of ``selectSQL(table:)``.
///
/// ```swift
/// let rows = try AssociationMeasure.ppmi.rows(in: store, table: table, word: "river", top: 10)
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
                throw FirthError.invalidOption("--context-smoothing must be in (0, 1] (got \(contextSmoothing)); 0.75 is the usual choice")
            }
            guard shift >= 1 else { throw FirthError.invalidOption("--shift must be at least 1 (got \(shift)); 1 means no shift") }
        }
    }

    /// The SQL expression of the measure, over the columns `n` = #(w,c), `nw` = #(w),
    /// `nc` = #(c), `d` = D and `ncs` = #(c)^α / Σc' #(c')^α.
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

    /// A SELECT of (word_id, context_id, count, value) over the full matrix of table `:table`,
    /// with `:alpha` and `:shift` bound to the smoothing. The one place the formulas run.
    public static func selectSQL(_ measure: AssociationMeasure, filter: String = "1") -> String {
        """
        WITH totals AS (
            SELECT sum(row_total) AS d, sum(pow(column_total, :alpha)) AS smoothed
            FROM cooccurrence_marginals WHERE table_id = :table
        ), cells AS (
            SELECT o.word_id, o.context_id, o.count AS n, mw.row_total AS nw, mc.column_total AS nc,
                   totals.d AS d, pow(mc.column_total, :alpha) / totals.smoothed AS ncs
            FROM cooccurrences o
            JOIN cooccurrence_marginals mw ON mw.table_id = o.table_id AND mw.word_id = o.word_id
            JOIN cooccurrence_marginals mc ON mc.table_id = o.table_id AND mc.word_id = o.context_id
            CROSS JOIN totals
            WHERE o.table_id = :table AND (\(filter))
        )
        SELECT word_id, context_id, n, \(measure.sqlExpression) AS value FROM cells
        """
    }

    /// The arguments every ``selectSQL(_:filter:)`` needs.
    public static func arguments(table: CooccurrenceTable, smoothing: Smoothing) -> StatementArguments {
        ["table": table.id, "alpha": smoothing.contextSmoothing, "shift": smoothing.shift]
    }
}
