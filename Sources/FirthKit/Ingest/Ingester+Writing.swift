import Foundation

/// The writer queue: each short document's transaction runs on a second core while the next
/// document is read and tokenized.
extension Ingester {
    /// One document's transaction, run on the writer queue (a second core) from its creation.
    final class PendingWrite: @unchecked Sendable {
        // @unchecked: `error` is set on the writer queue before `done` is signalled, and read
        // only after waiting for that signal.
        let document: PreparedDocument
        /// The vocabulary's size before this document's new words.
        let vocabularySize: Int
        private let done = DispatchSemaphore(value: 0)
        private var error: (any Error)?

        private static let writer = DispatchQueue(label: "firth.ingest.writer")

        init(_ document: PreparedDocument, vocabularySize: Int, store: CorpusStore) {
            self.document = document
            self.vocabularySize = vocabularySize
            // The write is handed over and released before `done` is signalled: a block that
            // still held the store after the signal kept its writer lock a moment after the
            // ingest returned, and a writer opened right then was refused.
            let write = TakeOnce<@Sendable () -> (any Error)?> {
                do {
                    try store.ingestWrite { try Ingester.write(document, $0) }
                    return nil
                } catch {
                    return error
                }
            }
            Self.writer.async { [self] in
                error = write.take()?() ?? nil
                done.signal()
            }
        }

        /// Waits for the transaction; nil if it committed.
        func wait() -> (any Error)? {
            done.wait()
            return error
        }
    }

    /// A short document's words as rows for `tokens`, with what `words` needs: held whole
    /// until its transaction commits, at most ``tokensPerChunk`` tokens (a longer document is
    /// written in chunks, see ``addLongDocument``). Four bytes per token and per sentence number.
    struct TokenizedDocument: Sendable {
        var ids: [Int32] = []
        /// The sentence of each token, counted from the document's first.
        var sentences: [Int32] = []
        var sentenceCount = 0
        /// Each word id the document uses, with how often, in order of first use.
        var frequencies: [(id: Int64, count: Int64)] = []
    }

    /// A document ready to be written in one transaction.
    struct PreparedDocument: Sendable {
        var source: String
        var collection: String
        var contentHash: Int64
        var text: String
        var metadata: String?
        var encoding: TextDecoding.Encoding
        /// Whether only a document from the same source counts as a duplicate (keepDuplicates).
        var sameSourceOnly: Bool
        var tokens: TokenizedDocument
        /// The words first seen in this document, with the ids they were given.
        var newWords: [(id: Int64, word: String)]
        /// The largest word id stored when the document was tokenized: its new words' ids
        /// follow it, so the write checks that it still is the largest.
        var lastWordIDBefore: Int64
    }

    /// Writes `document` in the current transaction: its row in `documents`, its new words, its
    /// tokens, and the counts of the words it uses.
    ///
    /// Everything the document is written against is read here, inside the transaction: its
    /// position and first sentence follow the last stored document, and it is refused
    /// (``WriteConflict``) when its text is already stored or when the words table gained words
    /// since the document was tokenized (its new words' ids would then be somebody else's).
    static func write(_ document: PreparedDocument, _ transaction: IngestTransaction) throws {
        let tokens = document.tokens
        if let existing = try transaction.storedDocument(hash: document.contentHash, text: document.text,
                                                         source: document.sameSourceOnly ? document.source : nil) {
            throw WriteConflict.alreadyStored(existing)
        }
        guard try transaction.lastWordID() == document.lastWordIDBefore else { throw WriteConflict.staleVocabulary }
        let slot = try transaction.nextDocumentSlot()
        let first = slot.firstPosition
        try transaction.insertDocument(source: document.source, collection: document.collection, contentHash: document.contentHash,
                                       text: document.text, metadata: document.metadata, encoding: document.encoding,
                                       firstPosition: first, tokenCount: tokens.ids.count, firstSentence: slot.firstSentence,
                                       sentenceCount: tokens.sentenceCount)
        try transaction.insertWords(document.newWords)
        try transaction.insertTokens(first: first, firstSentence: slot.firstSentence, ids: tokens.ids, sentences: tokens.sentences)
        try transaction.addCounts(tokens.frequencies)
    }
}
