import Foundation
import XCTest
@testable import FirthKit

/// The n-gram with context: β = 0 and λ = 0 is the n-gram model exactly; every distribution sums
/// to 1; a small case checked against the formula computed here from the n-gram's own scores.
final class ContextLanguageModelTests: XCTestCase {
    static let documents = [
        "The river bank flooded. The water rose over the bank. We fished from the river.",
        "The bank approved the loan. The loan paid the money back. The bank lent money.",
        "We walked to the river. The water was cold.",
    ]

    /// Hand-made unit vectors: water words along x, money words along y, the rest in between.
    func vectors() -> WordVectors {
        let s = Float(0.5).squareRoot()
        let table: [(String, [Float])] = [
            ("river", [1, 0]), ("water", [1, 0]), ("flooded", [0.8, 0.6]), ("fished", [0.8, 0.6]), ("rose", [s, s]),
            ("bank", [s, s]), ("loan", [0, 1]), ("money", [0, 1]), ("approved", [0.6, 0.8]), ("lent", [0.6, 0.8]),
            ("the", [s, s]), ("we", [s, s]),
        ]
        return WordVectors(name: "hand", words: table.map(\.0), vectors: DenseMatrix(table.map(\.1)))
    }

    /// The model's rows are its words' vectors rounded to 8 bits, in model id order,
    /// whatever the embedding's order: the same words in another order, behind a word the model
    /// lacks and before a repeat, must give the same doubles (c is summed in model id order).
    func testTheEmbeddingInAnotherOrderGivesTheSameNumbers() throws {
        let store = try makeStore(self, documents: Self.documents)
        let ngram = try store.languageModel(NGramParameters(order: 3)).model
        var own = vectors()
        own.frequencies = own.words.indices.map { Double($0 + 1) / 100 }
        // The same words in another order, behind a word the model lacks and before a repeat.
        let order = Array(own.words.indices.reversed())
        var rows = [[Float](repeating: 9, count: 2)]
        var words = ["zzz"], frequencies = [0.5]
        for i in order { rows.append(own.vectors.row(i)); words.append(own.words[i]); frequencies.append(own.frequencies![i]) }
        rows.append([1, 0]); words.append("loan"); frequencies.append(0.3)
        var other = WordVectors(name: "hand", words: words, vectors: DenseMatrix(rows))
        other.frequencies = frequencies
        let inPlace = ContextLanguageModel(ngram: ngram, vectors: own)
        let copied = ContextLanguageModel(ngram: ngram, vectors: other)
        XCTAssertEqual(inPlace.vectors.values, copied.vectors.values)
        XCTAssertEqual(inPlace.vectors.scales, copied.vectors.scales)
        XCTAssertEqual(copied.vectors.rows, own.words.count)
        for (r, id) in inPlace.rowWord.enumerated() {
            XCTAssertEqual(inPlace.vectors.row(r), Int8MatrixTests.rounded(try own.vector(for: ngram.vocabulary[Int(id)])))
        }
        XCTAssertEqual(inPlace.historyWeight, copied.historyWeight)
        let state = PromptState(sentences: [["the", "bank", "approved", "the", "loan"], ["the", "river"]], endsSentence: false, model: ngram)
        let a = inPlace.context(history: state.history, sentence: state.sentence.dropFirst())
        let b = copied.context(history: state.history, sentence: state.sentence.dropFirst())
        XCTAssertEqual(a.fit, b.fit)
        XCTAssertEqual(a.factor, b.factor)
        XCTAssertTrue(a.fit.contains { $0 != 0 })
        var first = ContextLanguageModel.Distribution(), second = ContextLanguageModel.Distribution()
        XCTAssertEqual(inPlace.fill(&first, after: state.sentence[...], context: a), copied.fill(&second, after: state.sentence[...], context: b))
        XCTAssertEqual(first.combined, second.combined)
        var sampling = SamplingSettings()
        sampling.seed = 5
        XCTAssertEqual(inPlace.generate(after: state, count: 20, sampling: sampling), copied.generate(after: state, count: 20, sampling: sampling))
    }

