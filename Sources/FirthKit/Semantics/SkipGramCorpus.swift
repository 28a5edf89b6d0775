import Foundation

/// The text a skip-gram model reads: the corpus's in-vocabulary words as row numbers, in order,
/// cut into segments that windows never cross.
///
/// As in word2vec and gensim, words below the min-count are removed from the text before windows
/// are drawn, so a window reaches past them. Segments end at document ends and are at most
/// `maximumSegmentLength` words long (gensim's limit of 10,000 words per sentence), which also
/// gives threads pieces of work of similar size.
///
/// ```swift
/// let corpus = try SkipGramCorpus.load(from: store, minCount: 5)
/// print(corpus.words.count, corpus.tokens.count)
/// ```
public struct SkipGramCorpus: Sendable {
    /// The vocabulary, most frequent first: row i of the vectors is `words[i]`.
    public let words: [String]
    /// Corpus frequency of each word of ``words``.
    public let counts: [Int]
    /// The kept running words, as indices into ``words``.
    public let tokens: [Int32]
    /// Each segment's range in ``tokens``; together they cover it in order.
    public let segments: [Range<Int>]

    static let maximumSegmentLength = 10_000

    /// A corpus from documents already turned into vocabulary indices (tests, other sources).
    public init(words: [String], counts: [Int], documents: [[Int32]]) {
        precondition(words.count == counts.count)
        self.words = words
        self.counts = counts
        var tokens: [Int32] = []
        var segments: [Range<Int>] = []
        for document in documents {
            for start in stride(from: 0, to: document.count, by: Self.maximumSegmentLength) {
                let end = min(start + Self.maximumSegmentLength, document.count)
                segments.append(tokens.count..<(tokens.count + end - start))
                tokens.append(contentsOf: document[start..<end])
            }
        }
        self.tokens = tokens
        self.segments = segments
    }

    /// Reads the corpus of `store`: words seen at least `minCount` times, ordered like a count
    /// table's vocabulary (frequency, then word id), and its tokens document by document.
    ///
    /// With `documents`, only those documents are read (a subcorpus's members), and the
    /// frequencies — the min-count, subsampling and the negatives' distribution — are theirs,
    /// counted here, as a subcorpus's count table counts its own.
    public static func load(from store: CorpusStore, minCount: Int, documents members: Set<Int64>? = nil) throws -> SkipGramCorpus {
        try store.readingCorpus { corpus in
            // Word id → spelling and corpus count, in dense tables since word ids are small
            // consecutive integers.
            let maximumID = Int(try corpus.largestWordID())
            var spelling = [String?](repeating: nil, count: maximumID + 1)
            var frequency = [Int](repeating: 0, count: maximumID + 1)
            try corpus.forEachWord { entry in
                let id = Int(entry.wordID)
                spelling[id] = entry.word
                if members == nil { frequency[id] = entry.count }
            }

            // Word id → row of the vectors (−1: left out), most frequent first, then by word id.
            func rows() throws -> (rows: [Int32], kept: [Int]) {
                let kept = frequency.indices.filter { frequency[$0] >= minCount && spelling[$0] != nil }
                    .sorted { frequency[$0] != frequency[$1] ? frequency[$0] > frequency[$1] : $0 < $1 }
                guard !kept.isEmpty else {
                    throw FirthError.missing(what: "a word seen at least \(minCount) times" + (members == nil ? "" : " in the subcorpus"),
                                             hint: "ingest more text first, or train with a lower minimum count (\(step: Step("skipgram", parameters: [.init("minCount")])))")
                }
                var row = [Int32](repeating: -1, count: maximumID + 1)
                for (index, id) in kept.enumerated() { row[id] = Int32(index) }
                return (row, kept)
            }
            // The whole corpus's counts are known: its tokens become rows as they are read. A
            // subcorpus's are counted first, so its tokens are kept as word ids until the end.
            var vocabulary = members == nil ? try rows() : nil

            // The documents' tokens, split at document ends.
            var documents: [[Int32]] = []
            let ranges = try corpus.documentSpans()
            var current: [Int32] = []
            var next = 0
            var end = Int64.min
            var member = true
            try corpus.forEachToken { position, wordID in
                if position >= end {
                    if !current.isEmpty { documents.append(current); current = [] }
                    // Advance to the document holding this position.
                    while next < ranges.count {
                        let span = ranges[next]
                        next += 1
                        if position < span.end { end = span.end; member = members?.contains(span.documentID) ?? true; break }
                    }
                }
                guard member else { return }
                let id = Int(wordID)
                if let vocabulary {
                    let index = vocabulary.rows[id]
                    if index >= 0 { current.append(index) }
                } else {
                    current.append(Int32(id))
                    frequency[id] += 1
                }
            }
            if !current.isEmpty { documents.append(current) }
            if vocabulary == nil {
                let made = try rows()
                documents = documents.map { document in document.compactMap { made.rows[Int($0)] >= 0 ? made.rows[Int($0)] : nil } }
                    .filter { !$0.isEmpty }
                vocabulary = made
            }
            let kept = vocabulary!.kept
            return SkipGramCorpus(words: kept.map { spelling[$0]! }, counts: kept.map { frequency[$0] }, documents: documents)
        }
    }
}
