import Foundation
import XCTest
@testable import FirthKit

/// Generation reuses its buffers and keeps the cache's counts up to date word by word
/// (``NextWordWorkspace``). Every generated word and every number of its row must be exactly
/// what the plain path gives: a fresh ``ContextLanguageModel/context(history:sentence:)``, a
/// ``ContextLanguageModel/fill(_:after:context:)`` and a ``ContextLanguageModel/draw(from:sampling:random:)``
/// per word, as `generate` was written before.
final class NextWordWorkspaceTests: XCTestCase {
    /// The plain path, one word at a time.
    func reference(_ model: ContextLanguageModel, after start: PromptState, count: Int, sampling: SamplingSettings) -> [GeneratedWord] {
        let ngram = model.ngram
        var state = start
        var random = SplitMix64(seed: sampling.seed)
        var distribution = ContextLanguageModel.Distribution()
        var words: [GeneratedWord] = []
        while words.count < count {
            let context = model.context(history: state.history, sentence: state.sentence.dropFirst())
            let z = model.fill(&distribution, after: state.sentence[...], context: context)
            var p = distribution.combined
            p[Int(ngram.beginID)] = 0
            p[Int(ngram.unknownID)] = 0
            let w = ContextLanguageModel.draw(from: p, sampling: sampling, random: &random)
            let (counts, cacheTotal) = model.cacheCounts(context, prefix: state.sentence.dropFirst())
            words.append(GeneratedWord(candidate: NextWordCandidate(
                word: ngram.vocabulary[w], ngram: distribution.ngram[w], fit: Double(context.fit[w]),
                contextFactor: context.factor.map { $0[w] / z } ?? 1,
                cache: cacheTotal > 0 ? Double(counts[Int32(w)] ?? 0) / Double(cacheTotal) : 0,
                combined: distribution.combined[w],
                clue: model.clue(for: Int32(w), in: context).map { ngram.vocabulary[Int($0.word)] })))
            if Int32(w) == ngram.endID {
                state.history += state.sentence.dropFirst()
                state.sentence = [ngram.beginID]
                if sampling.stopAtSentenceEnd { break }
            } else {
                state.sentence.append(Int32(w))
            }
        }
        return words
    }

    func testGenerationEqualsThePlainPathExactly() throws {
        let store = try makeStore(self, documents: ContextLanguageModelTests.documents)
        let ngram = try store.languageModel(NGramParameters(order: 3)).model
        // ContextLanguageModelTests' hand-made vectors: water words along x, money words along y.
        let r = Float(0.5).squareRoot()
        let table: [(String, [Float])] = [
            ("river", [1, 0]), ("water", [1, 0]), ("flooded", [0.8, 0.6]), ("fished", [0.8, 0.6]), ("rose", [r, r]),
            ("bank", [r, r]), ("loan", [0, 1]), ("money", [0, 1]), ("approved", [0.6, 0.8]), ("lent", [0.6, 0.8]),
            ("the", [r, r]), ("we", [r, r]),
        ]
        var vectors = WordVectors(name: "hand", words: table.map(\.0), vectors: DenseMatrix(table.map(\.1)))
        vectors.frequencies = table.indices.map { Double($0 + 1) / 100 }    // so that the weights and the prior are not trivial
        let splitter = SentenceSplitter(tokenizer: Tokenizer())
        let prompts = [
            PromptState(sentences: splitter.sentences(in: "The bank approved the loan. The"), endsSentence: false, model: ngram),
            PromptState(sentences: splitter.sentences(in: "We fished from the river."), endsSentence: true, model: ngram),
            PromptState(sentences: [], endsSentence: true, model: ngram),
        ]
        var settingsList: [ContextLanguageModel.Settings] = []
        for (beta, lambda, history, cache) in [(4.5, 0.2, 200, 3000), (0.0, 0.2, 200, 3000), (2.0, 0.0, 3, 2), (3.0, 0.5, 2, 4)] {
            var s = ContextLanguageModel.Settings()
            s.beta = beta
            s.cacheWeight = lambda
            s.historyLength = history
            s.cacheLength = cache
            settingsList.append(s)
        }
        var samplings: [SamplingSettings] = []
        for (temperature, topK, topP) in [(1.0, nil, nil), (0.7, nil, nil), (0.0, nil, nil), (1.0, 4, nil), (1.3, nil, 0.8)] as [(Double, Int?, Double?)] {
            var s = SamplingSettings()
            s.temperature = temperature
            s.topK = topK
            s.topP = topP
            samplings.append(s)
        }
        var sentenceEnds = 0
        for settings in settingsList {
            let model = ContextLanguageModel(ngram: ngram, vectors: vectors, settings: settings)
            for state in prompts {
                for var sampling in samplings {
                    for seed in [1, 7, 42] as [UInt64] {
                        sampling.seed = seed
                        let fast = model.generate(after: state, count: 25, sampling: sampling)
                        XCTAssertEqual(fast, reference(model, after: state, count: 25, sampling: sampling),
                                       "β \(settings.beta) λ \(settings.cacheWeight) T \(sampling.temperature) seed \(seed)")
                        sentenceEnds += fast.filter(\.endsSentence).count
                    }
                }
            }
        }
        XCTAssertGreaterThan(sentenceEnds, 0, "no generated sentence ended: the cache's recount was not exercised")
    }

