/// A row of a matrix and its score against a query: one nearest-neighbour result.
///
/// ```swift
/// for neighbour in vectors.topDotProducts(with: query, count: 10) {
///     print(neighbour.row, neighbour.score)
/// }
/// ```
///
/// Results are ordered best first: by descending ``score``, and by ascending ``row`` among
/// equal scores, so the order is fully determined by the scores.
public struct ScoredRow: Hashable, Sendable {
    /// The index of the row.
    public var row: Int

    /// The row's score: a dot product, or a cosine similarity for unit rows.
    public var score: Float

    /// Creates a result.
    public init(row: Int, score: Float) {
        self.row = row
        self.score = score
    }

    /// Returns the `count` highest scores with their indices, best first.
    ///
    /// ```swift
    /// ScoredRow.top(2, of: [0.1, 0.9, 0.5, 0.9])   // rows 1 and 3, both 0.9
    /// ```
    ///
    /// A partial selection: a min-heap holds the best `count` seen so far, and each new
    /// score costs one comparison with the heap's root unless it beats it. That is
    /// O(n + r · log(count)) for r replacements (few, once the heap holds good scores)
    /// instead of the O(n log n) of a full sort; for 17,400 scores and `count` = 10 it
    /// takes a few microseconds.
    ///
    /// - Parameters:
    ///   - count: How many results to return at most.
    ///   - scores: One score per row.
    ///   - excluding: Rows never to return (the query's own row, say).
    /// - Returns: `min(count, eligible rows)` results; NaN scores are never returned.
    public static func top(
        _ count: Int, of scores: [Float], excluding: Set<Int> = []
    ) -> [ScoredRow] {
        scores.withUnsafeBufferPointer { top(count, of: $0, excluding: excluding) }
    }

    /// Returns the `count` highest scores with their indices, best first.
    public static func top(
        _ count: Int, of scores: UnsafeBufferPointer<Float>, excluding: Set<Int> = []
    ) -> [ScoredRow] {
        precondition(count >= 0, "count must not be negative")
        guard count > 0 else { return [] }
        var heap = WorstFirstHeap(capacity: count)
        for (row, score) in scores.enumerated() where !score.isNaN {
            // Check membership only for candidates: the set is usually tiny, the scan long.
            if heap.admits(ScoredRow(row: row, score: score)), !excluding.contains(row) {
                heap.insert(ScoredRow(row: row, score: score))
            }
        }
        return heap.elements.sorted { $0.ranksAbove($1) }
    }

    /// Whether `self` comes before `other` in best-first order.
    @inline(__always)
    func ranksAbove(_ other: ScoredRow) -> Bool {
        score > other.score || (score == other.score && row < other.row)
    }
}

/// A bounded binary min-heap of results whose root is the worst one kept.
private struct WorstFirstHeap {
    let capacity: Int
    var elements: [ScoredRow] = []

    init(capacity: Int) {
        self.capacity = capacity
        elements.reserveCapacity(capacity)
    }

    /// Whether `candidate` would be kept: there is room, or it ranks above the root.
    @inline(__always)
    func admits(_ candidate: ScoredRow) -> Bool {
        elements.count < capacity || candidate.ranksAbove(elements[0])
    }

    mutating func insert(_ candidate: ScoredRow) {
        if elements.count < capacity {
            elements.append(candidate)
            siftUp(elements.count - 1)
        } else {
            elements[0] = candidate
            siftDown(0)
        }
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard elements[parent].ranksAbove(elements[child]) else { return }
            elements.swapAt(parent, child)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var worst = parent
            if left < elements.count && elements[worst].ranksAbove(elements[left]) { worst = left }
            if right < elements.count && elements[worst].ranksAbove(elements[right]) { worst = right }
            guard worst != parent else { return }
            elements.swapAt(parent, worst)
            parent = worst
        }
    }
}
