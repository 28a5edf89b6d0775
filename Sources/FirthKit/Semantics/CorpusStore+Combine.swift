import Foundation

extension CorpusStore {
    /// Concatenates stored embeddings word by word, so that cosine similarity in the result is
    /// the weighted mean of the parts' cosines.
    ///
    /// Each part's unit vector is scaled by √wᵢ and the pieces are laid end to end. Two such
    /// vectors have dot product Σ wᵢ·cosᵢ and squared length Σ wᵢ, so after normalization
    ///
    ///     cos(x, y) = Σᵢ wᵢ·cosᵢ(x, y) / Σᵢ wᵢ.
    ///
    /// Different methods make different mistakes: counting and SVD (`firth embed`) is strong on
    /// relatedness and analogies, skip-gram (`firth skipgram`) on strict similarity, and their
    /// mean is better than either on most benchmarks (BENCHMARKS.md) — an ensemble, the oldest
    /// trick of machine learning. The vocabulary is the words every part has, in the first
    /// part's order.
    ///
    /// ```swift
    /// let both = try store.combineEmbeddings(["svd300.p0.5.w6.both.harmonic.document.min5",
    ///                                         "sgns200.w5.neg5.e15.min5"])
    /// try store.wordVectors(named: both.name).similarity("river", "stream")
    /// ```
    ///
    /// - Parameters:
    ///   - names: two or more stored embeddings.
    ///   - weights: one per part, positive; default: equal.
    ///   - name: the result's name; default: the parts' names joined by `+`.
    ///   - replace: replace an embedding of that name instead of refusing.
    @discardableResult
    public func combineEmbeddings(_ names: [String], weights: [Double]? = nil, name: String? = nil,
                                  replace: Bool = false) throws -> Embedding {
        guard names.count >= 2 else { throw FirthError.invalidOption("combine needs at least two embeddings (got \(names.count))") }
        let weights = weights ?? names.map { _ in 1 }
        guard weights.count == names.count else {
            throw FirthError.invalidOption("give one weight per embedding: \(names.count) embeddings, \(weights.count) weights")
        }
        guard weights.allSatisfy({ $0 > 0 && $0.isFinite }) else { throw FirthError.invalidOption("weights must be positive numbers") }
        let parameters = CombinationParameters(parts: names, weights: weights)
        let name = name ?? Self.combinationName(parameters)
        if !replace { try refuseTakenEmbeddingName(name) }
        let started = Date()
        let parts = try names.map { try wordVectors(named: $0) }
        let words = parts[0].words.filter { word in parts.dropFirst().allSatisfy { $0.contains(word) } }
        guard !words.isEmpty else { throw FirthError.invalidOption("the embeddings \(names.joined(separator: ", ")) have no word in common") }

        let scales = weights.map { Float(($0 / weights.reduce(0, +)).squareRoot()) }
        let dimensions = parts.reduce(0) { $0 + $1.dimensions }
        var elements = [Float](repeating: 0, count: words.count * dimensions)
        elements.withUnsafeMutableBufferPointer { out in
            for (i, word) in words.enumerated() {
                var offset = i * dimensions
                for (part, scale) in zip(parts, scales) {
                    part.vectors.withRow(part.rowIfPresent(word)!) { row in
                        for value in row { out[offset] = value * scale; offset += 1 }
                    }
                }
            }
        }
        return try storeEmbedding(name: name, source: .combined(parameters), tableID: nil,
                                  words: words, vectors: DenseMatrix(rows: words.count, columns: dimensions, elements: elements),
                                  singularValues: [], seconds: Date().timeIntervalSince(started))
    }

    /// The parts `firth combine` takes when none are named: the most recent SVD embedding and
    /// the most recent skip-gram one.
    ///
    /// - Throws: ``FirthError/missing(what:hint:)`` when the store has no embedding of one kind.
    public func defaultCombinationParts() throws -> [String] {
        let all = try embeddings()
        return try [(Embedding.Source.Kind.svd, "an SVD", Step("embed")), (.sgns, "a skip-gram", Step("skipgram"))].map { kind, what, step in
            guard let latest = all.last(where: { $0.source.kind == kind }) else {
                throw FirthError.missing(what: "\(what) embedding to combine", hint: "make one with \(step: step), or name the embeddings")
            }
            return latest.name
        }
    }

    /// `a+b`, with the weights appended when they are not all equal: `a+b.weights1,2`.
    static func combinationName(_ parameters: CombinationParameters) -> String {
        let name = parameters.parts.joined(separator: "+")
        guard Set(parameters.weights).count > 1 else { return name }
        return name + ".weights" + parameters.weights.map { EmbeddingParameters.format($0) }.joined(separator: ",")
    }
}
