import Foundation
import GRDB
import XCTest
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import FirthKit

final class ReportBuilderTests: XCTestCase {
    let sentences = ["we fished from the river bank", "the bank approved the loan"]

    func makeReport(collection: String? = nil, configure: (inout ReportBuilder.Options) -> Void = { _ in })
        throws -> (report: CorpusReport, store: CorpusStore, table: CooccurrenceTable, vectors: WordVectors) {
        let (store, table, vectors) = try makeTutorialStore(self, collection: collection)
        var options = ReportBuilder.Options()
        options.sentences = sentences
        configure(&options)
        let report = try ReportBuilder(store: store, table: table, vectors: vectors, options: options).build()
        return (report, store, table, vectors)
    }

    /// The `<title>` texts of the heatmap cells inside the element `id`, row by row.
    func cellTitles(_ document: XMLDocument, figure id: String) throws -> [String] {
        let figure = try XCTUnwrap(try document.element(id: id), "no element with id \(id)")
        return try figure.elements(".//rect[@class='cell']/title").map { $0.stringValue ?? "" }
    }

    // MARK: - Structure

    func testTheReportIsWellFormedAndSelfContained() throws {
        let html = try makeReport().report.html()
        let document = try parseXHTML(html)
        XCTAssertEqual(try document.elements("/html/head/title").first?.stringValue, "Firth report: tutorial")
        // Nothing is fetched: no script, stylesheet link, image, font or frame, and no URL but XML namespaces.
        for tag in ["script", "link", "img", "iframe", "object", "embed", "image", "use"] {
            XCTAssertEqual(try document.elements("//\(tag)").count, 0, "<\(tag)> in the report")
        }
        let urls = html.components(separatedBy: "http").dropFirst().map { "http" + $0.prefix(40) }
        XCTAssertEqual(Set(urls.filter { !$0.hasPrefix("http://www.w3.org/") && !$0.hasPrefix("http-equiv") }), [])
        XCTAssertFalse(html.contains("@import") || html.contains("url(http") || html.contains("@font-face"))
        XCTAssertTrue(html.contains("default-src 'none'"), "a Content-Security-Policy forbids outside loads")
        // Every chart scales: a viewBox, and an axis or legend title.
        let charts = try document.elements("//svg[@viewBox]")
        XCTAssertEqual(charts.count, 1 + 2 + 1 + sentences.count, "Zipf, two heatmaps, the map, one attention map per sentence")
        for chart in charts {
            XCTAssertFalse(try chart.elements(".//text[@class='axis-title']").isEmpty, "a chart without axis titles")
            XCTAssertEqual(try chart.elements("./title").count, 1, "a chart without a title")
        }
        // Legends on every chart.
        XCTAssertEqual(try document.elements("//svg/g[@class='legend']").count, charts.count)
    }

    func testHeatmapsHaveOneCellPerPairAndTheDatabaseValues() throws {
        let (report, store, table, _) = try makeReport()
        let words = report.words
        XCTAssertEqual(words, WordChoice.tutorialWords, "the tutorial corpus defaults to the tutorial's words")
        let document = try parseXHTML(report.html())
        let counts = try cellTitles(document, figure: "counts-figure")
        let ppmi = try cellTitles(document, figure: "ppmi-figure")
        XCTAssertEqual(counts.count, words.count * words.count)
        XCTAssertEqual(ppmi.count, words.count * words.count)

        // Counts and PPMI straight from the tables, with the formula written out here.
        let alpha = report.smoothing.contextSmoothing, shift = report.smoothing.shift
        try store.dbQueue.read { db in
            let id = { (w: String) in try Int64.fetchOne(db, sql: "SELECT word_id FROM words WHERE word = ?", arguments: [w])! }
            let smoothedTotal = try Double.fetchOne(db, sql: "SELECT sum(pow(column_total, ?)) FROM cooccurrence_marginals WHERE table_id = ?",
                                                    arguments: [alpha, table.id])!
            for (i, w) in words.enumerated() {
                for (j, c) in words.enumerated() {
                    let n = try Double.fetchOne(db, sql: "SELECT count FROM cooccurrences WHERE table_id = ? AND word_id = ? AND context_id = ?",
                                                arguments: [table.id, try id(w), try id(c)]) ?? 0
                    XCTAssertEqual(counts[i * words.count + j], "\(w) → \(c): \(HTML.grouped(Int(n)))")
                    var expected = 0.0
                    if n > 0 {
                        let nw = try Double.fetchOne(db, sql: "SELECT row_total FROM cooccurrence_marginals WHERE table_id = ? AND word_id = ?", arguments: [table.id, try id(w)])!
                        let nc = try Double.fetchOne(db, sql: "SELECT column_total FROM cooccurrence_marginals WHERE table_id = ? AND word_id = ?", arguments: [table.id, try id(c)])!
                        expected = max(log(n * smoothedTotal / (nw * pow(nc, alpha))) - log(shift), 0)
                    }
                    XCTAssertEqual(ppmi[i * words.count + j], "\(w) → \(c): \(String(format: "%.2f", expected))")
                }
            }
        }
        // bank keeps company with both river and loan; river and loan never meet.
        let index = { (w: String) in words.firstIndex(of: w)! }
        XCTAssertGreaterThan(report.counts[index("bank")][index("river")], 0)
        XCTAssertGreaterThan(report.counts[index("bank")][index("loan")], 0)
        XCTAssertGreaterThan(report.ppmi[index("river")][index("water")], report.ppmi[index("river")][index("loan")])
    }

