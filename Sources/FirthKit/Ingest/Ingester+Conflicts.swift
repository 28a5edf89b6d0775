import Foundation
import GRDB

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
                vocabulary = try store.dbQueue.read { db in try Self.loadVocabulary(db) }
                vocabularySize = vocabulary.count
                let before = vocabulary.nextID
                document.tokens = Self.tokenize(document.text, with: tokenizer, vocabulary: &vocabulary, wordCounts: &wordCounts)
                document.newWords = (vocabularySize..<vocabulary.count).map { (vocabulary.id(of: $0), vocabulary.word(of: $0)) }
                document.lastWordIDBefore = before - 1
                let prepared = document
                try store.dbQueue.write { db in try Ingester.write(prepared, db) }
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
            fail("\(document.source): not stored: other writers kept adding words to \(store.path) while it was written; run the same command again to add it")
        default:
            stop(error, source: document.source)
        }
        return (nil, false)
    }

    /// Counts a document skipped because its text is stored already, and says so.
    func skipDuplicate(source: String, of existing: StoredDocument) {
        report.duplicatesSkipped += 1
        warn("note: \(source): already ingested as document \(existing.documentID) (\(existing.source)); skipped")
    }

    /// Reports a failed document: a failure of the database itself (a full disk, a read-only
    /// file, a lost disk) ends the run, said once; any other fails this input only.
    func stop(_ error: any Error, source: String) {
        let translated = FirthError.translating(error, path: store.path)
        if Self.endsTheRun(error) {
            if fatal == nil { fatal = translated }
        } else {
            fail("\(source): not stored: \(translated)")
        }
    }

    /// Whether `error` is the database's rather than one document's: every later document
    /// would fail the same way.
    static func endsTheRun(_ error: any Error) -> Bool {
        guard let error = error as? DatabaseError else { return false }
        switch error.resultCode.primaryResultCode {
        case .SQLITE_FULL, .SQLITE_READONLY, .SQLITE_IOERR, .SQLITE_CANTOPEN, .SQLITE_CORRUPT, .SQLITE_NOTADB,
             .SQLITE_NOMEM, .SQLITE_BUSY, .SQLITE_LOCKED, .SQLITE_PERM:
            return true
        default:
            return false
        }
    }

    /// The vocabulary as stored: every word with its id.
    static func loadVocabulary(_ db: Database) throws -> Vocabulary {
        var vocabulary = Vocabulary()
        let words = try CorpusStore.words(db)
        while let word = try words.next() { vocabulary.load(word: word.word, id: word.wordID) }
        return vocabulary
    }
}
