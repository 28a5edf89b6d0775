import COpenBLAS
import Foundation

/// Which road to word vectors `firth embed` takes: counting, prediction, or both.
///
/// - ``svd``: count co-occurrences, weigh them by PPMI and keep the top singular directions
///   (``EmbeddingBuilder``; Levy, Goldberg & Dagan 2015). A few seconds; strong on relatedness
///   (WS-353, MEN) and analogies.
/// - ``skipgram``: word2vec's skip-gram with negative sampling (``SkipGramTrainer``; Mikolov et
///   al. 2013). Minutes; strong on strict similarity (SimLex-999).
/// - ``combined``: both, then their cosines averaged
///   (``CorpusStore/combineEmbeddings(_:weights:name:replace:)``). The default: on the benchmark
///   corpus neither method alone comes within noise of the best peer tool on every benchmark, and
///   their mean does (BENCHMARKS.md), because they make different mistakes.
public enum EmbeddingMethod: String, CaseIterable, Codable, Sendable {
    case svd
    case skipgram
    case combined
}

/// Makes the embedding of an ``EmbeddingMethod``, reusing whichever stored parts are current.
///
/// Each stage leaves its own embedding in the store, so a user can query the SVD, the skip-gram
/// vectors and their combination side by side (`firth spaces` lists them). With ``EmbeddingMethod/combined``
/// the skip-gram part learns the count table's vocabulary (its min-count) from the same documents,
/// so the two parts describe the same words; each keeps its own dimensions (skip-gram's default is
/// fewer than the SVD's, see ``SkipGramParameters/dimensions``) and seed (`firth embed --seed` sets both).
///
/// ```swift
/// let table = try store.cooccurrenceTable(named: nil)
/// let made = try EmbeddingPipeline().make(in: store, table: table)
/// let vectors = try store.wordVectors(named: made.embedding.name)   // svd…+sgns…
/// ```
public struct EmbeddingPipeline: Sendable {
    public var method: EmbeddingMethod
    /// The knobs of the SVD part.
    public var svd: EmbeddingParameters
    /// The knobs of the skip-gram part (its min-count is the table's with ``EmbeddingMethod/combined``).
    public var skipGram: SkipGramParameters
    /// Told how long skip-gram will take, once its corpus is read and before it trains (not
    /// called when stored vectors are reused).
    public var announce: (@Sendable (SkipGramTrainer.Estimate) -> Void)?

    public init(method: EmbeddingMethod = .combined, svd: EmbeddingParameters = EmbeddingParameters(),
                skipGram: SkipGramParameters = SkipGramParameters()) {
        self.method = method
        self.svd = svd
        self.skipGram = skipGram
    }

    /// What ``make(in:table:name:force:progress:)`` produced.
    public struct Made: Sendable {
        /// The embedding queries should use (the combination, with ``EmbeddingMethod/combined``).
        public var embedding: Embedding
        /// The embeddings it was made from (empty unless combined).
        public var parts: [Embedding]
        /// Nothing was computed: identical vectors were already stored.
        public var reused: Bool
    }

    /// Makes (or finds) the embedding.
    ///
    /// - Parameters:
    ///   - table: the count table the SVD factors; not read by ``EmbeddingMethod/skipgram``.
    ///   - name: the final embedding's name (the parts keep their default names).
    ///   - force: compute every stage again even if identical vectors are stored.
    public func make(in store: CorpusStore, table: CooccurrenceTable?, name: String? = nil, force: Bool = false,
                     progress: Progress = .silent) throws -> Made {
        switch method {
        case .svd:
            let made = try EmbeddingBuilder(store: store, progress: progress)
                .embed(table: try required(table), parameters: svd, name: name, force: force)
            return Made(embedding: made.embedding, parts: [], reused: made.reused)
        case .skipgram:
            let made = try SkipGramTrainer(store: store, progress: progress, announce: announce).train(skipGram, name: name, force: force)
            return Made(embedding: made.embedding, parts: [], reused: made.reused)
        case .combined:
            let table = try required(table)
            var skipGram = skipGram
            skipGram.minCount = table.parameters.minCount
            skipGram.subcorpus = table.parameters.subcorpus   // the same documents as the SVD's counts
            // The SVD part runs on its own thread beside skip-gram's: its few seconds of BLAS on
            // one thread fill the gaps of skip-gram's threads instead of coming before them. The
            // store's queue serializes their reads and writes; the vectors are the same as made
            // one after the other (the SVD's are deterministic, skip-gram's lock-free ones never were).
            let svdPart = ParallelSlots<Result<(embedding: Embedding, reused: Bool), Error>>(count: 1)
            let svdParameters = svd
            let svdDone = DispatchSemaphore(value: 0)
            DetachedThread.start(name: "firth.embed.svd", stackSize: 8 << 20) {
                svdPart[0] = Result {
                    try Self.onOneBLASThread {
                        try EmbeddingBuilder(store: store, progress: .silent).embed(table: table, parameters: svdParameters, force: force)
                    }
                }
                svdDone.signal()
            }
            let trainer = SkipGramTrainer(store: store, progress: progress, announce: announce)
            // Skip-gram's vectors are stored after the SVD part's, whichever is made first: the
            // catalog lists the parts (and numbers them) in the same order every run.
            trainer.beforeStoring = {
                if svdPart[0] == nil { progress.update("skip-gram done; waiting for the SVD part", force: true) }
                svdDone.wait()
                svdDone.signal()
            }
            let trained = Result { try trainer.train(skipGram, force: force) }
            svdDone.wait()
            let counted = try svdPart[0]!.get()
            let predicted = try trained.get()
            let combination = CombinationParameters(parts: [counted.embedding.name, predicted.embedding.name], weights: [1, 1])
            let name = name ?? CorpusStore.combinationName(combination)
            let existing = try store.embeddings().first { $0.name == name && $0.combination == combination }
            // A stored combination of the same two parts is current only if neither part was just
            // made again; otherwise its vectors are the old parts' and must be replaced.
            if let existing, counted.reused, predicted.reused, !force {
                return Made(embedding: existing, parts: [counted.embedding, predicted.embedding], reused: true)
            }
            progress.update("combining \(combination.parts.joined(separator: " and "))", force: true)
            let combined = try store.combineEmbeddings(combination.parts, name: name, replace: force || existing != nil)
            progress.finish()
            return Made(embedding: combined, parts: [counted.embedding, predicted.embedding], reused: false)
        }
    }

    /// Runs `body` with OpenBLAS on one thread, then restores the process's setting.
    ///
    /// The SVD part of ``EmbeddingMethod/combined`` is a few seconds beside skip-gram's minute, and
    /// OpenBLAS's threads wait for one another at every call: on a machine whose cores are busy
    /// (the case when skip-gram shares them, or other work does) two threads took 3 to 11 times
    /// the wall-clock time of one for the same CPU time (BENCHMARKS.md, issue 19, fourth pass).
    /// One thread costs at most a second or two on an idle machine. `--method svd` alone keeps
    /// OpenBLAS's own setting.
    static func onOneBLASThread<T>(_ body: () throws -> T) rethrows -> T {
        let before = openblas_get_num_threads()
        openblas_set_num_threads(1)
        defer { openblas_set_num_threads(before) }
        return try body()
    }

    private func required(_ table: CooccurrenceTable?) throws -> CooccurrenceTable {
        guard let table else {
            throw FirthError.missing(what: "a count table for the \(method.rawValue) embedding", hint: "make one with \(step: Step("count"))")
        }
        return table
    }
}
