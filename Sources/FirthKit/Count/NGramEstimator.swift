import Foundation
import GRDB

/// Interpolated modified Kneser-Ney (Chen & Goodman 1998), in SQL over a model's `ngrams` rows,
/// with the choices of KenLM's `lmplz` (Heafield et al. 2013), so the same counts give the same
/// probabilities:
///
/// - **Kneser-Ney counts** a(x) (made by ``NGramCounter`` with the counts): the raw count at the highest order and for n-grams that begin
///   with `<s>` (nothing can precede them); otherwise the number of distinct words seen just
///   before x (its continuation count). The unigram `<s>` gets 0: it is never predicted.
/// - **Discounts** per order from the counts-of-counts n₁…n₄ of a: Y = n₁/(n₁ + 2n₂),
///   D_j = j − (j+1)·Y·n_{j+1}/n_j for j = 1, 2, 3+. When some n_j is 0 or a D_j falls outside
///   [0, j] (tiny or artificial text) KenLM's fallback 0.5, 1, 1.5 is used and recorded.
/// - **Probabilities**, order by order: for a word w after a context h,
///   u(w|h) = (a(hw) − D(a(hw))) / Σ_v a(hv), γ(h) = (D₁N₁(h•) + D₂N₂(h•) + D₃N₃₊(h•)) / Σ_v a(hv),
///   p(w|h) = u(w|h) + γ(h)·p(w|h′), h′ being h without its first word; the unigrams are
///   interpolated with the uniform distribution over the vocabulary without `<s>`, so `<unk>`
///   gets γ(ε)/|V| when it was never seen.
///
/// Stored per n-gram: `adjusted_count` (a), `probability` (p, linear) and, for an n-gram that
/// is a context, `backoff` (γ): exactly the numbers of an ARPA file, before the log10.
struct NGramEstimator {
    let db: Database
    let modelID: Int64
    let order: Int
    /// The vocabulary's size when ``NGramCounter`` left the highest order in
    /// `temp.lm_grams{order}` keyed by packed n-grams; nil when it left it in `temp.lm_counts`.
    var packedRadix: Int64? = nil
    /// Counts-of-counts already made (order → n₁…n₄): a split count sums each half's while the
    /// halves are apart (integers: the same numbers as over the merged counts). An order not
    /// listed is counted here.
    var countsOfCounts: [Int: [Int]] = [:]

    /// KenLM's `--discount_fallback` values for D₁, D₂, D₃₊.
    static let fallbackDiscounts = (0.5, 1.0, 1.5)

    /// The three discounts from counts-of-counts (nil when they cannot be made).
    static func discounts(n1: Int, n2: Int, n3: Int, n4: Int) -> (Double, Double, Double)? {
        guard n1 > 0, n2 > 0, n3 > 0 else { return nil }
        let y = Double(n1) / Double(n1 + 2 * n2)
        let n = [0, n1, n2, n3, n4].map(Double.init)
        let d = (1...3).map { j in Double(j) - Double(j + 1) * y * n[j + 1] / n[j] }
        for j in 1...3 where !(d[j - 1] >= 0 && d[j - 1] <= Double(j)) { return nil }
        return (d[0], d[1], d[2])
    }

