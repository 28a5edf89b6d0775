import Foundation

/// Why a document's write transaction refused it (and was rolled back).
enum WriteConflict: Error {
    /// Its text is already stored (by another writer since the first check).
    case alreadyStored(StoredDocument)
    /// The words table gained words since the document was tokenized: the ids given to its
    /// new words may already be other words'.
    case staleVocabulary
}

extension Ingester {
    /// How often a document is tokenized again against a vocabulary read afresh before the
    /// ingest gives it up (only another writer adding words at the same moment makes it retry).
    static let maxRetries = 5

    /// Records how the write of `document` went, retrying it against the stored vocabulary when
    /// another writer added words meanwhile.
    ///
    /// - Returns: the document as stored (nil if it was not), and whether the vocabulary still
    ///   holds what the caller tokenized against (false after it was read again, or after this
    ///   document's words were taken back).
    func finish(_ document: PreparedDocument, vocabularySize: Int, error: (any Error)?)
        -> (stored: PreparedDocument?, vocabularyKept: Bool) {
        var document = document, vocabularySize = vocabularySize, error = error
        var reloaded = false
        var retries = 0
        while case .staleVocabulary? = error as? WriteConflict, retries < Self.maxRetries {
            retries += 1
            reloaded = true
            do {
                vocabulary = try store.ingestRead { try $0.vocabulary() }
                vocabularySize = vocabulary.count
                let before = vocabulary.nextID
                document.tokens = Self.tokenize(document.text, with: tokenizer, vocabulary: &vocabulary, wordCounts: &wordCounts)
                document.newWords = (vocabularySize..<vocabulary.count).map { (vocabulary.id(of: $0), vocabulary.word(of: $0)) }
                document.lastWordIDBefore = before - 1
                let prepared = document
                try store.ingestWrite { try Ingester.write(prepared, $0) }
                error = nil
            } catch let failure {
                error = failure
            }
        }
        guard let error else { return (document, !reloaded) }
        vocabulary.removeEntries(from: vocabularySize)
        switch error {
        case WriteConflict.alreadyStored(let existing):
            skipDuplicate(source: document.source, of: existing)
        case WriteConflict.staleVocabulary:
            fail(.badInput(location: document.source, reason: "not stored: other writers kept adding words to \(store.path) while it was written; run the same command again to add it"))
        default:
            stop(error, source: document.source)
        }
        return (nil, false)
    }

    /// Counts a document skipped because its text is stored already, and says so.
    func skipDuplicate(source: String, of existing: StoredDocument) {
        report.duplicatesSkipped += 1
        warn(.note("\(source): already ingested as document \(existing.documentID) (\(existing.source)); skipped"))
    }

    /// Reports a failed document: a failure of the database itself (a full disk, a read-only
    /// file, a lost disk) ends the run, said once; any other fails this input only.
    func stop(_ error: any Error, source: String) {
        let translated = FirthError.translating(error, path: store.path)
        if FirthError.isFailureOfDatabase(error) {
            if fatal == nil { fatal = translated }
        } else {
            fail(.badInput(location: source, reason: "not stored: \(translated)"))
        }
    }
}