    func testZipfCurveMatchesTheVocabulary() throws {
        let (report, store, _, _) = try makeReport()
        let document = try parseXHTML(report.html())
        let points = try document.elements("//*[@id='zipf']//circle[@class='point']/title").map { $0.stringValue ?? "" }
        let vocabulary = Table(try store.vocabulary())
        XCTAssertEqual(vocabulary.rows.count, report.frequencies.count)
        guard case let .text(top) = vocabulary.rows[0][1], case let .integer(count) = vocabulary.rows[0][2] else { return XCTFail("vocabulary") }
        XCTAssertEqual(points.first, "rank 1: \(top) (\(HTML.grouped(count)))")
        XCTAssertTrue(points.last?.hasPrefix("rank \(HTML.grouped(report.frequencies.count)):") ?? false, "the last rank is drawn")
        XCTAssertEqual(points.count, report.zipfPoints.count)
        XCTAssertLessThan(report.zipfSlope, -0.5, "counts fall with rank")
        let statistics = try store.statistics()
        let summary = try document.elements("//dl[@class='summary']//dd").map { $0.stringValue ?? "" }
        XCTAssertEqual(Array(summary.prefix(4)), [statistics.documents, statistics.tokens, statistics.types, statistics.sentences].map(HTML.grouped))
    }

    func testMapShowsTheChosenWordsAndTheirNeighbours() throws {
        let (report, _, _, vectors) = try makeReport()
        let document = try parseXHTML(report.html())
        let map = try XCTUnwrap(try document.element(id: "map-figure"))
        let chosen = try map.elements(".//text[@class='label chosen']").map { $0.stringValue ?? "" }
        XCTAssertEqual(Set(chosen), Set(report.words))
        let neighbours = Set(try map.elements(".//text[@class='label neighbour']").map { $0.stringValue ?? "" })
        for word in report.words {
            for n in try vectors.mostSimilar(to: word, count: 5) where !report.words.contains(n.word) {
                XCTAssertTrue(neighbours.contains(n.word), "\(n.word), a neighbour of \(word), is not on the map")
            }
        }
        XCTAssertEqual(try map.elements(".//line[@class='link']").count, report.words.count * 5 + 1, "one line per neighbour, and one in the legend")
        XCTAssertGreaterThan(report.map.explained.0, report.map.explained.1)
    }

    func testMapCoordinatesArePrincipalComponents() throws {
        // Three points on a line in 3-D and one off it: PC1 runs along the line.
        let vectors = WordVectors(name: "toy", words: ["a", "b", "c", "d"], vectors: DenseMatrix([
            [1, 0, 0], [0.8, 0.6, 0], [0.6, 0.8, 0], [0, 0, 1],
        ]).normalizedRows())
        let map = try WordMap(words: ["a", "b", "c", "d"], vectors: vectors, neighborCount: 1)
        XCTAssertEqual(map.points.map(\.word), ["a", "b", "c", "d"])
        // Centred coordinates sum to zero on both axes, and distances are at most those in 3-D.
        XCTAssertEqual(map.points.reduce(0) { $0 + $1.x }, 0, accuracy: 1e-5)
        XCTAssertEqual(map.points.reduce(0) { $0 + $1.y }, 0, accuracy: 1e-5)
        let total = map.explained.0 + map.explained.1
        XCTAssertLessThanOrEqual(total, 1 + 1e-6)
        XCTAssertGreaterThan(total, 0.9, "four points in 3-D lie close to a plane")
    }