    func estimate() throws {
        var ranges = try Row.fetchAll(db, sql: "SELECT first_id, last_id FROM ngram_orders WHERE model_id = ? ORDER BY n",
                                      arguments: [modelID]).map { row -> ClosedRange<Int64> in
            let first: Int64 = row["first_id"], last: Int64 = row["last_id"]
            return first...last
        }
        let vocabularySize = try Int.fetchOne(db, sql: "SELECT count(*) FROM ngram_vocabulary WHERE model_id = ?", arguments: [modelID]) ?? 0
        // Packed: the highest order's context sums first, so that the order below gets its
        // backoffs in the same pass as its probabilities.
        let topCounts = try packedRadix.map { radix in try sumPackedTopContexts(radix: radix) }
        for k in 1...order {
            if k == order && k > 1 {
                if let radix = packedRadix, let topCounts {
                    try estimatePackedHighestOrder(contexts: ranges[k - 2], radix: radix, counts: topCounts)
                } else {
                    try estimateHighestOrder(contexts: ranges[k - 2], vocabularySize: vocabularySize)
                }
                break
            }
            if k == 2, order == 3, let radix = packedRadix {
                ranges.append(try insertPackedBigrams(unigrams: ranges[0], radix: radix))
                continue
            }
            let range = ranges[k - 1]
            let d = try recordDiscounts(k, source: "ngrams WHERE ngram_id BETWEEN \(range.lowerBound) AND \(range.upperBound)",
                                        column: "adjusted_count")
            let discount = "CASE WHEN g.adjusted_count = 0 THEN 0.0 WHEN g.adjusted_count = 1 THEN \(d.0) WHEN g.adjusted_count = 2 THEN \(d.1) ELSE \(d.2) END"
            // Σ_v a(hv) and the discounted mass of each context h (0: the empty context of unigrams),
            // summed in ngram_id order, where contexts rise: an upsert whose keys arrive in order
            // rather than a GROUP BY that sorts them (the same sums, added in the same order).
            try db.execute(sql: """
                DROP TABLE IF EXISTS temp.lm_context;
                CREATE TEMP TABLE lm_context(id INTEGER PRIMARY KEY, total REAL NOT NULL, mass REAL NOT NULL);
                INSERT INTO temp.lm_context(id, total, mass)
                SELECT g.context_id, g.adjusted_count, \(discount)
                FROM ngrams g WHERE g.ngram_id BETWEEN \(range.lowerBound) AND \(range.upperBound)
                ON CONFLICT(id) DO UPDATE SET total = total + excluded.total, mass = mass + excluded.mass;
                """)
            let interpolation: String
            if k == 1 {
                // The lower order of the unigrams is the uniform distribution over |V| − 1 words (all but <s>).
                interpolation = "c.mass / c.total / \(vocabularySize - 1).0"
            } else {
                interpolation = "c.mass / c.total * (SELECT s.probability FROM ngrams s WHERE s.ngram_id = g.suffix_id)"
                try db.execute(sql: """
                    UPDATE ngrams SET backoff = coalesce((SELECT c.mass / c.total FROM temp.lm_context c WHERE c.id = ngrams.ngram_id), 1.0)
                    WHERE ngram_id BETWEEN \(ranges[k - 2].lowerBound) AND \(ranges[k - 2].upperBound)
                    """)
            }
            // The order just below a packed highest order: its backoffs (γ of each as a context of
            // the highest order) in the same UPDATE, one pass over its rows instead of two.
            var backoff = ""
            if let radix = packedRadix, k == order - 1 {
                backoff = ", backoff = coalesce((SELECT t.mass / t.total FROM temp.lm_context_top t WHERE t.id = \(Self.packed(k, radix: radix, alias: "g."))), 1.0)"
            }
            try db.execute(sql: """
                UPDATE ngrams AS g SET probability = CASE WHEN g.n = 1 AND g.word = 1 THEN 0.0 ELSE
                    (SELECT (g.adjusted_count - \(discount)) / c.total + \(interpolation)
                     FROM temp.lm_context c WHERE c.id = g.context_id) END\(backoff)
                WHERE g.ngram_id BETWEEN \(range.lowerBound) AND \(range.upperBound)
                """)
        }
        try db.execute(sql: "DROP TABLE IF EXISTS temp.lm_context; DROP TABLE IF EXISTS temp.lm_counts")
    }

    /// The highest order, still in `temp.lm_counts` (k, n, suffix): its Kneser-Ney counts are
    /// the raw counts, and its rows go into `ngrams` with their final probability in one insert.
    private func estimateHighestOrder(contexts: ClosedRange<Int64>, vocabularySize: Int) throws {
        let bits = NGramCounter.wordBits
        let d = try recordDiscounts(order, source: "temp.lm_counts", column: "n", record: false)
        let discount = "CASE WHEN g.n = 1 THEN \(d.0) WHEN g.n = 2 THEN \(d.1) ELSE \(d.2) END"
        try db.execute(sql: """
            DROP TABLE IF EXISTS temp.lm_context;
            CREATE TEMP TABLE lm_context(id INTEGER PRIMARY KEY, total REAL NOT NULL, mass REAL NOT NULL);
            INSERT INTO temp.lm_context(id, total, mass)
            SELECT g.k / \(bits), sum(g.n), sum(\(discount)) FROM temp.lm_counts g GROUP BY g.k / \(bits);
            UPDATE ngrams SET backoff = coalesce((SELECT c.mass / c.total FROM temp.lm_context c WHERE c.id = ngrams.ngram_id), 1.0)
            WHERE ngram_id BETWEEN \(contexts.lowerBound) AND \(contexts.upperBound);
            """)
        _ = try NGramCounter.insertOrder(
            db, modelID: modelID, n: order, first: contexts.upperBound + 1, adjusted: "g.n",
            probability: "(g.n - \(discount)) / x.total + x.mass / x.total * (SELECT s.probability FROM ngrams s WHERE s.ngram_id = g.suffix)",
            join: "JOIN temp.lm_context x ON x.id = g.k / \(bits)")
        _ = try recordDiscounts(order, source: "ngrams WHERE ngram_id > \(contexts.upperBound)", column: "adjusted_count")
    }

