import Foundation

/// Documents longer than a chunk of tokens: tokenized and written a chunk at a time inside
/// their one transaction, so memory stays bounded by the text plus one chunk, not by the
/// document's token count.
///
/// A short document is tokenized whole while the one before it is written (see
/// `addDocument`); a long one cannot be, since its tokens would be held at once (8 bytes a
/// token: 320 MB for a 200 MB one-line file of 40 M tokens). It is tokenized inside its write
/// transaction instead: every ``tokensPerChunk`` tokens, the new words and the chunk's tokens
/// are inserted and the buffers are reused; its `documents` row follows the last chunk. A
/// crash or `kill -9` still leaves the document fully in or absent, and the stored rows are
/// those the whole-document path writes (same ids, positions and sentence numbers).
extension Ingester {
    /// Tokens buffered at most, per document, before they are written: 16 MiB of ids and
    /// sentence numbers. A document whose text could hold more (two bytes or more a token)
    /// takes the chunked path.
    static let defaultTokensPerChunk = 1 << 21

    /// Tokens of one document as they are written: a chunk, or a whole short document.
    struct TokenChunk {
        var ids: [Int32] = []
        /// The sentence of each token, counted from the document's first.
        var sentences: [Int32] = []
        /// The words first seen since the previous chunk, with the ids they were given.
        var newWords: [(id: Int64, word: String)] = []
    }

    /// What a whole document's tokenization adds up to.
    struct TokenTotals {
        var tokenCount = 0
        var sentenceCount = 0
        /// Each word id the document uses, with how often, in order of first use.
        var frequencies: [(id: Int64, count: Int64)] = []
    }

    /// Tokenizes `text`, giving new words the next ids of `vocabulary`, and hands the tokens
    /// to `flush` in chunks of `tokensPerChunk` (the last one shorter; none for a text without
    /// words). Chunks are cut between tokens, so a word is never split.
    ///
    /// A static function over `inout` state, so the per-token work touches no class property
    /// (each such access would be a dynamic exclusivity check). `wordCounts` is all zero on
    /// entry and on return. After `flush` throws, the rest of the text is passed over and the
    /// error is thrown.
    static func tokenize<E: Error>(_ text: String, with tokenizer: Tokenizer, vocabulary: inout Vocabulary,
                                   wordCounts: inout [Int32], tokensPerChunk: Int,
                                   flush: (TokenChunk) throws(E) -> Void) throws(E) -> TokenTotals {
        var chunk = TokenChunk()
        // A word takes at least two bytes with its separator, so a short document's arrays
        // never grow; pages reserved beyond the last token are never touched and cost no memory.
        let capacity = min(tokensPerChunk, text.utf8.count / 2 + 1)
        chunk.ids.reserveCapacity(capacity)
        chunk.sentences.reserveCapacity(capacity)
        var totals = TokenTotals()
        var used: [Int] = []
        var flushedEntries = vocabulary.count
        var failure: E?
        func emit(_ vocabulary: Vocabulary) {
            chunk.newWords = (flushedEntries..<vocabulary.count).map { (vocabulary.id(of: $0), vocabulary.word(of: $0)) }
            flushedEntries = vocabulary.count
            do throws(E) { try flush(chunk) } catch { failure = error }
            chunk.ids.removeAll(keepingCapacity: true)
            chunk.sentences.removeAll(keepingCapacity: true)
        }
        tokenizer.forEachWord(in: text) { word, sentence in
            guard failure == nil else { return }
            let entry: Int
            switch word {
            case .ascii(let bytes): entry = vocabulary.entry(ascii: bytes).entry
            case .unicode(let string): entry = vocabulary.entry(of: string).entry
            }
            if entry >= wordCounts.count { wordCounts.append(contentsOf: repeatElement(0, count: entry + 1 - wordCounts.count)) }
            if wordCounts[entry] == 0 { used.append(entry) }
            wordCounts[entry] += 1
            chunk.ids.append(Int32(vocabulary.id(of: entry)))
            chunk.sentences.append(Int32(sentence))
            totals.tokenCount += 1
            totals.sentenceCount = sentence + 1
            if chunk.ids.count == tokensPerChunk { emit(vocabulary) }
        }
        if failure == nil && !chunk.ids.isEmpty { emit(vocabulary) }
        totals.frequencies = used.map { (vocabulary.id(of: $0), Int64(wordCounts[$0])) }
        for entry in used { wordCounts[entry] = 0 }
        if let failure { throw failure }
        return totals
    }

    /// How a long document's transaction ended.
    private enum LongDocumentOutcome {
        case stored(tokens: Int)
        case duplicate(StoredDocument)
        case empty
    }

    /// Stores a document too long to hold all its tokens: tokenized and written in chunks in
    /// one transaction, after the document before it is settled. The vocabulary is checked
    /// against `words` inside the transaction (and read again if another writer added words),
    /// so the ids are right the first time and no retry is needed.
    func addLongDocument(text: String, hash: Int64, source: String, collection: String, metadata: String?,
                         encoding: TextDecoding.Encoding) {
        settle()
        guard fatal == nil else { return }
        let sameSource = options.keepDuplicates ? source : nil
        let tokensPerChunk = self.tokensPerChunk
        var vocabularySize = vocabulary.count
        var largest = 0
        do {
            let outcome = try store.ingestWrite { transaction -> LongDocumentOutcome in
                if let existing = try transaction.storedDocument(hash: hash, text: text, source: sameSource) {
                    return .duplicate(existing)
                }
                if try transaction.lastWordID() != vocabulary.nextID - 1 {
                    vocabulary = try transaction.vocabulary()
                }
                vocabularySize = vocabulary.count
                let slot = try transaction.nextDocumentSlot()
                var written: Int64 = 0
                let totals = try Self.tokenize(text, with: tokenizer, vocabulary: &vocabulary, wordCounts: &wordCounts,
                                               tokensPerChunk: tokensPerChunk) { (chunk) throws(any Error) in
                    largest = max(largest, chunk.ids.count)
                    try transaction.insertWords(chunk.newWords)
                    try transaction.insertTokens(first: slot.firstPosition + written, firstSentence: slot.firstSentence,
                                                 ids: chunk.ids, sentences: chunk.sentences)
                    written += Int64(chunk.ids.count)
                }
                guard totals.tokenCount > 0 else { return .empty }
                try transaction.insertDocument(source: source, collection: collection, contentHash: hash, text: text,
                                               metadata: metadata, encoding: encoding, firstPosition: slot.firstPosition,
                                               tokenCount: totals.tokenCount, firstSentence: slot.firstSentence,
                                               sentenceCount: totals.sentenceCount)
                try transaction.addCounts(totals.frequencies)
                return .stored(tokens: totals.tokenCount)
            }
            largestTokenBuffer = max(largestTokenBuffer, largest)
            switch outcome {
            case .stored(let tokens):
                report.documentsAdded += 1
                report.tokensAdded += tokens
                reportProgress()
            case .duplicate(let existing):
                skipDuplicate(source: source, of: existing)
            case .empty:
                warning("\(source): has no words; skipped")
            }
        } catch {
            vocabulary.removeEntries(from: vocabularySize)
            stop(error, source: source)
        }
    }
}
