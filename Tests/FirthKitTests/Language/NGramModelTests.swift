import Foundation
import GRDB
import XCTest
@testable import FirthKit

/// An independent modified Kneser-Ney, from the definitions (Chen & Goodman 1998, with KenLM's
/// choices: <s> never predicted, unigrams interpolated with the uniform distribution over the
/// vocabulary without <s>), on strings in dictionaries: what the SQL estimate must equal.
struct ReferenceKneserNey {
    let order: Int
    var counts: [[String]: Int] = [:]
    var adjusted: [[String]: Int] = [:]
    var discounts: [[Double]] = []     // [order-1][j-1]
    var vocabulary: Set<String> = ["<unk>", "<s>", "</s>"]

    init(sentences: [[String]], order: Int, minCount: Int = 1) {
        self.order = order
        var frequency: [String: Int] = [:]
        for s in sentences { for w in s { frequency[w, default: 0] += 1 } }
        for (w, f) in frequency where f >= minCount { vocabulary.insert(w) }
        for s in sentences {
            let words = ["<s>"] + s.map { vocabulary.contains($0) ? $0 : "<unk>" } + ["</s>"]
            for n in 1...order where words.count >= n {
                for i in 0...(words.count - n) { counts[Array(words[i..<(i + n)]), default: 0] += 1 }
            }
        }
        counts[["<unk>"], default: 0] += 0
        for (gram, count) in counts {
            if gram == ["<s>"] { adjusted[gram] = 0 }
            else if gram.count == order || gram[0] == "<s>" { adjusted[gram] = count }
            else { adjusted[gram] = counts.keys.filter { $0.count == gram.count + 1 && Array($0.dropFirst()) == gram }.count }
        }
        for n in 1...order {
            var t = [0, 0, 0, 0, 0]
            for (gram, a) in adjusted where gram.count == n && (1...4).contains(a) { t[a] += 1 }
            var d: [Double] = [0.5, 1.0, 1.5]
            if t[1] > 0, t[2] > 0, t[3] > 0 {
                let y = Double(t[1]) / Double(t[1] + 2 * t[2])
                let computed: [Double] = (1...3).map { (j: Int) -> Double in
                    let ratio: Double = Double(t[j + 1]) / Double(t[j])
                    return Double(j) - Double(j + 1) * y * ratio
                }
                if computed.enumerated().allSatisfy({ $1 >= 0 && $1 <= Double($0 + 1) }) { d = computed }
            }
            discounts.append(d)
        }
    }

    func discount(_ a: Int, order n: Int) -> Double { a == 0 ? 0 : discounts[n - 1][min(a, 3) - 1] }

    /// Σ_v a(hv) and γ(h) for context h (nil when h was never followed by anything).
    func context(_ h: [String]) -> (total: Double, gamma: Double)? {
        let children = adjusted.filter { $0.key.count == h.count + 1 && Array($0.key.dropLast()) == h }
        let total = Double(children.values.reduce(0, +))
        guard total > 0 else { return nil }
        let mass = children.values.reduce(0.0) { $0 + discount($1, order: h.count + 1) }
        return (total, mass / total)
    }

    func probability(_ w: String, after history: [String]) -> Double {
        if w == "<s>" { return 0 }
        let h = Array(history.suffix(order - 1))
        let lower = h.isEmpty ? 1.0 / Double(vocabulary.count - 1) : probability(w, after: Array(h.dropFirst()))
        guard let c = context(h) else { return lower }
        let a = adjusted[h + [w]] ?? 0
        return (Double(a) - discount(a, order: h.count + 1)) / c.total + c.gamma * lower
    }
}

final class NGramModelTests: XCTestCase {
    static let text = """
        The cat sat on the mat. The dog sat on the log. The cat saw the dog.
        A cat sat. The dog sat on the mat. The cat sat on the log. A dog saw a cat on the mat.
        The mat was on the log. A log was on the mat? The dog was a cat.
        """

    func sentences() -> [[String]] { SentenceSplitter(tokenizer: Tokenizer()).sentences(in: Self.text) }