    /// The bigrams of an order-3 model with packed keys, from `temp.lm_grams2` (or its two
    /// halves): their counts-of-counts, discounts and context sums straight from the counts, then
    /// one INSERT with each bigram's probability and backoff, instead of an insert and two
    /// UPDATEs of every row. The same expressions over the same values in the same order as the
    /// general path (`adjusted` for the stored `adjusted_count`), so the same numbers to the bit.
    /// - Returns: the bigrams' ngram_id range.
    private func insertPackedBigrams(unigrams: ClosedRange<Int64>, radix: Int64) throws -> ClosedRange<Int64> {
        let base = unigrams.lowerBound
        let columns = "key, key / \(radix) % \(radix) AS x1, key % \(radix) AS x2, n, CASE WHEN key / \(radix) % \(radix) = 1 THEN n ELSE seen_after END AS adjusted"
        // Key order is (x1, x2) order, the bigrams' ngram_id order.
        let grams = (from: "(SELECT \(columns) FROM temp.lm_grams2) g", condition: "g.x2 <> 1")
        let counts = try packedCounts(2, radix: radix)
        let d = Self.discounts(n1: counts[0], n2: counts[1], n3: counts[2], n4: counts[3]) ?? Self.fallbackDiscounts
        let discount = "CASE WHEN g.adjusted = 0 THEN 0.0 WHEN g.adjusted = 1 THEN \(d.0) WHEN g.adjusted = 2 THEN \(d.1) ELSE \(d.2) END"
        try db.execute(sql: """
            DROP TABLE IF EXISTS temp.lm_context;
            CREATE TEMP TABLE lm_context(id INTEGER PRIMARY KEY, total REAL NOT NULL, mass REAL NOT NULL);
            INSERT INTO temp.lm_context(id, total, mass)
            SELECT \(base) + g.x1, g.adjusted, \(discount) FROM \(grams.from) WHERE \(grams.condition) ORDER BY g.key
            ON CONFLICT(id) DO UPDATE SET total = total + excluded.total, mass = mass + excluded.mass;
            UPDATE ngrams SET backoff = coalesce((SELECT c.mass / c.total FROM temp.lm_context c WHERE c.id = ngrams.ngram_id), 1.0)
            WHERE ngram_id BETWEEN \(unigrams.lowerBound) AND \(unigrams.upperBound);
            DROP TABLE IF EXISTS temp.lm_unigrams;
            CREATE TEMP TABLE lm_unigrams(id INTEGER PRIMARY KEY, probability REAL NOT NULL);
            INSERT INTO temp.lm_unigrams(id, probability)
            SELECT ngram_id, probability FROM ngrams WHERE ngram_id BETWEEN \(unigrams.lowerBound) AND \(unigrams.upperBound);
            """)
        // Each bigram's lower order, p(x2), from a copy of the unigrams' probabilities: a search
        // in a table of |V| rows rather than in `ngrams`, which grows with every row inserted.
        // Joins rather than correlated subqueries: the same lookups, a tenth less time. Every
        // bigram's context and last word are unigrams with sums; t holds only contexts of trigrams.
        try db.execute(sql: """
            INSERT INTO ngrams(model_id, n, w1, w2, w3, w4, w5, word, context_id, suffix_id, count, adjusted_count, probability, backoff)
            SELECT ?, 2, g.x1, g.x2, NULL, NULL, NULL, g.x2, \(base) + g.x1, \(base) + g.x2, g.n, g.adjusted,
                (g.adjusted - \(discount)) / c.total + c.mass / c.total * s.probability,
                coalesce(t.mass / t.total, 1.0)
            FROM \(grams.from)
            JOIN temp.lm_context c ON c.id = \(base) + g.x1
            JOIN temp.lm_unigrams s ON s.id = \(base) + g.x2
            LEFT JOIN temp.lm_context_top t ON t.id = g.key
            WHERE \(grams.condition) ORDER BY g.key
            """, arguments: [modelID])
        let last = try NGramCounter.recordOrder(db, modelID: modelID, n: 2, first: unigrams.upperBound + 1)
        _ = try recordDiscounts(2, counts: counts)
        try db.execute(sql: "DROP TABLE temp.lm_grams2; DROP TABLE temp.lm_grams1; DROP TABLE temp.lm_unigrams")
        return (unigrams.upperBound + 1)...last
    }

