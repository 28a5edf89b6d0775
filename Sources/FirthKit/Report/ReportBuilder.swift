import Foundation

/// Everything a corpus report shows, computed from the store; ``html()`` writes it as one page.
///
/// ## Topics
/// ### Making a report
/// - ``ReportBuilder``
/// ### Writing it
/// - ``html()``
public struct CorpusReport: Sendable {
    /// One sentence run through attention, with each shown word's neighbours before and after.
    public struct Sentence: Sendable {
        public struct Word: Sendable {
            public var word: String
            public var before: [WordVectors.Neighbor]
            public var after: [WordVectors.Neighbor]
            /// Cosine between the static and the contextual vector.
            public var movement: Float
            public var largestClue: String?
        }
        public var text: String
        public var result: SentenceAttention.Result
        /// The focus word's entry, or every word's.
        public var words: [Word]
        /// The most likely next words after the sentence (`firth predict`), empty without a current n-gram model.
        public var nextWords: [NextWordCandidate] = []
    }

    public var statistics: CorpusStatistics
    /// Words with at least one occurrence, most frequent first (rank = index + 1).
    public var frequencies: [(word: String, count: Int)]
    public var table: CooccurrenceTable
    public var embedding: Embedding
    /// The embeddings a combined ``embedding`` was made from, when they are still stored.
    public var parts: [Embedding] = []
    /// The smoothing of the PPMI heatmap (that of the embedding's PPMI).
    public var smoothing: AssociationMeasure.Smoothing
    public var choice: WordChoice
    /// words × words; rows are words, columns contexts.
    public var counts: [[Double]]
    public var ppmi: [[Double]]
    public var map: WordMap
    public var attention: SentenceAttention.Settings
    /// The vectors attention mixes (`svd` embedding or `ppmi` rows), by name.
    public var attentionSpace: String
    public var attentionUsesPPMI: Bool
    public var sentences: [Sentence]
    /// The n-gram model and embedding of the next-word panels ("o3.min1 + svd…"), nil without a current n-gram model.
    public var nextWordModel: String?
    public var focus: String?
    public var neighborCount: Int
    /// When the report was made (ISO 8601), shown in its header.
    public var generated: String
    /// Dispersion plots of the words asked for (none unless asked).
    public var dispersion: [DispersionPlot] = []

    public var words: [String] { choice.words }
}

/// Gathers a ``CorpusReport`` from a store, a count table and an embedding.
///
/// ```swift
/// let table = try store.cooccurrenceTable(named: nil)
/// let vectors = try store.wordVectors(named: nil)
/// var options = ReportBuilder.Options()
/// options.sentences = ["we fished from the river bank"]
/// let report = try ReportBuilder(store: store, table: table, vectors: vectors, options: options).build()
/// try report.html().write(toFile: "report.html", atomically: true, encoding: .utf8)
/// ```
public struct ReportBuilder {
    public struct Options: Sendable {
        /// The words of the heatmaps and the map (nil: chosen by ``WordChoice``).
        public var words: [String]?
        /// How many words to choose when none are given.
        public var wordCount = 8
        /// Without given words: take the tutorial's words when all are in the vocabulary.
        public var tutorialWords = true
        /// Sentences to run attention over.
        public var sentences: [String] = []
        /// Show neighbours for this word only (in sentences that contain it).
        public var focus: String?
        /// Neighbours per word on the map and in the attention tables.
        public var neighbors = 5
        public var attention = SentenceAttention.Settings()
        /// Words to draw a dispersion plot of, over the documents of `dispersionSubcorpus` (nil: all).
        public var dispersionWords: [String] = []
        public var dispersionSubcorpus: String?
        public init() {}
    }

    public let store: CorpusStore
    public let table: CooccurrenceTable
    public let vectors: WordVectors
    /// The vectors attention mixes; nil: `vectors`.
    public var attentionSpace: (any VectorSpace)?
    public var options: Options

    public init(store: CorpusStore, table: CooccurrenceTable, vectors: WordVectors,
                attentionSpace: (any VectorSpace)? = nil, options: Options = Options()) {
        self.store = store
        self.table = table
        self.vectors = vectors
        self.attentionSpace = attentionSpace
        self.options = options
    }