    func testSQLEstimateEqualsAnIndependentComputation() throws {
        let store = try makeStore(self, documents: [Self.text])
        for order in 1...4 {
            for minCount in [1, 2] {
                let parameters = NGramParameters(order: order, minCount: minCount)
                let loaded = try store.languageModel(parameters)
                XCTAssertTrue(loaded.made)
                let model = loaded.model
                let reference = ReferenceKneserNey(sentences: sentences(), order: order, minCount: minCount)
                XCTAssertEqual(Set(model.vocabulary), reference.vocabulary)
                XCTAssertEqual(loaded.table.ngramCounts,
                               (1...order).map { n in reference.counts.keys.filter { $0.count == n }.count })
                for (n, stored) in loaded.table.orders.enumerated() {
                    for (got, expected) in zip([stored.d1, stored.d2, stored.d3], reference.discounts[n]) {
                        XCTAssertEqual(got, expected, accuracy: 1e-12, "order \(n + 1)")
                    }
                }
                // Every stored n-gram's probability and backoff.
                for gram in reference.counts.keys where gram != ["<s>"] {
                    let ids = model.ids(of: gram)
                    let expected = reference.probability(gram.last!, after: Array(gram.dropLast()))
                    let got = pow(10, model.log10Probability(of: ids.last!, after: ids.dropLast()))
                    XCTAssertEqual(got, expected, accuracy: 1e-12, "\(gram) order \(order) min \(minCount)")
                }
                // Histories seen and unseen: the distribution equals the reference and sums to 1.
                let histories: [[String]] = [[], ["<s>"], ["<s>", "the"], ["the", "cat"], ["on", "the"], ["cat", "the"],
                                             ["mat", "dog"], ["<unk>"], ["the", "<unk>"], ["a", "dog", "saw"]]
                var distribution: [Double] = []
                for history in histories {
                    let h = model.ids(of: history)
                    model.fillProbabilities(after: h[...], into: &distribution)
                    XCTAssertEqual(distribution.reduce(0, +), 1, accuracy: 1e-12, "\(history)")
                    XCTAssertEqual(distribution[Int(model.beginID)], 0)
                    for (id, word) in model.vocabulary.enumerated() {
                        let expected = reference.probability(word, after: history)
                        XCTAssertEqual(distribution[id], expected, accuracy: 1e-12, "\(word) after \(history)")
                        if word != "<s>" {
                            XCTAssertEqual(model.log10Probability(of: Int32(id), after: h[...]), log10(expected), accuracy: 1e-12)
                        }
                    }
                }
            }
        }
    }

    /// The counts made by SQL aggregates (GROUP BY over positions, each lower order grouped from
    /// the one above) equal n-grams counted one by one in memory: every n-gram of every order,
    /// its count and its Kneser-Ney count, and their numbering in (w1 … wn) order. Several
    /// documents, one-word sentences (shorter than the order: their n-grams that begin with <s>
    /// come from KenLM's padding), rare words as <unk>.
    func testCountsEqualAnInMemoryCount() throws {
        let documents = ["The cat sat. Yes! The cat sat on the mat, the cat.", "No. The dog sat on the cat. Yes.",
                         "A dog? A cat. The mat sat on the dog on the mat."]
        let store = try makeStore(self, documents: documents)
        let splitter = SentenceSplitter(tokenizer: Tokenizer())
        let sentences = documents.flatMap { splitter.sentences(in: $0) }
        for order in 1...5 {
            for minCount in [1, 2] {
                let (table, _) = try NGramCounter(store: store).count(NGramParameters(order: order, minCount: minCount))
                let vocabulary = try store.ngramVocabulary(of: table)
                let reference = ReferenceKneserNey(sentences: sentences, order: order, minCount: minCount)
                var stored: [[String]: [Int]] = [:]
                for n in 1...order {
                    let rows = try store.ngramCounts(of: table, order: n)
                    // Numbered in the order of their word ids, so that children follow their context.
                    let ids = rows.map { [$0.w1, $0.w2 ?? -1, $0.w3 ?? -1, $0.w4 ?? -1, $0.w5 ?? -1] }
                    XCTAssertEqual(ids, ids.sorted { $0.lexicographicallyPrecedes($1) }, "order \(order) n \(n)")
                    for row in rows { stored[row.words(vocabulary)] = [row.count, row.adjustedCount] }
                }
                var expected: [[String]: [Int]] = [:]
                for (gram, count) in reference.counts { expected[gram] = [count, reference.adjusted[gram] ?? -1] }
                XCTAssertEqual(stored, expected, "order \(order) min-count \(minCount)")
            }
        }
    }