    func testAttentionSectionsHaveOneCellPerPairAndTheWeights() throws {
        let (report, _, _, _) = try makeReport()
        let document = try parseXHTML(report.html())
        for (k, sentence) in report.sentences.enumerated() {
            let n = sentence.result.words.count
            let titles = try cellTitles(document, figure: "attention-\(k + 1)-1")
            XCTAssertEqual(titles.count, n * n)
            let weights = sentence.result.weights(layer: 0)
            for i in 0..<n where i != 1 {
                let j = 1
                XCTAssertEqual(titles[i * n + j], "\(sentence.result.words[i]) → \(sentence.result.words[j]): \(String(format: "%.2f", weights[i, j]))")
            }
            XCTAssertTrue(titles[0].hasSuffix("no value"), "a word does not attend to itself")
            XCTAssertEqual(sentence.words.count, n, "without --focus every word gets its neighbours")
        }
        let tables = try document.elements("//table[@class='before-after']")
        XCTAssertEqual(tables.count, report.sentences.count)
    }

    func testNextWordPanelOnlyWithAStoredNGramModel() throws {
        let (store, table, vectors) = try makeTutorialStore(self)
        var options = ReportBuilder.Options()
        options.sentences = sentences
        var report = try ReportBuilder(store: store, table: table, vectors: vectors, options: options).build()
        XCTAssertNil(report.nextWordModel)
        XCTAssertTrue(report.html().contains("make an n-gram model"))
        XCTAssertEqual(try store.ngramTables().count, 0, "a report makes no model")
        _ = try store.languageModel(NGramParameters(order: 3))
        report = try ReportBuilder(store: store, table: table, vectors: vectors, options: options).build()
        XCTAssertEqual(report.nextWordModel, "o3.min1 + \(vectors.name)")
        let html = report.html()
        for k in 1...2 { XCTAssertTrue(html.contains("id=\"next-word-\(k)\""), "panel \(k)") }
        // The panel's rows are what `firth predict` computes for the same sentence.
        let model = ContextLanguageModel(ngram: try store.languageModel(NGramParameters(order: 3)).model, vectors: vectors)
        let state = PromptState(sentences: [try store.tokenizer().words(sentences[1])], endsSentence: false, model: model.ngram)
        XCTAssertEqual(report.sentences[1].nextWords, model.nextWords(after: state, top: 8).candidates)
        XCTAssertEqual(report.sentences[1].nextWords.count, 8)
    }

    func testFocusLimitsTheNeighbourTables() throws {
        let (report, _, _, _) = try makeReport { $0.focus = "Bank" }
        XCTAssertEqual(report.sentences.map { $0.words.map(\.word) }, [["bank"], ["bank"]])
    }

    func testEveryParameterIsInThePage() throws {
        let (report, _, table, vectors) = try makeReport { $0.attention.layers = 2; $0.attention.mode = .hard }
        let html = report.html()
        let document = try parseXHTML(html)
        let text = document.rootElement()?.stringValue ?? ""
        let embedding = report.embedding
        for needle in [table.name, table.parameters.json, vectors.name, try XCTUnwrap(embedding.source.svd).json,
                       "mode hard", "2 layers", "residual λ = 1", "frequency weighting a = 0.001", "context smoothing α = 0.75"] {
            XCTAssertTrue(text.contains(needle), "the report does not mention \(needle)")
        }
        XCTAssertEqual(try document.elements("//table[@class='parameters']").count, 3)
        let commands = try XCTUnwrap(try document.element(id: "commands")?.stringValue)
        XCTAssertTrue(commands.contains("firth count --window 5 --direction both --weighting uniform --boundary sentence --min-count 2"))
        XCTAssertTrue(commands.contains("firth embed --method svd --space \(table.name) --dimensions 50"))
        XCTAssertTrue(commands.contains("--sentence 'we fished from the river bank' --sentence 'the bank approved the loan'"))
        XCTAssertTrue(commands.contains("--mode hard") && commands.contains("--layers 2"))
        // Two layers: two attention maps per sentence.
        XCTAssertNotNil(try document.element(id: "attention-1-2"))
    }