    /// The packed n-grams `w1 … wk` (columns, prefixed by `alias`) as one integer, by Horner's rule.
    static func packed(_ k: Int, radix: Int64, alias: String = "") -> String {
        var packed = "\(alias)w1"
        for i in stride(from: 2, through: k, by: 1) { packed = "(\(packed)) * \(radix) + \(alias)w\(i)" }
        return packed
    }

    /// The highest order's packed counts, `temp.lm_grams{order}`, as `g`, without the padded
    /// n-grams that begin with two `<s>`.
    private func packedGrams(radix: Int64) -> (table: String, grams: String) {
        let table = "temp.lm_grams\(order)"
        return (table, "\(table) g WHERE g.key / \(NGramCounter.power(radix, order - 2)) % \(radix) <> 1")
    }

    /// Σ a and the discounted mass of each context of the packed highest order, keyed by the
    /// packed context, into `temp.lm_context_top`; returns the order's counts-of-counts.
    private func sumPackedTopContexts(radix: Int64) throws -> [Int] {
        let grams = packedGrams(radix: radix).grams
        let counts = try packedCounts(order, radix: radix)
        let d = Self.discounts(n1: counts[0], n2: counts[1], n3: counts[2], n4: counts[3]) ?? Self.fallbackDiscounts
        let discount = "CASE WHEN g.n = 1 THEN \(d.0) WHEN g.n = 2 THEN \(d.1) ELSE \(d.2) END"
        // Summed in key order (the order of the GROUP BY it replaces), as an upsert whose keys
        // arrive in order.
        try db.execute(sql: """
            DROP TABLE IF EXISTS temp.lm_context_top;
            CREATE TEMP TABLE lm_context_top(id INTEGER PRIMARY KEY, total REAL NOT NULL, mass REAL NOT NULL);
            INSERT INTO temp.lm_context_top(id, total, mass)
            SELECT g.key / \(radix), g.n, \(discount) FROM \(grams)
            ON CONFLICT(id) DO UPDATE SET total = total + excluded.total, mass = mass + excluded.mass;
            """)
        return counts
    }

    /// The highest order from `temp.lm_grams{order}(key, n)`, keyed by the packed n-gram (base
    /// `radix`): the same numbers as ``estimateHighestOrder(contexts:vocabularySize:)`` (same
    /// expressions, same rows in the same order), with fewer passes. The context of an n-gram is
    /// key / V and its suffix key mod V^(order−1), so one table of the order below keyed the
    /// same way (`temp.lm_suffixes`: id, probability, and as a context its sums from
    /// `temp.lm_context_top`) replaces the numbered copy of the counts and the lookups in `ngrams`.
    private func estimatePackedHighestOrder(contexts: ClosedRange<Int64>, radix: Int64, counts: [Int]) throws {
        let (table, _) = packedGrams(radix: radix)
        let d = Self.discounts(n1: counts[0], n2: counts[1], n3: counts[2], n4: counts[3]) ?? Self.fallbackDiscounts
        let discount = "CASE WHEN g.n = 1 THEN \(d.0) WHEN g.n = 2 THEN \(d.1) ELSE \(d.2) END"
        let packed = Self.packed(order - 1, radix: radix, alias: "g.")
        try db.execute(sql: """
            DROP TABLE IF EXISTS temp.lm_suffixes;
            CREATE TEMP TABLE lm_suffixes(key INTEGER PRIMARY KEY, id INTEGER NOT NULL, probability REAL NOT NULL, total REAL, mass REAL);
            INSERT INTO temp.lm_suffixes(key, id, probability, total, mass)
            SELECT \(packed), g.ngram_id, g.probability, t.total, t.mass FROM ngrams g LEFT JOIN temp.lm_context_top t ON t.id = \(packed)
            WHERE g.ngram_id BETWEEN \(contexts.lowerBound) AND \(contexts.upperBound) ORDER BY g.ngram_id;
            DROP TABLE temp.lm_context_top;
            """)
        let words = (1...5).map { i in i <= order ? "g.key / \(NGramCounter.power(radix, order - i)) % \(radix)" : "NULL" }
            .joined(separator: ", ")
        try db.execute(sql: """
            INSERT INTO ngrams(model_id, n, w1, w2, w3, w4, w5, word, context_id, suffix_id, count, adjusted_count, probability)
            SELECT ?, ?, \(words), g.key % \(radix), c.id, s.id, g.n, g.n,
                (g.n - \(discount)) / c.total + c.mass / c.total * s.probability
            FROM \(table) g
            JOIN temp.lm_suffixes c ON c.key = g.key / \(radix)
            JOIN temp.lm_suffixes s ON s.key = g.key % \(NGramCounter.power(radix, order - 1))
            WHERE g.key / \(NGramCounter.power(radix, order - 2)) % \(radix) <> 1
            ORDER BY g.key
            """, arguments: [modelID, order])
        _ = try NGramCounter.recordOrder(db, modelID: modelID, n: order, first: contexts.upperBound + 1)
        _ = try recordDiscounts(order, counts: counts)
        try db.execute(sql: "DROP TABLE temp.lm_suffixes; DROP TABLE temp.lm_grams\(order)")
    }