    /// With an embedding large enough for the product to be split over threads, s(w) and exp(β s(w))
    /// are made inside each part (`ContextLanguageModel.fillFitAndFactor`): still the plain
    /// path's numbers and words exactly.
    func testALargeEmbeddingSplitOverThreadsGivesThePlainPathsWords() throws {
        // 4,500 made-up words (letters only), in sentences of 12 drawn with a fixed seed.
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        let names = (0..<4_500).map { i in "z" + String([letters[i / 676 % 26], letters[i / 26 % 26], letters[i % 26]]) }
        var random = SplitMix64(seed: 9)
        let documents = (0..<20).map { _ in
            (0..<40).map { _ in (0..<12).map { _ in names[Int(random.next() % 4_500)] }.joined(separator: " ") + "." }.joined(separator: " ")
        } + [names.joined(separator: " ") + "."]
        let store = try makeStore(self, documents: documents)
        let ngram = try store.languageModel(NGramParameters(order: 3)).model
        let d = 260
        let rows = (0..<names.count).map { _ in (0..<d).map { _ in Float(Double(random.next() >> 11) / Double(1 << 53) - 0.5) } }
        var vectors = WordVectors(name: "random", words: names, vectors: DenseMatrix(rows))
        vectors.frequencies = names.indices.map { Double($0 % 50 + 1) / 10_000 }
        let model = ContextLanguageModel(ngram: ngram, vectors: vectors)
        XCTAssertGreaterThanOrEqual(model.vectors.rows * model.vectors.columns, 1 << 20, "small enough for one thread")
        XCTAssertGreaterThanOrEqual(model.vectors.rows / 2_048, 2)
        let state = PromptState(sentences: [Array(names.prefix(30)), Array(names.suffix(5))], endsSentence: false, model: ngram)
        for seed in [1, 2] as [UInt64] {
            var sampling = SamplingSettings()
            sampling.seed = seed
            XCTAssertEqual(model.generate(after: state, count: 12, sampling: sampling), reference(model, after: state, count: 12, sampling: sampling))
        }
    }

    /// The next-word table's partial selection gives the order of a full sort.
    func testTopSelectionIsTheSortedPrefix() {
        var random = SplitMix64(seed: 3)
        let values = (0..<500).map { _ in Double(random.next() % 50) / 7 }   // many ties
        let sorted = values.indices.filter { $0 != 2 }
            .sorted { values[$0] > values[$1] || (values[$0] == values[$1] && $0 < $1) }
        for count in [0, 1, 5, 37, 499, 600] {
            XCTAssertEqual(ContextLanguageModel.top(count, of: values, excluding: 2), Array(sorted.prefix(count)), "\(count)")
        }
    }
}