    /// The two ways of counting, packed integer keys summed by upserts (the default wherever the
    /// vocabulary's size to the order fits in 63 bits) and GROUP BY over word columns (the way
    /// for larger ones), make the same model: every n-gram's counts and numbering, and the
    /// probabilities and backoffs, compared through the models' images, byte for byte.
    func testPackedKeysAndWordColumnsCountTheSame() throws {
        let documents = ["The cat sat. Yes! The cat sat on the mat, the cat.", "No. The dog sat on the cat. Yes.",
                         "A dog? A cat. The mat sat on the dog on the mat."]
        let packed = try makeStore(self, documents: documents)
        let columns = try makeStore(self, documents: documents)
        XCTAssertTrue(NGramCounter.packedKeysFit(vocabularySize: 46_789, order: 4))
        XCTAssertFalse(NGramCounter.packedKeysFit(vocabularySize: 46_789, order: 5))
        for order in 1...5 {
            for parameters in [NGramParameters(order: order, minCount: 2), NGramParameters(order: order, holdOut: 0.34)] {
                let counter = NGramCounter(store: columns)
                counter.packsKeys = false
                let (slow, _) = try counter.count(parameters, force: true)
                let (fast, _) = try NGramCounter(store: packed).count(parameters, force: true)
                XCTAssertEqual(fast.ngramCounts, slow.ngramCounts, "order \(order)")
                XCTAssertEqual(fast.sentences, slow.sentences)
                for n in 1...order {
                    XCTAssertEqual(try packed.ngramCounts(of: fast, order: n), try columns.ngramCounts(of: slow, order: n), "order \(order) n \(n)")
                }
                XCTAssertEqual(try packed.ngramImage(of: fast)?.image(), try columns.ngramImage(of: slow)?.image(), "order \(order)")
            }
        }
    }