    func testWithoutBetaAndCacheItIsTheNGramModel() throws {
        let store = try makeStore(self, documents: Self.documents)
        let ngram = try store.languageModel(NGramParameters(order: 2)).model
        var settings = ContextLanguageModel.Settings()
        settings.beta = 0
        settings.cacheWeight = 0
        let model = ContextLanguageModel(ngram: ngram, vectors: vectors(), settings: settings)
        let history = ngram.ids(of: ["the", "river", "bank", "flooded"])
        let context = model.context(history: history)
        var distribution = ContextLanguageModel.Distribution()
        var plain: [Double] = []
        for prefix in [["<s>"], ["<s>", "the"], ["<s>", "the", "bank"], ["<s>", "nowhere"]] {
            let ids = ngram.ids(of: prefix)
            model.fill(&distribution, after: ids[...], context: context)
            ngram.fillProbabilities(after: ids.suffix(1), into: &plain)
            XCTAssertEqual(distribution.combined, plain, "\(prefix)")
        }
        // The perplexity column equals the n-gram column, token for token.
        let sentences = Self.documents.map { SentenceSplitter(tokenizer: Tokenizer()).sentences(in: $0) }
        let withContext = model.score(documents: sentences)
        let plainScore = PerplexityEvaluation(vocabulary: ngram, columns: [.ngram(ngram)]).evaluate(sentences.flatMap { $0 })[0]
        XCTAssertEqual(withContext.tokens, plainScore.tokens)
        XCTAssertEqual(withContext.log10Probability, plainScore.log10Probability, accuracy: 1e-9)
    }

    func testTheFormulaByHandAndSumsToOne() throws {
        let store = try makeStore(self, documents: Self.documents)
        let ngram = try store.languageModel(NGramParameters(order: 2)).model
        var settings = ContextLanguageModel.Settings()
        settings.beta = 2
        settings.cacheWeight = 0.25
        let space = vectors()
        let model = ContextLanguageModel(ngram: ngram, vectors: space, settings: settings)
        let historyWords = ["the", "bank", "approved", "the", "loan"]
        let history = ngram.ids(of: historyWords)
        let sentence = ngram.ids(of: ["<s>", "the"])
        let context = model.context(history: history)

        // h by hand, from the vectors rounded to 8 bits as the model keeps them: (0.8, 0.6) is
        // 127 and 95 steps of 0.8/127, so 0.6 becomes 0.5984252; (√½, √½) stays: no
        // frequencies, so every history word weighs 1 and the prior is 0.
        func rounded(_ word: String) -> [Float]? { space.vectorIfPresent(word).map(Int8MatrixTests.rounded) }
        XCTAssertEqual(rounded("flooded"), [0.8, 0.5984252])
        XCTAssertEqual(rounded("bank"), [Float(0.5).squareRoot(), Float(0.5).squareRoot()])
        var h: [Float] = [0, 0]
        for w in historyWords { let v = rounded(w)!; h[0] += v[0]; h[1] += v[1] }
        let norm = (h[0] * h[0] + h[1] * h[1]).squareRoot()
        h = h.map { $0 / norm }
        func fit(_ word: String) -> Double {
            guard let v = rounded(word) else { return 0 }
            return Double(v[0] * h[0] + v[1] * h[1])
        }
        var z = 0.0
        for word in ngram.vocabulary where word != "<s>" {
            z += pow(10, ngram.log10Probability(of: ngram.id(of: word), after: sentence.suffix(1))) * exp(2 * fit(word))
        }
        var cache: [String: Double] = [:]
        for w in historyWords + ["the"] { cache[w, default: 0] += 1 }
        var distribution = ContextLanguageModel.Distribution()
        model.fill(&distribution, after: sentence[...], context: context)
        XCTAssertEqual(distribution.combined.reduce(0, +), 1, accuracy: 1e-12)
        for word in ["loan", "river", "money", "</s>", "<unk>", "bank"] {
            let id = ngram.id(of: word)
            let kn = pow(10, ngram.log10Probability(of: id, after: sentence.suffix(1)))
            let expected = 0.75 * kn * exp(2 * fit(word)) / z + 0.25 * (cache[word] ?? 0) / 6
            XCTAssertEqual(distribution.combined[Int(id)], expected, accuracy: 1e-7, word)   // cosines in float32
            XCTAssertEqual(Double(context.fit[Int(id)]), fit(word), accuracy: 1e-6, word)
        }
        // Money words gain after a money history, water words lose.
        let money = ngram.id(of: "money"), river = ngram.id(of: "river")
        XCTAssertGreaterThan(distribution.combined[Int(money)] / distribution.ngram[Int(money)],
                             distribution.combined[Int(river)] / distribution.ngram[Int(river)])
        // Sums to 1 after other prefixes and histories too, batched or one by one.
        let histories = [[], ngram.ids(of: ["we", "fished"]), ngram.ids(of: ["unknown", "words"]), history]
        let batched = model.contexts(histories: histories)
        for (k, history) in histories.enumerated() {
            for (a, b) in zip(batched[k].fit, model.context(history: history).fit) { XCTAssertEqual(a, b, accuracy: 1e-6) }
            for prefix in [["<s>"], ["<s>", "river"], ["<s>", "the", "bank", "nowhere"]] {
                model.fill(&distribution, after: ngram.ids(of: prefix)[...], context: batched[k])
                XCTAssertEqual(distribution.combined.reduce(0, +), 1, accuracy: 1e-12, "\(history) \(prefix)")
            }
        }
        // The perplexity path (Z from the sparse n-gram) equals the dense distribution, token for token.
        let document = SentenceSplitter(tokenizer: Tokenizer()).sentences(in: Self.documents[1] + " " + Self.documents[0])
        let scored = model.score(documents: [document], batch: 2)
        var expected = 0.0
        var before: [Int32] = []
        for words in document {
            let ids = ngram.sentenceIDs(words)
            let sentenceContext = model.context(history: before)
            for i in 1..<ids.count {
                model.fill(&distribution, after: ids[0..<i], context: sentenceContext)
                expected += log10(distribution.combined[Int(ids[i])])
            }
            before += ids.dropFirst().dropLast()
        }
        // The batch's cosines come from one sgemm, each single history's from one sgemv: the same
        // float32 dot products summed in another order. For unit vectors of d dimensions each cosine
        // may move by 2γ_d (γ_d = d·u/(1 − d·u), u = 2⁻²⁴), and s(w) = cos − prior by 4u more for its
        // two float32 subtractions; ln P_sem moves by at most β|Δs(w)| + |Δ ln Z| ≤ 2β·max|Δs|, and
        // the cache's mixing does not add to that relative change. So per token, in log10:
        let u = Double(Float.ulpOfOne) / 2, d = Double(space.dimensions)
        let perToken = log10(M_E) * 2 * settings.beta * (2 * d * u / (1 - d * u) + 4 * u)
        XCTAssertEqual(scored.log10Probability + scored.log10ProbabilityOfOOVs, expected,
                       accuracy: 1e-9 + Double(scored.tokens) * perToken)
        XCTAssertEqual(scored.tokens, document.joined().count + document.count)

        // The clue of "money" after the money history is a money word.
        XCTAssertEqual(model.clue(for: money, in: context).map { ngram.vocabulary[Int($0.word)] }, "loan")
    }

