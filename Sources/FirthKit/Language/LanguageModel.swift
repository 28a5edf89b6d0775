import Foundation

/// An n-gram model loaded from the store, with the record it came from.
public struct LoadedLanguageModel: Sendable {
    public var model: NGramModel
    public var table: NGramTable
    /// The model was counted and estimated just now, because the database had none that fit.
    public var made: Bool
    /// It was read from its binary image (false: from the rows, for a model that has no current
    /// image, such as one made before migration 0008; ``CorpusStore/storeNGramImage(_:of:)`` fixes that).
    public var fromImage = false
}

extension CorpusStore {
    /// The n-gram model with `parameters`, counted and estimated now when the database has no
    /// current one (then `made` is true, so the caller can say so).
    ///
    /// - Parameter parameters: nil means the default model (``NGramTable/defaultChoice(among:)``),
    ///   or the defaults (``NGramParameters/init(order:minCount:holdOut:seed:subcorpus:)``) when
    ///   there is none.
    public func languageModel(_ parameters: NGramParameters? = nil, progress: Progress = .silent) throws -> LoadedLanguageModel {
        if let current = try currentLanguageModel(parameters) { return current }
        let (table, _) = try NGramCounter(store: self, progress: progress).count(parameters ?? NGramParameters())
        return LoadedLanguageModel(model: try loadNGramModel(table), table: table, made: true)
    }

    /// The stored, current n-gram model with `parameters` (nil: the default model,
    /// ``NGramTable/defaultChoice(among:)``), or nil when it would have to be made: what a
    /// reader can have without writing.
    public func currentLanguageModel(_ parameters: NGramParameters? = nil) throws -> LoadedLanguageModel? {
        let tables = try ngramTables()
        let wanted = parameters
            ?? NGramTable.defaultChoice(among: tables)?.parameters
            ?? NGramParameters()
        guard let current = tables.last(where: { $0.parameters == wanted && !$0.isStale }) else { return nil }
        if let model = try ngramImage(of: current) {
            return LoadedLanguageModel(model: model, table: current, made: false, fromImage: true)
        }
        return LoadedLanguageModel(model: try ngramModelFromRows(current), table: current, made: false)
    }

    /// Reads a stored model into memory: from its binary image when it has a current one (one
    /// SELECT), else from its rows.
    public func loadNGramModel(_ table: NGramTable) throws -> NGramModel {
        if let model = try ngramImage(of: table) { return model }
        return try ngramModelFromRows(table)
    }
}
