import Foundation

/// One document at a time: tokenized while the one before it is written, checked against
/// what is stored, handed to the writer queue.
extension Ingester {
    /// 64-bit FNV-1a: a fast index for deduplication; equality of the stored text decides.
    static func contentHash(_ text: String) -> Int64 {
        var text = text
        return text.withUTF8 { Int64(bitPattern: FNV1a.hash($0)) }
    }

    /// Stores one document: tokenized here, while the document before it is still being written
    /// on the writer queue, then written there while the caller reads the next input.
    ///
    /// The word ids given while tokenizing assume the document before gets stored. If it does
    /// not, ``settle()`` takes its words back and this document is tokenized again, so every
    /// stored document has the ids, positions and sentence numbers a one-at-a-time ingest gives.
    func addDocument(text: String, source: String, collection: String, metadata: String?,
                     encoding: TextDecoding.Encoding) {
        guard fatal == nil else { return }
        let hash = Self.contentHash(text)
        if text.utf8.count / 2 + 1 > tokensPerChunk {
            addLongDocument(text: text, hash: hash, source: source, collection: collection, metadata: metadata, encoding: encoding)
            return
        }
        var vocabularySize = vocabulary.count
        var tokens: TokenizedDocument?
        if pending != nil {
            tokens = Self.tokenize(text, with: tokenizer, vocabulary: &vocabulary, wordCounts: &wordCounts)
            if !settle() { tokens = nil }
        }
        guard fatal == nil else { return }
        // A first duplicate check, to skip tokenizing a document already stored; the write
        // transaction checks again, since another writer may store the same text meanwhile.
        let sameSource = options.keepDuplicates ? source : nil
        do {
            if let existing = try store.ingestRead({ try $0.storedDocument(hash: hash, text: text, source: sameSource) }) {
                vocabulary.removeEntries(from: vocabularySize)
                skipDuplicate(source: source, of: existing)
                return
            }
        } catch {
            vocabulary.removeEntries(from: vocabularySize)
            stop(error, source: source)
            return
        }
        if tokens == nil {
            vocabularySize = vocabulary.count
            tokens = Self.tokenize(text, with: tokenizer, vocabulary: &vocabulary, wordCounts: &wordCounts)
        }
        guard let tokens, !tokens.ids.isEmpty else {
            warning("\(source): has no words; skipped")
            return
        }
        let newWords = (vocabularySize..<vocabulary.count).map { (id: vocabulary.id(of: $0), word: vocabulary.word(of: $0)) }
        let document = PreparedDocument(
            source: source, collection: collection, contentHash: hash, text: text, metadata: metadata,
            encoding: encoding, sameSourceOnly: options.keepDuplicates, tokens: tokens, newWords: newWords,
            lastWordIDBefore: vocabulary.nextID - 1 - Int64(newWords.count))
        pending = PendingWrite(document, vocabularySize: vocabularySize, store: store)
    }

    /// Waits for the document being written, if any, and records how it went.
    ///
    /// - Returns: false if it was not stored; its new words are then taken back (and with them
    ///   any the caller has given out since, which it must give out again).
    @discardableResult
    func settle() -> Bool {
        guard let write = pending else { return true }
        pending = nil
        let outcome = finish(write.document, vocabularySize: write.vocabularySize, error: write.wait())
        guard let stored = outcome.stored else { return false }
        report.documentsAdded += 1
        report.tokensAdded += stored.tokens.ids.count
        largestTokenBuffer = max(largestTokenBuffer, stored.tokens.ids.count)
        reportProgress()
        return outcome.vocabularyKept
    }

    func reportProgress() {
        let seconds = max(Date().timeIntervalSince(started), 0.001)
        progress.update("\(grouped(report.documentsAdded)) documents, \(grouped(report.tokensAdded)) tokens, "
            + String(format: "%.1f MB/s", Double(report.bytesRead) / 1e6 / seconds))
    }

    /// Tokenizes a short `text` whole, giving new words the next ids of `vocabulary`.
    static func tokenize(_ text: String, with tokenizer: Tokenizer,
                         vocabulary: inout Vocabulary, wordCounts: inout [Int32]) -> TokenizedDocument {
        var document = TokenizedDocument()
        let totals = tokenize(text, with: tokenizer, vocabulary: &vocabulary, wordCounts: &wordCounts,
                              tokensPerChunk: .max) { (chunk) throws(Never) in
            (document.ids, document.sentences) = (chunk.ids, chunk.sentences)
        }
        document.sentenceCount = totals.sentenceCount
        document.frequencies = totals.frequencies
        return document
    }
}