    /// A count split over two connections (each counting the n-grams whose last word is even, or
    /// odd; the default on a large corpus) makes the model of one connection, byte for byte: every
    /// n-gram's counts and numbering, and through the images the probabilities and backoffs; with
    /// a min-count, a hold-out and a subcorpus, at orders 2 to 5. The scratch file is gone
    /// afterwards, and the store can count again.
    func testSplitCountEqualsOneConnection() throws {
        let documents = ["The cat sat. Yes! The cat sat on the mat, the cat.", "No. The dog sat on the cat. Yes.",
                         "A dog? A cat. The mat sat on the dog on the mat.", "The log was on the mat. A dog sat on a log."]
        let split = try makeStore(self, documents: documents)
        let single = try makeStore(self, documents: documents)
        for store in [split, single] { try store.defineSubcorpus(named: "some", SubcorpusDefinition(condition: "document != 2")) }
        let scratch = { try FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory()).filter { $0.hasPrefix("firth-ngrams-") }.count }
        let before = try scratch()
        for order in 2...5 {
            for parameters in [NGramParameters(order: order, minCount: 2), NGramParameters(order: order, holdOut: 0.34),
                               NGramParameters(order: order, subcorpus: "some")] {
                let one = NGramCounter(store: single)
                one.splits = false
                let two = NGramCounter(store: split)
                two.splits = true
                let (a, _) = try one.count(parameters, force: true)
                let (b, _) = try two.count(parameters, force: true)
                XCTAssertEqual(b.ngramCounts, a.ngramCounts, "order \(order)")
                XCTAssertEqual([b.sentences, b.tokens, b.trainingDocuments], [a.sentences, a.tokens, a.trainingDocuments])
                XCTAssertEqual(b.orders, a.orders)
                XCTAssertTrue(two.countedInHalves, "order \(order)")   // this small vocabulary packs even order 5
                XCTAssertFalse(one.countedInHalves)
                for n in 1...order {
                    XCTAssertEqual(try split.ngramCounts(of: b, order: n), try single.ngramCounts(of: a, order: n), "order \(order) n \(n)")
                }
                let image = try XCTUnwrap(try split.ngramImage(of: b)).image()
                XCTAssertEqual(image, try single.ngramImage(of: a)?.image(), "order \(order) \(parameters.json)")
            }
        }
        XCTAssertEqual(try scratch(), before)
    }

    /// `ngrams --subcorpus`: the model of a subcorpus equals the model of a database holding only
    /// its documents, n-gram by n-gram; it records its subcorpus, is never the default model, and
    /// goes when its subcorpus is dropped. A hold-out is drawn among its members.
    func testSubcorpusModelEqualsAModelOfItsDocumentsAlone() throws {
        let documents = ["The cat sat on the mat. The dog sat.", "A dog saw a cat. Ships sail far away.",
                         "The mat was red. A log was on the mat.", "The dog ran to the log."]
        let store = try makeStore(self, documents: documents)
        try store.defineSubcorpus(named: "some", SubcorpusDefinition(condition: "document != 2"))
        let alone = try makeStore(self, documents: [documents[0], documents[2], documents[3]])
        let (table, _) = try NGramCounter(store: store).count(NGramParameters(order: 3, subcorpus: "some"))
        let (reference, _) = try NGramCounter(store: alone).count(NGramParameters(order: 3))
        XCTAssertEqual(table.name, "o3.min1@some")
        XCTAssertEqual(table.parameters.subcorpus, "some")
        XCTAssertEqual([table.trainingDocuments, table.sentences, table.tokens, table.vocabularySize],
                       [reference.trainingDocuments, reference.sentences, reference.tokens, reference.vocabularySize])
        XCTAssertEqual(table.orders.map(\.d1), reference.orders.map(\.d1))
        for size in 1...3 {
            func grams(_ s: CorpusStore, _ t: NGramTable) throws -> [[String]: [Double]] {
                Dictionary(uniqueKeysWithValues: try s.frequentNGrams(in: t, size: size, limit: 10_000, markers: true)
                    .map { ($0.words, [Double($0.count), $0.probability]) })
            }
            let got = try grams(store, table), expected = try grams(alone, reference)
            XCTAssertEqual(Set(got.keys), Set(expected.keys), "size \(size)")
            XCTAssertFalse(got.keys.contains { $0.contains("ships") })
            for (gram, value) in expected {
                XCTAssertEqual(got[gram]?[0], value[0], "\(gram)")
                XCTAssertEqual(got[gram]?[1] ?? -1, value[1], accuracy: 1e-12, "\(gram)")
            }
        }
        // Never the default; a hold-out among the members only.
        XCTAssertThrowsError(try store.ngramTable(named: nil))
        let held = try NGramCounter(store: store).count(NGramParameters(order: 2, holdOut: 0.34, subcorpus: "some")).table
        XCTAssertEqual(held.trainingDocuments, 2)
        XCTAssertFalse(try store.heldOutDocuments(of: held).contains(2))
        XCTAssertThrowsError(try NGramCounter(store: store).count(NGramParameters(subcorpus: "none"))) { error in
            XCTAssertTrue("\(error)".contains("no subcorpus 'none'"), "\(error)")
        }
        try store.dropSubcorpus(named: "some")
        XCTAssertEqual(try store.ngramTables().count, 0)
    }

    /// With a hold-out, the context model's vectors come from the training documents alone: a
    /// subcorpus of them, counted and embedded; the held-out documents' own words have no vector.
    func testTrainingVectorsNeverSeeTheHeldOutDocuments() throws {
        let documents = (0..<10).map { "Document number \($0) says word\($0) twice: word\($0). The river and the bank say so." }
        let store = try makeStore(self, documents: documents)
        let table = try NGramCounter(store: store).count(NGramParameters(order: 2, holdOut: 0.2, seed: 3)).table
        XCTAssertNil(try store.storedTrainingEmbedding(of: table))
        var count = CountParameters()
        count.minCount = 1
        var svd = EmbeddingParameters()
        svd.dimensions = 4
        let made = try store.trainingEmbedding(of: table, count: count, svd: svd)
        XCTAssertTrue(made.made)
        let held = Set(try store.heldOutDocuments(of: table))
        let subcorpus = try store.trainingSubcorpus(of: table)
        XCTAssertEqual(Set(try store.members(of: subcorpus).map(\.documentID)), Set(1...10).subtracting(held))
        let vectors = try store.wordVectors(named: made.embedding.name)
        for id in 1...10 {
            XCTAssertEqual(vectors.rowIfPresent("word\(id - 1)") != nil, !held.contains(Int64(id)), "document \(id)")
        }
        // Found again, not made again.
        let again = try store.trainingEmbedding(of: table, count: count, svd: svd)
        XCTAssertFalse(again.made)
        XCTAssertEqual(again.embedding.name, made.embedding.name)
        XCTAssertEqual(try store.storedTrainingEmbedding(of: table)?.name, made.embedding.name)
    }

    /// The model is made with foreign keys off, so a replaced model's rows are deleted table by
    /// table (`NGramCounter.modelTables`): the list must name every table that references
    /// `ngram_models`, and a model made again with `--force` leaves no row of the old one.
    func testReplacedModelLeavesNoOrphanRows() throws {
        let store = try makeStore(self, documents: [Self.text, "The dog sat on the log. A cat saw the dog."])
        try store.dbQueue.read { db in
            let referencing = try String.fetchAll(db, sql: """
                SELECT m.name FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f
                WHERE m.type = 'table' AND f."table" = 'ngram_models' ORDER BY m.name
                """)
            XCTAssertEqual(referencing, NGramCounter.modelTables.sorted())
        }
        let first = try NGramCounter(store: store).count(NGramParameters(order: 3, holdOut: 0.5)).table
        let again = try NGramCounter(store: store).count(NGramParameters(order: 3, holdOut: 0.5), force: true).table
        XCTAssertNotEqual(first.id, again.id)
        try store.dbQueue.read { db in
            XCTAssertTrue(try Bool.fetchOne(db, sql: "PRAGMA foreign_keys") ?? false, "foreign keys are on again")
            XCTAssertEqual(try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").count, 0)
            for table in NGramCounter.modelTables {
                XCTAssertEqual(try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table) WHERE model_id = ?", arguments: [first.id]), 0, table)
                XCTAssertGreaterThan(try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table) WHERE model_id = ?", arguments: [again.id]) ?? 0, 0, table)
            }
        }
    }

    func testModelsAreReusedAndStale() throws {
        let store = try makeStore(self, documents: [Self.text])
        let first = try NGramCounter(store: store).count(NGramParameters(order: 2))
        XCTAssertFalse(first.reused)
        let again = try NGramCounter(store: store).count(NGramParameters(order: 2))
        XCTAssertTrue(again.reused)
        XCTAssertEqual(again.table.id, first.table.id)
        XCTAssertEqual(first.table.sentences, sentences().count)
        XCTAssertEqual(first.table.tokens, sentences().joined().count)
        let folder = try makeFolder(self, ["more.txt": "The end."])
        _ = try Ingester(store: store).ingest(paths: [folder.path])
        XCTAssertTrue(try store.ngramTable(named: "o2.min1").isStale)
        XCTAssertFalse(try NGramCounter(store: store).count(NGramParameters(order: 2)).reused)
        XCTAssertEqual(try store.ngramTables().count, 1)
    }

    func testQueriesUseTheWholeCorpusModelWithoutAHoldOut() throws {
        let store = try makeStore(self, documents: ["The cat sat on the mat.", "A dog saw a cat.", "The dog ran to the log."])
        try store.defineSubcorpus(named: "some", SubcorpusDefinition(condition: "document != 2"))
        let counter = NGramCounter(store: store)
        let held = try counter.count(NGramParameters(order: 2, holdOut: 0.34)).table
        // Only a hold-out model: it is the default.
        XCTAssertEqual(try store.currentLanguageModel()?.table.name, held.name)
        let whole = try counter.count(NGramParameters(order: 3)).table
        // Models made after it for something else leave the queries' model as it was.
        _ = try counter.count(NGramParameters(order: 2, holdOut: 0.34, seed: 2))
        _ = try counter.count(NGramParameters(order: 2, subcorpus: "some"))
        XCTAssertEqual(try store.ngramTables().count, 4)
        XCTAssertEqual(try store.currentLanguageModel()?.table.name, whole.name)
        XCTAssertEqual(try store.ngramTable(named: nil).name, whole.name)
        XCTAssertEqual(try store.languageModel().table.name, whole.name)
    }

    func testBadParametersChangeNothing() throws {
        let store = try makeStore(self, documents: ["One two three.", "Four five."])
        _ = try NGramCounter(store: store).count(NGramParameters(order: 2))
        let bad = [NGramParameters(order: 0), NGramParameters(order: 6), NGramParameters(minCount: 0),
                   NGramParameters(holdOut: 0), NGramParameters(holdOut: 1), NGramParameters(holdOut: 0.1)]
        for parameters in bad {
            XCTAssertThrowsError(try NGramCounter(store: store).count(parameters)) { error in
                XCTAssertTrue(error is FirthError, "\(error)")
            }
        }
        let short = try makeStore(self, documents: ["Two words."])
        XCTAssertThrowsError(try NGramCounter(store: short).count(NGramParameters(order: 3))) { error in
            XCTAssertTrue("\(error)".contains("fewer than the order 3"), "\(error)")
        }
        XCTAssertEqual(try store.ngramTables().map(\.name), ["o2.min1"])
        XCTAssertEqual(try short.ngramTables().count, 0)
    }

    func testHoldOutLeavesDocumentsOut() throws {
        let documents = (0..<10).map { "Document number \($0) says word\($0) twice: word\($0)." }
        let store = try makeStore(self, documents: documents)
        let loaded = try store.languageModel(NGramParameters(order: 2, holdOut: 0.2, seed: 7))
        let held = try store.heldOutDocuments(of: loaded.table)
        XCTAssertEqual(held.count, 2)
        XCTAssertEqual(loaded.table.trainingDocuments, 8)
        // The held-out documents' own words are unknown to the model; the others are known.
        for id in 1...10 {
            XCTAssertEqual(loaded.model.contains("word\(id - 1)"), !held.contains(Int64(id)), "document \(id)")
        }
        // The same seed draws the same documents.
        let again = try makeStore(self, documents: documents)
        XCTAssertEqual(try again.heldOutDocuments(of: again.languageModel(NGramParameters(order: 2, holdOut: 0.2, seed: 7)).table), held)
    }

    /// The draw is the documents ordered by a 32-bit multiplicative hash of (id, seed): computed
    /// here in wrapping UInt32 arithmetic, apart from the SQL, which must never overflow into REAL
    /// (it did, and every seed then held out the same documents).
    func testHoldOutDrawFollowsItsSeed() throws {
        let documents = (0..<40).map { "Document \($0) says word\($0)." }
        let store = try makeStore(self, documents: documents)
        func expected(seed: Int) -> Set<Int64> {
            func hash(_ id: UInt32) -> UInt32 {
                (id &* 2654435761 &+ UInt32(seed)) &* 1103515245 &+ 12345
            }
            return Set((1...40).map { UInt32($0) }.sorted { (hash($0), $0) < (hash($1), $1) }.prefix(4).map { Int64($0) })
        }
        var draws: [Set<Int64>] = []
        for seed in [1, 2, 3] {
            let loaded = try store.languageModel(NGramParameters(order: 2, holdOut: 0.1, seed: seed))
            let held = Set(try store.heldOutDocuments(of: loaded.table))
            XCTAssertEqual(held, expected(seed: seed), "seed \(seed)")
            draws.append(held)
        }
        XCTAssertEqual(Set(draws).count, 3, "three seeds, three different draws")
    }

    func testSentenceSplittingByPunctuationOrByLine() {
        let text = "Mr. Smith came. He saw\nthe river!\n\nIt rose.\n"
        XCTAssertEqual(SentenceSplitter(tokenizer: Tokenizer()).sentences(in: text),
                       [["mr"], ["smith", "came"], ["he", "saw", "the", "river"], ["it", "rose"]])
        XCTAssertEqual(SentenceSplitter(tokenizer: Tokenizer(), sentencePerLine: true).sentences(in: text),
                       [["mr", "smith", "came", "he", "saw"], ["the", "river"], ["it", "rose"]])
        var tokenizer = Tokenizer()
        tokenizer.sentencePerLine = true
        XCTAssertEqual(tokenizer.tokenize("a. b\nc").map(\.sentence), [0, 0, 1])
    }
}
