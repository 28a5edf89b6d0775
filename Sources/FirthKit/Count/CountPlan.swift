import Foundation

/// One co-occurrence count as a logical plan, rendered as SQL for SQLite or for Spark SQL.
///
/// Every knob of ``CountParameters`` that acts on tokens or pairs is written here once: which
/// tokens a count sees (the vocabulary, frequent-word subsampling, closing the gaps of dropped
/// words), the windowed self-join with its boundary, the weighting of a distance, the direction
/// (which of the two words is the target), the doubling of the diagonal of a symmetric count,
/// and the row and column sums. The two dialects differ only where the engines do:
///
/// | step | SQLite | Spark SQL |
/// |---|---|---|
/// | a real literal | `1.0` | `1.0D` (a bare `1.0` is a DECIMAL in Spark) |
/// | the window join | a range join on the INTEGER PRIMARY KEY, `t2.position BETWEEN t1.position + 1 AND t1.position + w` | each token exploded into its w target positions, then an equi-join Spark can hash or sort-merge (a range join would be a nested loop) |
/// | the sum per pair | an upsert into a table keyed by the packed pair (``CooccurrenceCounter``) | `GROUP BY word_id, context_id` |
///
/// The relations the SQL reads are named by the caller: `tokens` (position, word_id, sentence)
/// and `vocabulary` (word_id, frequency) — the store's own tables for SQLite, the staged files
/// for Spark (``SparkCounter``).
///
/// ```swift
/// let plan = CountPlan(parameters: parameters, documentGap: 1000, corpusTokens: 2_350_000, dialect: .spark)
/// print(plan.cellsSQL(workingTokens: "working"))
/// ```
public struct CountPlan: Sendable {
    /// The SQL engine a plan is rendered for.
    public enum Dialect: String, Sendable, CaseIterable, Codable {
        case sqlite, spark
    }

    public var parameters: CountParameters
    /// Empty positions between documents (the corpus's `document_gap`): a window never spans it.
    public var documentGap: Int
    /// Tokens of the corpus (or subcorpus) counted: N in the subsampling probability.
    public var corpusTokens: Int
    public var dialect: Dialect

    public init(parameters: CountParameters, documentGap: Int, corpusTokens: Int, dialect: Dialect) {
        self.parameters = parameters
        self.documentGap = documentGap
        self.corpusTokens = corpusTokens
        self.dialect = dialect
    }

    // MARK: - Literals

    /// A DOUBLE literal: Spark reads `1.0` as DECIMAL, whose division rounds differently.
    func real(_ value: Double) -> String {
        let text = "\(value)"
        let plain = text.contains(".") || text.contains("e") ? text : text + ".0"
        return dialect == .spark ? plain + "D" : plain
    }

    /// For a symmetric count, the diagonal cell #(w,w) gets both directions: two occurrences of
    /// w are each other's context.
    public var diagonalFactor: Int { parameters.direction == .both ? 2 : 1 }
    public var symmetric: Bool { parameters.direction == .both }

    // MARK: - Tokens

    /// The tokens a count sees, a SELECT of (position, word_id, sentence): in-vocabulary words
    /// of `tokens`, subsampled, with the gaps of dropped words kept or closed.
    ///
    /// - Parameters:
    ///   - tokens: a relation (or parenthesized SELECT) of (position, word_id, sentence).
    ///   - vocabulary: a relation of (word_id, frequency), the words kept.
    public func workingTokensSQL(tokens: String, vocabulary: String) -> String {
        let kept: String
        if let subsample = parameters.subsample {
            // word2vec's subsampling: keep a word of relative frequency f with probability √(t/f).
            // The draw is a hash of (position, seed) in integer arithmetic, not random(): the same
            // seed gives the same tokens on either engine.
            let m = CooccurrenceCounter.hashModulus
            let draw = "((((t.position * 2654435761) % \(m) + \(parameters.seed)) * 1103515245 + 12345) % \(m)) / \(real(Double(m)))"
            kept = """
                SELECT t.position, t.word_id, t.sentence FROM \(tokens) t
                JOIN \(vocabulary) v ON v.word_id = t.word_id
                WHERE \(draw) < sqrt(\(real(subsample)) * \(corpusTokens) / v.frequency)
                """
        } else {
            // Without subsampling the frequency is not needed: an IN list (an ephemeral index in
            // SQLite, a broadcast semi-join in Spark) is cheaper than a join.
            kept = """
                SELECT t.position, t.word_id, t.sentence FROM \(tokens) t
                WHERE t.word_id IN (SELECT word_id FROM \(vocabulary))
                """
        }
        switch parameters.gaps {
        case .keep:
            return kept
        case .close:
            // Renumber the kept tokens 1, 2, 3, … and leave documentGap empty places wherever the
            // original positions jumped by more than documentGap (a document boundary). One
            // ordered pass: in Spark a window without PARTITION BY runs in one task.
            return """
                SELECT rank + \(documentGap) * sum(jump) OVER (ORDER BY position ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS position,
                       word_id, sentence
                FROM (SELECT position, word_id, sentence, row_number() OVER (ORDER BY position) AS rank,
                             CASE WHEN position - lag(position) OVER (ORDER BY position) > \(documentGap) THEN 1 ELSE 0 END AS jump
                      FROM (\(kept)) kept) numbered
                """
        }
    }

