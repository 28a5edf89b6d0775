import Foundation

/// What a keyword list compares its target with.
public enum KeywordReference {
    /// The documents of the corpus that are not in the target.
    case rest
    /// Another subcorpus of the same corpus (no shared documents).
    case subcorpus(String)
    /// The whole corpus of another database (words matched by spelling).
    case database(CorpusStore)
}

extension CorpusStore {
    // MARK: - Keywords

    /// The keywords of a subcorpus (nil: the whole corpus, against another database) against
    /// `reference`. See ``KeywordScore`` for the statistics.
    ///
    /// - Throws: ``FirthError`` for an unknown subcorpus, overlapping parts, or an empty part.
    public func keywords(of target: String?, against reference: KeywordReference,
                         minCount: Int = 5, significance: Double = 0.05) throws -> KeywordList {
        let part = try target.map { try subcorpus(named: $0) }
        switch reference {
        case .rest:
            guard let part else { throw FirthError.invalidOption("the whole corpus has no rest to compare with; name a subcorpus as the target, or a reference database") }
            let frequencies = try partFrequencies(target: part, reference: nil)
            return try KeywordList(frequencies: frequencies, targetTokens: part.tokens,
                                   referenceTokens: try tokenCount() - part.tokens, minCount: minCount, significance: significance)
        case .subcorpus(let name):
            guard let part else { throw FirthError.invalidOption("the whole corpus contains subcorpus '\(name)'; name a subcorpus as the target") }
            let other = try subcorpus(named: name)
            let frequencies = try partFrequencies(target: part, reference: other)
            return try KeywordList(frequencies: frequencies, targetTokens: part.tokens, referenceTokens: other.tokens,
                                   minCount: minCount, significance: significance)
        case .database(let store):
            let ours: [String: Int]
            if let part {
                ours = Dictionary(uniqueKeysWithValues: try partFrequencies(target: part, reference: nil)
                    .filter { $0.target > 0 }.map { ($0.word, $0.target) })
            } else {
                ours = try wordCounts()
            }
            let theirs = try store.wordCounts()
            let words = Set(ours.keys).union(theirs.keys).sorted()
            let frequencies = words.map { PartFrequency(word: $0, target: ours[$0] ?? 0, reference: theirs[$0] ?? 0) }
            return try KeywordList(frequencies: frequencies, targetTokens: try part?.tokens ?? tokenCount(),
                                   referenceTokens: try store.tokenCount(), minCount: minCount, significance: significance)
        }
    }

    // MARK: - Dispersion

    /// Dispersion of each of `words` over the documents of a subcorpus (nil: the corpus).
    ///
    /// - Throws: ``FirthError/unknownWord(_:suggestions:)`` for a word the corpus lacks.
    public func dispersion(of words: [String], in subcorpusName: String? = nil) throws -> (documents: [DocumentOccurrences], measures: [Dispersion]) {
        let part = try subcorpusName.map { try subcorpus(named: $0) }
        let ids = try words.map { try wordID($0) }
        let documents = try occurrencesPerDocument(of: ids, in: part)
        let sizes = documents.map(\.tokens)
        let spelled = try words.map { try normalize($0) }
        let measures = zip(spelled, ids).map { word, id in
            Dispersion(word: word, counts: documents.map { $0.counts[id] ?? 0 }, sizes: sizes)
        }
        return (documents, measures)
    }
}
