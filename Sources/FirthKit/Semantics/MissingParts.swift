import Foundation

/// A count table a command needs: one by name, or the default one (of a subcorpus).
///
/// ```swift
/// let table = try store.ensure(TableRequest()).value   // counted with the defaults if there is none
/// ```
public struct TableRequest: Sendable, Equatable {
    /// The table's name; nil: the most recent one of the whole corpus (or of `subcorpus`).
    public var name: String?
    /// The subcorpus the table must be counted from; nil: the whole corpus.
    public var subcorpus: String?

    public init(name: String? = nil, subcorpus: String? = nil) {
        self.name = name
        self.subcorpus = subcorpus
    }
}

/// An embedding a command needs: one by name, or the default one of the query commands
/// (``Embedding/defaultChoice(among:tables:)``), made with `pipeline` when the store has none.
public struct EmbeddingRequest: Sendable {
    /// The embedding's name; nil: the default one.
    public var name: String?
    /// How the default embedding is made when there is none (with its default table).
    public var pipeline: EmbeddingPipeline

    public init(name: String? = nil, pipeline: EmbeddingPipeline = EmbeddingPipeline()) {
        self.name = name
        self.pipeline = pipeline
    }
}

/// How the `ensure` methods of ``CorpusStore`` make what is missing, and tell about it.
public struct MissingParts: Sendable {
    /// A step, told before it is taken, so a front end can say why a query takes a while.
    public enum Step: Sendable {
        /// There is no table to use: one is being counted with these knobs.
        case counting(CountParameters)
        /// There is no embedding to use: the default one is being made (and its table, if missing).
        case embedding(EmbeddingPipeline)
        /// How long the skip-gram part of the embedding being made will take: told after
        /// ``embedding(_:)`` and before anything is counted or trained.
        case estimate(SkipGramTrainer.Estimate)
        /// The table found was counted before the corpus last changed.
        case stale(CooccurrenceTable)
    }

    /// What was made to answer a request.
    public enum Made: Sendable, Equatable {
        case table(CooccurrenceTable)
        case embedding(Embedding)
    }

    /// Passed to the writer a read-only store becomes for the step that makes something.
    public var waiting: (@Sendable (WaitingFor) -> Void)?
    /// The progress of a stage (`count`, `embed`).
    public var progress: @Sendable (_ stage: String) -> Progress
    /// Told each ``Step`` before it is taken.
    public var report: @Sendable (Step) -> Void

    public init(waiting: (@Sendable (WaitingFor) -> Void)? = nil,
                progress: @escaping @Sendable (_ stage: String) -> Progress = { _ in .silent },
                report: @escaping @Sendable (Step) -> Void = { _ in }) {
        self.waiting = waiting
        self.progress = progress
        self.report = report
    }
}

/// A table or embedding found or made, and what had to be made for it.
public struct Ensured<Value: Sendable>: Sendable {
    public var value: Value
    /// Everything made to provide `value`, in order (empty when all of it was stored).
    public var made: [MissingParts.Made]
}

extension CorpusStore {
    /// The count table `request` asks for, counted with the defaults of ``CountParameters`` when
    /// the default one is asked for and there is none.
    ///
    /// A read-only store becomes a writer for the counting step (``writing(waiting:_:)``), and
    /// looks again under the writer lock in case another process counted one meanwhile.
    ///
    /// - Throws: ``FirthError/missing(what:hint:)`` for an unknown name or subcorpus;
    ///   ``FirthError/cannotWrite(path:reason:)`` when a table must be counted and the database
    ///   cannot be written.
    public func ensure(_ request: TableRequest, making parts: MissingParts = MissingParts()) throws -> Ensured<CooccurrenceTable> {
        if let subcorpus = request.subcorpus {
            if let name = request.name {
                let table = try existingTable(named: name, parts: parts)
                guard table.parameters.subcorpus == subcorpus else {
                    throw FirthError.invalidParameters("the table '\(name)' was not counted from subcorpus '\(subcorpus)'; its tables end in @\(subcorpus) (see \(step: Step("spaces")))")
                }
                return Ensured(value: table, made: [])
            }
            _ = try self.subcorpus(named: subcorpus)
            if let latest = try cooccurrenceTables().last(where: { $0.parameters.subcorpus == subcorpus }) {
                return Ensured(value: latest, made: [])
            }
            var parameters = CountParameters()
            parameters.subcorpus = subcorpus
            return try counting(parameters, parts: parts) { $0.parameters.subcorpus == subcorpus }
        }
        if request.name == nil, try !cooccurrenceTables().contains(where: { $0.parameters.subcorpus == nil }) {
            return try counting(CountParameters(), parts: parts) { $0.parameters.subcorpus == nil }
        }
        return Ensured(value: try existingTable(named: request.name, parts: parts), made: [])
    }

    /// The embedding `request` asks for, made with its pipeline (and the default count table,
    /// counted if missing) when the default one is asked for and the store has none.
    ///
    /// - Throws: ``FirthError/missing(what:hint:)`` for an unknown name;
    ///   ``FirthError/cannotWrite(path:reason:)`` when one must be made and the database cannot be written.
    public func ensure(_ request: EmbeddingRequest, making parts: MissingParts = MissingParts()) throws -> Ensured<Embedding> {
        let ofSubcorpora = try subcorpusTableIDs()
        func ofWholeCorpus(_ embedding: Embedding) -> Bool { embedding.tableID.map { !ofSubcorpora.contains($0) } ?? true }
        guard request.name == nil, try !embeddings().contains(where: ofWholeCorpus) else {
            return Ensured(value: try embedding(named: request.name), made: [])
        }
        return try writing(waiting: parts.waiting) { writer in
            if try writer.embeddings().contains(where: ofWholeCorpus) {
                return Ensured(value: try writer.embedding(named: nil), made: [])
            }
            parts.report(.embedding(request.pipeline))
            // How long skip-gram will take is said before anything starts (the count included),
            // so that a user facing minutes can stop and ask for the SVD alone.
            if request.pipeline.method != .svd {
                let corpus = try writer.statistics()
                parts.report(.estimate(SkipGramTrainer.estimate(tokens: corpus.tokens, types: corpus.types,
                                                                parameters: request.pipeline.skipGram)))
            }
            let table = try writer.ensure(TableRequest(), making: parts)
            let made = try request.pipeline.make(in: writer, table: table.value, progress: parts.progress("embed"))
            return Ensured(value: made.embedding, made: table.made + (made.reused ? [] : (made.parts + [made.embedding]).map { .embedding($0) }))
        }
    }

    /// The table called `name` (the default one when nil), told stale if it is.
    private func existingTable(named name: String?, parts: MissingParts) throws -> CooccurrenceTable {
        let table = try cooccurrenceTable(named: name)
        if table.isStale { parts.report(.stale(table)) }
        return table
    }

    /// Counts a table with `parameters` as a writer, unless one that `isWanted` was counted meanwhile.
    private func counting(_ parameters: CountParameters, parts: MissingParts,
                          isWanted: @escaping (CooccurrenceTable) -> Bool) throws -> Ensured<CooccurrenceTable> {
        try writing(waiting: parts.waiting) { writer in
            if let made = try writer.cooccurrenceTables().last(where: isWanted) { return Ensured(value: made, made: []) }
            parts.report(.counting(parameters))
            let table = try CooccurrenceCounter(store: writer, progress: parts.progress("count")).count(parameters).table
            return Ensured(value: table, made: [.table(table)])
        }
    }
}