    // MARK: - Pairs

    /// The stored orientation of a pair of tokens t1 (earlier) and t2 (later): which word is
    /// the target (`word`) and which the context, and whose id decides a partition (`owner`).
    ///
    /// A symmetric count stores each unordered pair once, the smaller id first.
    public func orientation(earlier a: String, later b: String) -> (word: String, context: String) {
        switch parameters.direction {
        case .both: return ("CASE WHEN \(a) <= \(b) THEN \(a) ELSE \(b) END", "CASE WHEN \(a) <= \(b) THEN \(b) ELSE \(a) END")
        case .right: return (a, b)   // t2 follows t1: t2 is a right context of t1
        case .left: return (b, a)    // t1 precedes t2: t1 is a left context of t2
        }
    }

    /// The weight of a neighbour at `distance` (an SQL expression, 1…window).
    public func weightSQL(distance: String) -> String {
        switch parameters.weighting {
        case .uniform: return real(1)
        case .harmonic: return "\(real(1)) / \(distance)"
        case .linear: return "(\(real(Double(parameters.window + 1))) - \(distance)) / \(real(Double(parameters.window)))"
        }
    }

    /// The FROM clause joining each token `t1` of `workingTokens` to its neighbours `t2` within
    /// the window, after it and inside the boundary.
    public func windowJoinSQL(workingTokens: String) -> String {
        let sentence = parameters.boundary == .sentence ? " AND t2.sentence = t1.sentence" : ""
        switch dialect {
        case .sqlite:
            return """
                \(workingTokens) t1
                JOIN \(workingTokens) t2 ON t2.position BETWEEN t1.position + 1 AND t1.position + \(parameters.window)\(sentence)
                """
        case .spark:
            return """
                (SELECT w.position, w.word_id, w.sentence, w.position + o.distance AS target
                 FROM \(workingTokens) w LATERAL VIEW explode(sequence(1, \(parameters.window))) o AS distance) t1
                JOIN \(workingTokens) t2 ON t2.position = t1.target\(sentence)
                """
        }
    }

    /// A SELECT of (word_id, context_id, n): one row per pair of tokens within the window, with
    /// its weight, before summing. `filter` restricts it (SQLite's partitions), over the word ids.
    public func pairsSQL(workingTokens: String, filter: ((_ word: String, _ context: String) -> String)? = nil) -> String {
        let (word, context) = orientation(earlier: "t1.word_id", later: "t2.word_id")
        let weight = weightSQL(distance: "(t2.position - t1.position)")
        return """
            SELECT \(word) AS word_id, \(context) AS context_id, \(weight) AS n
            FROM \(windowJoinSQL(workingTokens: workingTokens))
            WHERE \(filter?(word, context) ?? "1 = 1")
            """
    }

    /// The value a summed pair is stored with: the diagonal of a symmetric count doubled.
    public func cellValueSQL(word: String, context: String, sum: String) -> String {
        diagonalFactor == 1 ? sum : "CASE WHEN \(word) = \(context) THEN \(diagonalFactor) * \(sum) ELSE \(sum) END"
    }

    /// A SELECT of the stored cells (word_id, context_id, count), summed per pair with GROUP BY.
    public func cellsSQL(workingTokens: String) -> String {
        """
        SELECT word_id, context_id, \(cellValueSQL(word: "word_id", context: "context_id", sum: "sum(n)")) AS count
        FROM (\(pairsSQL(workingTokens: workingTokens))) pairs
        GROUP BY word_id, context_id
        """
    }

    // MARK: - Marginals

    /// The two arms of the row and column sums over stored cells: (word id, its row share,
    /// its column share, which cells) for the target word and then for the context word.
    ///
    /// A stored pair (w, c) is the cell #(w,c). In a symmetric table with w ≠ c it is also the
    /// cell (c, w), so it adds to the sums of both words, and rows equal columns.
    public func marginalArms(word: String, context: String, count: String)
        -> [(word: String, row: String, column: String, condition: String) ] {
        [(word, count, symmetric ? count : real(0), "1 = 1"),
         (context, symmetric ? count : real(0), count, symmetric ? "\(word) <> \(context)" : "1 = 1")]
    }

    /// A SELECT of (word_id, row_total, column_total) over a relation of stored cells.
    public func marginalsSQL(cells: String) -> String {
        let arms = marginalArms(word: "word_id", context: "context_id", count: "count").map { arm in
            "SELECT \(arm.word) AS word_id, \(arm.row) AS row_total, \(arm.column) AS column_total FROM \(cells) WHERE \(arm.condition)"
        }
        return """
            SELECT word_id, sum(row_total) AS row_total, sum(column_total) AS column_total
            FROM (\(arms.joined(separator: "\nUNION ALL\n"))) arms
            GROUP BY word_id
            """
    }
}
