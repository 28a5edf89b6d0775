import Foundation

/// One word in several contexts: its contextual vectors, how alike they are, and their neighbours.
///
/// The question attention answers: is "bank" in "we fished from the river bank" the same as in
/// "the bank raised its interest rate"? A static vector says yes (cosine 1); contextual vectors
/// after attention say how far apart the two uses are.
///
/// ```swift
/// let senses = try ContextualSenses(word: "bank", contexts: ["we fished from the river bank",
///                                                           "the bank raised its interest rate"],
///                                   attention: SentenceAttention(space: vectors), tokenizer: tokenizer)
/// senses.cosine(0, 1)          // well below 1
/// senses.neighbors(count: 5, in: vectors)[0]   // river, water, …
/// ```
public struct ContextualSenses {
    public struct Context {
        public var sentence: String
        /// The target's row in the attention result.
        public var row: Int
        public var result: SentenceAttention.Result
        public var vector: [Float] { result.contextual(of: row) }
    }

    public var word: String
    public var contexts: [Context]
    /// The static vector of the word, for comparison.
    public var staticVector: [Float]

    /// - Throws: ``FirthError/unknownWord(_:suggestions:)`` if the word has no vector, and
    ///   ``FirthError/badInput(location:reason:)`` naming a context that does not contain it.
    public init(word: String, contexts: [String], attention: SentenceAttention, tokenizer: Tokenizer) throws {
        let target = tokenizer.words(word).first ?? word
        guard let staticVector = attention.space.vectorIfPresent(target) else {
            throw FirthError.unknownWord(target, suggestions: [])
        }
        self.word = target
        self.staticVector = staticVector.map { $0 / max(staticVector.reduce(0) { $0 + $1 * $1 }.squareRoot(), .leastNormalMagnitude) }
        self.contexts = try contexts.enumerated().map { n, sentence in
            let tokens = tokenizer.words(sentence)
            let result = attention.attend(tokens)
            guard let row = result.positions.firstIndex(where: { tokens[$0] == target }) else {
                throw FirthError.badInput(location: "context \(n + 1)", reason: "'\(sentence)' does not contain '\(target)'")
            }
            return Context(sentence: sentence, row: row, result: result)
        }
    }

    /// The cosine between the word's contextual vectors in contexts `a` and `b`.
    public func cosine(_ a: Int, _ b: Int) -> Float { dot(contexts[a].vector, contexts[b].vector) }

    /// The nearest vocabulary words to the word's vector in each context, other than the words
    /// of that context (the contextual vector contains them by construction).
    public func neighbors(count: Int, in space: any VectorSpace) -> [[WordVectors.Neighbor]] {
        contexts.map { space.nearestWords(to: $0.vector, count: count, excluding: Set($0.result.tokens + [word])) }
    }
}