    /// Computes every section of the report.
    ///
    /// - Throws: ``FirthError/unknownWord(_:suggestions:)`` for a given word outside the table's
    ///   vocabulary or the embedding; ``FirthError/badInput(location:reason:)`` for a sentence
    ///   with no word in the vocabulary.
    public func build() throws -> CorpusReport {
        let embedding = try store.embedding(named: vectors.name)
        let stored = try store.embeddings()
        let parts = (embedding.combination?.parts ?? []).compactMap { name in stored.first { $0.name == name } }
        // A combination's heatmap shows the PPMI its SVD part factored.
        let smoothing = (embedding.source.svd ?? parts.lazy.compactMap(\.source.svd).first)?.smoothing ?? .init()
        let choice: WordChoice
        if let given = options.words {
            let words = try given.map { try store.normalize($0) }
            for word in words where !vectors.contains(word) {
                throw FirthError.unknownWord(word, suggestions: vectors.suggestions(for: word))
            }
            try requireInTable(words)
            choice = WordChoice(words: words, rule: .given)
        } else {
            choice = try WordChoice.choose(store: store, table: table, vectors: vectors,
                                           count: options.wordCount, tutorial: options.tutorialWords)
        }
        // Count and PPMI are 0 for a pair never seen: the matrices have no undefined cell.
        let counts = try store.cooccurrenceMatrix(of: choice.words, in: table, measure: .count).values.map { $0.map { $0 ?? 0 } }
        let ppmi = try store.cooccurrenceMatrix(of: choice.words, in: table, measure: .ppmi, smoothing: smoothing)
            .values.map { $0.map { $0 ?? 0 } }
        let map = try WordMap(words: choice.words, vectors: vectors, neighborCount: options.neighbors)

        let space: any VectorSpace = attentionSpace ?? vectors
        let attention = SentenceAttention(space: space, settings: options.attention)
        let tokenizer = try store.tokenizer()
        let focus = try options.focus.map { try store.normalize($0) }
        // The next-word panel uses a current stored n-gram model; a report does not make one.
        let ngramTable = options.sentences.isEmpty ? nil : try store.ngramTables().last { !$0.isStale && $0.parameters.order > 1 }
        let context = try ngramTable.map { ContextLanguageModel(ngram: try store.loadNGramModel($0), vectors: vectors) }
        let splitter = SentenceSplitter(tokenizer: tokenizer)
        var sentences = try options.sentences.map { text -> CorpusReport.Sentence in
            let result = attention.attend(tokenizer.words(text))
            guard !result.positions.isEmpty else {
                throw FirthError.invalidParameters("\(parameter: "sentence"): no word of '\(text)' is in the vocabulary")
            }
            let own = Set(result.words)
            let shown = result.words.indices.filter { focus == nil || !result.words.contains(focus!) || result.words[$0] == focus }
            return .init(text: text, result: result, words: shown.map { i in
                .init(word: result.words[i],
                      before: space.nearestWords(to: result.staticVectors.row(i), count: options.neighbors, excluding: own),
                      after: space.nearestWords(to: result.contextual(of: i), count: options.neighbors, excluding: own),
                      movement: result.movement(of: i),
                      largestClue: result.largestClue(of: i).map { result.words[$0] })
            })
        }
        if let context {
            for k in sentences.indices {
                let state = PromptState(sentences: splitter.sentences(in: sentences[k].text), endsSentence: false, model: context.ngram)
                sentences[k].nextWords = context.nextWords(after: state, top: 8).candidates
            }
        }
        let subcorpus = try options.dispersionSubcorpus.map { try store.subcorpus(named: $0) }
        let dispersion = try options.dispersionWords.map { word in
            DispersionPlot(word: try store.normalize(word), rows: try store.occurrenceOffsets(of: try store.wordID(word), in: subcorpus).map {
                DispersionPlot.Row(label: $0.document.source, tokens: $0.document.tokens, offsets: $0.offsets)
            })
        }
        var report = CorpusReport(
            statistics: try store.statistics(), frequencies: try store.wordFrequencies(), table: table,
            embedding: embedding, parts: parts, smoothing: smoothing, choice: choice, counts: counts, ppmi: ppmi, map: map,
            attention: options.attention, attentionSpace: space.spaceName, attentionUsesPPMI: space is PPMIVectorSpace,
            sentences: sentences, nextWordModel: ngramTable.map { "\($0.name) + \(vectors.name)" }, focus: focus, neighborCount: options.neighbors,
            generated: ISO8601DateFormatter().string(from: Date()))
        report.dispersion = dispersion
        return report
    }

    /// Every word must be in the count table's vocabulary, or its row would be all zeros.
    private func requireInTable(_ words: [String]) throws {
        let inTable = Set(try store.tableVocabulary(of: table).map(\.word))
        for word in words where !inTable.contains(word) {
            throw FirthError.missing(what: "'\(word)' in the count table '\(table.name)'",
                                     hint: "it is rarer than the table's min-count \(table.parameters.minCount)")
        }
    }
}
