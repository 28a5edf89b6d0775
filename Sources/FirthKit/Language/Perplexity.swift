import Foundation

/// One model's scores on held-out sentences, counted the way KenLM's `query` counts them.
///
/// Every word and each sentence's `</s>` is a token; `<s>` is context only. A word the model's
/// vocabulary lacks is scored as `<unk>` but counted apart, as an OOV: the perplexity leaves the
/// OOVs out (KenLM's "perplexity excluding OOVs"), since a model with a larger `<unk>` share
/// would otherwise look better for knowing fewer words; ``perplexityIncludingOOVs`` keeps them.
public struct PerplexityScore: Sendable, Equatable {
    /// The model's name, e.g. `unigram`, `3-gram`.
    public var model: String
    public var sentences = 0
    /// Words and `</s>`s scored, OOVs included.
    public var tokens = 0
    /// Words not in the vocabulary.
    public var oovs = 0
    /// Σ log10 P over the tokens that are not OOVs.
    public var log10Probability = 0.0
    /// Σ log10 P over the OOVs (scored as `<unk>`).
    public var log10ProbabilityOfOOVs = 0.0

    public init(model: String) { self.model = model }

    /// 10^(−Σ log10 P / N) over the N tokens that are not OOVs.
    public var perplexity: Double { pow(10, -log10Probability / Double(max(tokens - oovs, 1))) }
    /// The same with the OOVs scored as `<unk>` and counted.
    public var perplexityIncludingOOVs: Double {
        pow(10, -(log10Probability + log10ProbabilityOfOOVs) / Double(max(tokens, 1)))
    }
    /// Bits per token: log2 of the perplexity.
    public var crossEntropy: Double { log2(perplexity) }
    /// OOVs per word (`</s>` not counted).
    public var oovRate: Double { Double(oovs) / Double(max(tokens - sentences, 1)) }
}

/// One column of a perplexity report: a model that scores each word of a sentence given
/// everything before it.
///
/// `score(ids, i)` is log10 P(ids[i] | ids[0..<i]) for a sentence `ids` = `<s>` w₁ … wₙ `</s>`
/// in the vocabulary of the report's ``NGramModel``, i from 1 to n+1. An n-gram model looks at
/// the last order−1 ids; a model of the whole history can use them all.
public struct PerplexityColumn: Sendable {
    public var name: String
    public var score: @Sendable (_ ids: [Int32], _ position: Int) -> Double

    public init(name: String, score: @escaping @Sendable (_ ids: [Int32], _ position: Int) -> Double) {
        self.name = name
        self.score = score
    }

    /// An n-gram model's column: `unigram` for order 1, else `N-gram`.
    public static func ngram(_ model: NGramModel, name: String? = nil) -> PerplexityColumn {
        PerplexityColumn(name: name ?? (model.order == 1 ? "unigram" : "\(model.order)-gram")) { ids, i in
            model.log10Probability(of: ids[i], after: ids[max(0, i - model.order + 1)..<i])
        }
    }
}

/// Scores held-out sentences under several models side by side (unigram, n-gram, and any
/// model added as a ``PerplexityColumn``), with one vocabulary deciding what is an OOV.
///
/// ```swift
/// let evaluation = PerplexityEvaluation(vocabulary: trigram, columns: [.ngram(unigram), .ngram(trigram)])
/// for score in evaluation.evaluate(sentences) { print(score.model, score.perplexity) }
/// ```
public struct PerplexityEvaluation: Sendable {
    /// The model whose vocabulary maps words to ids and decides which are OOVs.
    public var vocabulary: NGramModel
    public var columns: [PerplexityColumn]

    public init(vocabulary: NGramModel, columns: [PerplexityColumn]) {
        self.vocabulary = vocabulary
        self.columns = columns
    }

    /// One score per column, in column order.
    public func evaluate(_ sentences: [[String]]) -> [PerplexityScore] {
        var scores = columns.map { PerplexityScore(model: $0.name) }
        for words in sentences where !words.isEmpty {
            let ids = vocabulary.sentenceIDs(words)
            let isOOV = [false] + words.map { !vocabulary.contains($0) } + [false]
            for (c, column) in columns.enumerated() {
                scores[c].sentences += 1
                for i in 1..<ids.count {
                    let score = column.score(ids, i)
                    scores[c].tokens += 1
                    if isOOV[i] {
                        scores[c].oovs += 1
                        scores[c].log10ProbabilityOfOOVs += score
                    } else {
                        scores[c].log10Probability += score
                    }
                }
            }
        }
        return scores
    }
}