    func testPredictionAndGeneration() throws {
        let store = try makeStore(self, documents: Self.documents)
        let ngram = try store.languageModel(NGramParameters(order: 3)).model
        let model = ContextLanguageModel(ngram: ngram, vectors: vectors())
        let splitter = SentenceSplitter(tokenizer: Tokenizer())
        let state = PromptState(sentences: splitter.sentences(in: "The bank approved the loan. The"), endsSentence: false, model: ngram)
        XCTAssertEqual(state.sentence, ngram.ids(of: ["<s>", "the"]))
        let (candidates, total) = model.nextWords(after: state, top: 5)
        XCTAssertEqual(total, 1, accuracy: 1e-12)
        XCTAssertEqual(candidates.count, 5)
        XCTAssertEqual(candidates.map(\.combined), candidates.map(\.combined).sorted(by: >))

        var sampling = SamplingSettings()
        sampling.seed = 42
        let first = model.generate(after: state, count: 12, sampling: sampling)
        let again = model.generate(after: state, count: 12, sampling: sampling)
        XCTAssertEqual(first, again)
        XCTAssertEqual(first.count, 12)
        XCTAssertFalse(first.contains { $0.candidate.word == "<unk>" || $0.candidate.word == "<s>" })
        sampling.temperature = 0
        let greedy = model.generate(after: state, count: 1, sampling: sampling)
        XCTAssertEqual(greedy.first?.candidate.word, candidates.first { $0.word != "<unk>" }?.word)
        sampling.stopAtSentenceEnd = true
        sampling.temperature = 1
        var stopped = 0
        for seed in 1...20 as ClosedRange<UInt64> {
            sampling.seed = seed
            let sentence = model.generate(after: state, count: 30, sampling: sampling)
            XCTAssertLessThanOrEqual(sentence.filter(\.endsSentence).count, 1)
            if sentence.count < 30 { XCTAssertTrue(sentence.last!.endsSentence) }
            if sentence.last?.endsSentence == true { stopped += 1 }
        }
        XCTAssertGreaterThan(stopped, 0, "no seed ended a sentence within 30 words")

        let unknown = PromptState(sentences: [["zzz", "qqq"]], endsSentence: false, model: ngram)
        XCTAssertTrue(unknown.knowsNothing)
        XCTAssertEqual(unknown.unknownWords, ["zzz", "qqq"])

        var bad = ContextLanguageModel.Settings()
        bad.beta = -1
        XCTAssertThrowsError(try bad.validate())
    }
}