    /// Counts-of-counts of order k (the values of `column` in `source`) and its discounts,
    /// stored in `ngram_orders` unless `record` is false.
    private func recordDiscounts(_ k: Int, source: String, column c: String, record: Bool = true) throws -> (Double, Double, Double) {
        try recordDiscounts(k, counts: countsOfCounts(source: source, column: c), record: record)
    }

    /// The packed counts of order k in `schema` (one half, or all of them), as `(source, column)`
    /// for ``countsOfCounts(source:column:)``: the highest order's raw counts without the padded
    /// n-grams that begin with two `<s>`; the bigrams' Kneser-Ney counts (order 3), without `x2 = <s>`.
    static func packedCountsSource(order k: Int, highest: Bool, radix: Int64, schema: String) -> (source: String, column: String) {
        if !highest {
            return ("(SELECT key % \(radix) AS x2, CASE WHEN key / \(radix) % \(radix) = 1 THEN n ELSE seen_after END AS adjusted FROM \(schema).lm_grams2) g WHERE g.x2 <> 1", "adjusted")
        }
        return ("\(schema).lm_grams\(k) g WHERE g.key / \(NGramCounter.power(radix, k - 2)) % \(radix) <> 1", "n")
    }

    /// The counts-of-counts of the packed order k: those made already (``countsOfCounts``), else
    /// counted over `temp.lm_grams{k}`.
    private func packedCounts(_ k: Int, radix: Int64) throws -> [Int] {
        if let counts = countsOfCounts[k] { return counts }
        let (source, column) = Self.packedCountsSource(order: k, highest: k == order, radix: radix, schema: "temp")
        return try countsOfCounts(source: source, column: column)
    }

    /// n₁ … n₄: how many values of `column` in `source` are 1, 2, 3, 4.
    private func countsOfCounts(source: String, column c: String) throws -> [Int] {
        try Self.countsOfCounts(db, source: source, column: c)
    }

    static func countsOfCounts(_ db: Database, source: String, column c: String) throws -> [Int] {
        let row = try Row.fetchOne(db, sql: """
            SELECT coalesce(sum(\(c) = 1), 0) AS n1, coalesce(sum(\(c) = 2), 0) AS n2,
                   coalesce(sum(\(c) = 3), 0) AS n3, coalesce(sum(\(c) = 4), 0) AS n4
            FROM \(source)
            """)!
        return [row["n1"], row["n2"], row["n3"], row["n4"]]
    }

    /// The discounts of order k from its counts-of-counts `n`, stored unless `record` is false.
    private func recordDiscounts(_ k: Int, counts n: [Int], record: Bool = true) throws -> (Double, Double, Double) {
        let computed = Self.discounts(n1: n[0], n2: n[1], n3: n[2], n4: n[3])
        let d = computed ?? Self.fallbackDiscounts
        guard record else { return d }
        try db.execute(sql: """
            UPDATE ngram_orders SET n1 = ?, n2 = ?, n3 = ?, n4 = ?, d1 = ?, d2 = ?, d3 = ?, fallback = ?
            WHERE model_id = ? AND n = ?
            """, arguments: [n[0], n[1], n[2], n[3], d.0, d.1, d.2, computed == nil, modelID, k])
        return d
    }
}
