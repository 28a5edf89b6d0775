import Foundation

extension CorpusStore {
    /// The subcorpus of the documents a model with a hold-out was counted from (its training
    /// documents), defined once under a name made from the hold-out's share and seed.
    ///
    /// It is what the context model's vectors must be made from: vectors that saw the held-out
    /// documents would know their words' company, and the context column would be measured on
    /// text it had already read. A stored subcorpus of that name whose documents are no longer the
    /// training documents (the corpus changed since) is defined again.
    ///
    /// - Throws: ``FirthError/invalidOption(_:)`` for a model without a hold-out.
    public func trainingSubcorpus(of table: NGramTable) throws -> Subcorpus {
        if let existing = try storedTrainingSubcorpus(of: table) { return existing }
        let name = try Self.trainingSubcorpusName(of: table)
        if try subcorpora().contains(where: { $0.name == name }) { try dropSubcorpus(named: name) }
        // The condition language names documents by id; the held-out ones are left out.
        let held = try heldOutDocuments(of: table)
        guard held.count <= 500 else {
            throw FirthError.invalidOption("\(held.count) held-out documents are more than a subcorpus condition names (500); hold out a smaller share")
        }
        let condition = "not (" + held.map { "document = \($0)" }.joined(separator: " or ") + ")"
        return try defineSubcorpus(named: name, SubcorpusDefinition(condition: condition))
    }

    /// The training subcorpus of a hold-out model if it is stored with the right documents.
    func storedTrainingSubcorpus(of table: NGramTable) throws -> Subcorpus? {
        let name = try Self.trainingSubcorpusName(of: table)
        guard let existing = try subcorpora().first(where: { $0.name == name }) else { return nil }
        let held = Set(try heldOutDocuments(of: table))
        let members = Set(try members(of: existing).map(\.documentID))
        return members.isDisjoint(with: held) && members.count == table.trainingDocuments ? existing : nil
    }

    /// `training.hold10.seed1` for `--hold-out 10% --seed 1`.
    static func trainingSubcorpusName(of table: NGramTable) throws -> String {
        guard let holdOut = table.parameters.holdOut else {
            throw FirthError.invalidOption("model '\(table.name)' has no hold-out: it was counted from every document")
        }
        guard table.parameters.subcorpus == nil else {
            throw FirthError.invalidOption("model '\(table.name)' is a subcorpus's: the vectors of its training documents alone cannot be made yet")
        }
        return "training.hold" + String(format: "%g", holdOut * 100).replacingOccurrences(of: ".", with: "_")
            + ".seed\(table.parameters.seed)"
    }

    /// The most recent stored embedding made from a current count of a hold-out model's
    /// training subcorpus, if there is one (reads only).
    public func storedTrainingEmbedding(of table: NGramTable) throws -> Embedding? {
        guard let subcorpus = try storedTrainingSubcorpus(of: table) else { return nil }
        let tableIDs = Set(try cooccurrenceTables().filter { $0.parameters.subcorpus == subcorpus.name && !$0.isStale }.map(\.id))
        return try embeddings().last(where: { $0.tableID.map(tableIDs.contains) ?? false })
    }

    /// Word vectors made from a hold-out model's training documents only: the most recent
    /// embedding of a count of ``trainingSubcorpus(of:)``, else one made now (a count of the
    /// subcorpus with `count` and its SVD with `svd`, `firth count` and `firth embed --method svd`'s
    /// defaults unless given).
    ///
    /// - Returns: the embedding and whether it was made now.
    public func trainingEmbedding(of table: NGramTable, count: CountParameters = CountParameters(),
                                  svd: EmbeddingParameters = EmbeddingParameters(),
                                  progress: Progress = .silent) throws -> (embedding: Embedding, made: Bool) {
        if let stored = try storedTrainingEmbedding(of: table) { return (stored, false) }
        let subcorpus = try trainingSubcorpus(of: table)
        var parameters = count
        parameters.subcorpus = subcorpus.name
        let counted = try CooccurrenceCounter(store: self, progress: progress).count(parameters).table
        let made = try EmbeddingPipeline(method: .svd, svd: svd).make(in: self, table: counted, progress: progress)
        return (made.embedding, true)
    }
}