    /// Skip-gram and combined embeddings are described and reproducible too.
    func testSkipGramAndCombinedEmbeddingsAreDescribed() throws {
        let (store, table, svd) = try makeTutorialStore(self)
        var p = SkipGramParameters()
        p.dimensions = 20
        p.epochs = 2
        p.minCount = 2
        p.threads = 1   // the default is one per core; the command below spells the count out
        let sgns = try SkipGramTrainer(store: store).train(p).embedding
        let both = try store.combineEmbeddings([svd.name, sgns.name], weights: [1, 2])
        let trainSkipGram = "firth skipgram --dimensions 20 --window 5 --negative 5 --epochs 2 --subsample 0.001 "
            + "--learning-rate 0.025 --min-learning-rate 0.0001 --min-count 2 --seed 1 --threads 1 "
            + "--remove-top-components 0 --name \(sgns.name)"
        // A combination is remade from its parts: their commands come first.
        let remakeBoth = ["firth embed --method svd --space \(table.name) --dimensions 50", trainSkipGram,
                          "firth combine \(svd.name) \(sgns.name) --weights 1 2 --name \(both.name)"]
        for (embedding, steps) in [(sgns, [trainSkipGram]), (both, remakeBoth)] {
            var options = ReportBuilder.Options()
            options.sentences = sentences
            let report = try ReportBuilder(store: store, table: table, vectors: try store.wordVectors(named: embedding.name),
                                           options: options).build()
            let document = try parseXHTML(report.html())
            XCTAssertTrue(document.rootElement()?.stringValue?.contains(embedding.parametersJSON) ?? false, embedding.name)
            let commands = try XCTUnwrap(try document.element(id: "commands")?.stringValue)
            let positions = steps.map { commands.range(of: $0)?.lowerBound }
            XCTAssertFalse(positions.contains(nil), commands)
            XCTAssertEqual(positions.compactMap { $0 }, positions.compactMap { $0 }.sorted(), commands)
        }
    }

    func testHostileTextIsEscaped() throws {
        let hostile = "<b>Tom & \"Clara's\"</b>"
        let (report, _, _, _) = try makeReport(collection: hostile) {
            $0.sentences = ["the bank <script>alert('x')</script> & \"loan\""]
            $0.words = ["bank", "river", "clara's"]   // a word of the corpus with an apostrophe
        }
        let html = report.html()
        XCTAssertFalse(html.contains("<script"), "markup in a sentence reached the page")
        XCTAssertFalse(html.contains("<b>Tom"))
        let document = try parseXHTML(html)
        XCTAssertEqual(try document.elements("/html/head/title").first?.stringValue, "Firth report: \(hostile)")
        XCTAssertEqual(try document.elements("//h3").first?.stringValue, "Sentence 1: the bank <script>alert('x')</script> & \"loan\"")
        XCTAssertTrue(try XCTUnwrap(document.element(id: "commands")?.stringValue).contains(#"--sentence 'the bank <script>alert('\''x'\'')</script> & "loan"'"#))
        XCTAssertTrue(html.contains("clara&#39;s"))
        let labels = try XCTUnwrap(try document.element(id: "counts-figure")).elements(".//text[@class='label']").map { $0.stringValue ?? "" }
        XCTAssertEqual(labels, ["bank", "river", "clara's", "bank", "river", "clara's"])
    }

    func testGivenWordsMustBeInTheVocabulary() throws {
        let (store, table, vectors) = try makeTutorialStore(self)
        var options = ReportBuilder.Options()
        options.words = ["bank", "zyzzyva"]
        XCTAssertThrowsError(try ReportBuilder(store: store, table: table, vectors: vectors, options: options).build()) { error in
            guard case FirthError.unknownWord("zyzzyva", _)? = error as? FirthError else { return XCTFail("\(error)") }
        }
        options.words = ["River", "LOAN"]
        let report = try ReportBuilder(store: store, table: table, vectors: vectors, options: options).build()
        XCTAssertEqual(report.words, ["river", "loan"], "given words are normalized as the corpus was")
        XCTAssertEqual(report.choice.rule, .given)
        options.words = nil
        options.sentences = ["zyzzyva qwerty"]
        XCTAssertThrowsError(try ReportBuilder(store: store, table: table, vectors: vectors, options: options).build())
    }
}
