import Foundation

/// Splits text into the sentences a language model reads, the way the corpus was split.
///
/// The words come from the corpus's own ``Tokenizer`` (same case folding, same hyphens). A
/// sentence ends where the tokenizer ends one (`.`, `!`, `?`, a blank line), or — with
/// `sentencePerLine` — at every line end, the convention of KenLM and of many corpora. The
/// model wraps each sentence in `<s>` … `</s>`: ``NGramModel/sentenceIDs(_:)``.
///
/// ```swift
/// let splitter = SentenceSplitter(tokenizer: try store.tokenizer())
/// splitter.sentences(in: "In the beginning. God created")   // [["in", "the", "beginning"], ["god", "created"]]
/// ```
public struct SentenceSplitter: Sendable {
    public var tokenizer: Tokenizer
    /// One sentence per line, whatever the punctuation.
    public var sentencePerLine: Bool

    public init(tokenizer: Tokenizer, sentencePerLine: Bool = false) {
        self.tokenizer = tokenizer
        self.sentencePerLine = sentencePerLine
    }

    /// The sentences of `text`, each a list of words; empty sentences are left out.
    public func sentences(in text: String) -> [[String]] {
        var reader = tokenizer
        reader.sentencePerLine = sentencePerLine
        var sentences: [[String]] = []
        var current: [String] = []
        var number = 0
        reader.forEachToken(in: text) { word, sentence in
            if sentence != number, !current.isEmpty { sentences.append(current); current = [] }
            number = sentence
            current.append(word)
        }
        if !current.isEmpty { sentences.append(current) }
        return sentences
    }
}

extension NGramModel {
    /// A sentence as the model reads it: `<s>`, the words' ids (unknown words as `<unk>`), `</s>`.
    public func sentenceIDs(_ words: [String]) -> [Int32] {
        [beginID] + ids(of: words) + [endID]
    }
}
