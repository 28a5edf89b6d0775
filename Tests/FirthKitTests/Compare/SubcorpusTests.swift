import Foundation
import GRDB
import XCTest
@testable import FirthKit

final class SubcorpusTests: XCTestCase {
    func sources(_ store: CorpusStore, _ name: String) throws -> [String] {
        try store.members(of: try store.subcorpus(named: name)).map { URL(fileURLWithPath: $0.source).lastPathComponent }
    }

    func define(_ store: CorpusStore, _ name: String, where condition: String? = nil, source: String? = nil) throws -> [String] {
        try store.defineSubcorpus(named: name, SubcorpusDefinition(condition: condition, source: source))
        return try sources(store, name)
    }

    // MARK: - Membership

    func testYearFromFileNamesAndSourceGlobs() throws {
        let store = try makeStore(self, files: speeches)
        XCTAssertEqual(try define(store, "modern", where: "year >= 1945"), ["1950-C.txt", "1960-D.txt"])
        XCTAssertEqual(try define(store, "early", where: "year < 1945"), ["1900-A.txt", "1920-B.txt"])
        XCTAssertEqual(try define(store, "mid", where: "year > 1900 and year <= 1950"), ["1950-C.txt", "1920-B.txt"])
        XCTAssertEqual(try define(store, "ends", where: "year = 1900 or (year != 1920 and not year < 1955)"), ["1960-D.txt", "1900-A.txt"])
        XCTAssertEqual(try define(store, "sp", source: "speeches/*"), ["1900-A.txt", "1920-B.txt"])
        XCTAssertEqual(try define(store, "sp19", where: "year >= 1910", source: "speeches/*"), ["1920-B.txt"])
        XCTAssertEqual(try define(store, "long", where: "tokens >= 4"), ["1960-D.txt", "1920-B.txt"])
        let modern = try store.subcorpus(named: "modern")
        XCTAssertEqual(modern.documents, 2)
        XCTAssertEqual(modern.tokens, 8)
        XCTAssertEqual(modern.definition, SubcorpusDefinition(condition: "year >= 1945"))
        XCTAssertEqual(try store.subcorpora().map(\.name), ["modern", "early", "mid", "ends", "sp", "sp19", "long"])
    }

    func testMetadataFieldsFromJSONLinesAndCSV() throws {
        let store = try makeStore(self, files: [
            "a.jsonl": #"""
                {"text": "one two", "year": 1950, "party": "Democrat"}
                {"text": "three four", "year": "1930", "party": "Republican"}
                {"text": "five six", "party": "Democrat"}
                """#,
            "b.csv": "text,year,party\nseven eight,1960,Republican\nnine ten,n/a,Whig\n",
        ])
        XCTAssertEqual(try define(store, "dem", where: "party = Democrat").count, 2)
        XCTAssertEqual(try define(store, "rep", where: #"party = "Republican" and year >= 1940"#), ["b.csv:2"])
        // A year given as text in JSON or CSV compares as a number; "n/a" and a missing year do not match.
        XCTAssertEqual(try define(store, "old", where: "year < 1955").count, 2)
        XCTAssertEqual(try define(store, "notdem", where: "party != 'Democrat'").count, 3)
        XCTAssertThrowsError(try store.defineSubcorpus(named: "x", SubcorpusDefinition(condition: "colour = red"))) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains("unknown field 'colour'") && message.contains("party"), message)
        }
    }

    // MARK: - Bad definitions store nothing

    func testInjectionAttemptsAreRejectedAndStoreNothing() throws {
        let store = try makeStore(self, files: speeches)
        let attempts: [(String, String)] = [
            ("year >= 1945; DROP TABLE documents", "';'"),
            ("year >= 1945 or 1=1", "found '1'"),
            ("year >= 1945) OR (1=1", "unexpected ')'"),
            ("source = x' OR '1'='1", "unexpected \" OR \""),
            ("source = 'x", "no closing"),
            ("year >= 1945 -- comment", "unexpected character '-'"),
            ("year >= (SELECT 1)", "expected a value"),
            ("year >= 1945 union select", "unexpected 'union'"),
            ("year ~ 1945", "'~'"),
            ("year >=", "expected a value"),
            ("", "missing"),
        ]
        for (condition, expected) in attempts {
            XCTAssertThrowsError(try store.defineSubcorpus(named: "bad", SubcorpusDefinition(condition: condition)), condition) { error in
                XCTAssertTrue("\(error)".contains(expected), "\(condition): \(error)")
            }
        }
        // A quoted value is bound, never spliced: it matches no source and so selects nothing.
        XCTAssertThrowsError(try store.defineSubcorpus(named: "bad", SubcorpusDefinition(condition: #"source = "x' OR '1'='1""#))) { error in
            XCTAssertTrue("\(error)".contains("selects no documents"), "\(error)")
        }
        XCTAssertEqual(try store.subcorpora(), [])
        XCTAssertEqual(try store.statistics().documents, 4)
    }

    func testEmptySelectionsDuplicatesAndYearlessCorporaAreRefused() throws {
        let store = try makeStore(self, files: speeches)
        XCTAssertThrowsError(try define(store, "none", where: "year > 2000")) { XCTAssertTrue("\($0)".contains("selects no documents"), "\($0)") }
        _ = try define(store, "modern", where: "year >= 1945")
        XCTAssertThrowsError(try define(store, "modern", where: "year >= 1900")) { XCTAssertTrue("\($0)".contains("already exists"), "\($0)") }
        XCTAssertThrowsError(try define(store, "bad name", where: "year >= 1900"))
        let plain = try makeStore(self, documents: ["no years here"])
        XCTAssertThrowsError(try define(plain, "x", where: "year > 1")) { XCTAssertTrue("\($0)".contains("no document has a year"), "\($0)") }
    }

    func testDropRemovesTheSubcorpusAndItsCounts() throws {
        let store = try makeStore(self, files: speeches)
        _ = try define(store, "modern", where: "year >= 1945")
        var parameters = CountParameters()
        parameters.minCount = 1
        let whole = try CooccurrenceCounter(store: store).count(parameters).table
        parameters.subcorpus = "modern"
        let part = try CooccurrenceCounter(store: store).count(parameters).table
        XCTAssertEqual(part.name, "w6.both.harmonic.document.min1@modern")
        XCTAssertEqual(try store.cooccurrenceTables().map(\.name), [whole.name, part.name])
        let model = try NGramCounter(store: store).count(NGramParameters(order: 2, subcorpus: "modern")).table
        let wholeModel = try NGramCounter(store: store).count(NGramParameters(order: 2)).table
        var svd = EmbeddingParameters()
        svd.dimensions = 2
        svd.removeTopComponents = 0
        let vectors = try EmbeddingPipeline(method: .svd, svd: svd).make(in: store, table: part).embedding
        // The dry run lists everything the drop removes, and removes nothing.
        let planned = try store.removal(ofSubcorpus: "modern")
        XCTAssertEqual(planned.subcorpus.name, "modern")
        XCTAssertEqual(planned.tables, [part.name])
        XCTAssertEqual(planned.models, [model.name])
        XCTAssertEqual(planned.keptEmbeddings, [vectors.name])
        XCTAssertEqual(try store.cooccurrenceTables().count, 2)
        XCTAssertEqual(try store.ngramTables().count, 2)
        XCTAssertEqual(try store.dropSubcorpus(named: "modern"), planned)
        XCTAssertEqual(try store.cooccurrenceTables().map(\.name), [whole.name])
        XCTAssertEqual(try store.ngramTables().map(\.name), [wholeModel.name])
        XCTAssertEqual(try store.embeddings().map(\.name), [vectors.name], "an embedding keeps its vectors")
        XCTAssertEqual(try store.subcorpora(), [])
        XCTAssertThrowsError(try store.removal(ofSubcorpus: "modern")) { XCTAssertTrue("\($0)".contains("subcorpus 'modern'"), "\($0)") }
        parameters.subcorpus = "modern"
        XCTAssertThrowsError(try CooccurrenceCounter(store: store).count(parameters)) { XCTAssertTrue("\($0)".contains("subcorpus 'modern'"), "\($0)") }
    }

    // MARK: - Vocabulary and concordance of a part

    func testVocabularyAndConcordanceOfASubcorpus() throws {
        let store = try makeStore(self, files: speeches)
        let modern = try store.defineSubcorpus(named: "modern", SubcorpusDefinition(condition: "year >= 1945"))
        let table = Table(try store.vocabulary(in: modern))
        XCTAssertEqual(table.rows.map { $0[1] }, [.text("war"), .text("bomb"), .text("peace")])
        XCTAssertEqual(table.rows.map { $0[2] }, [.integer(4), .integer(3), .integer(1)])
        XCTAssertEqual(table.rows[0][3], .real(500_000, digits: 1))
        let lines = try store.concordance(of: "peace", in: modern)
        XCTAssertEqual(lines.map { URL(fileURLWithPath: $0.source).lastPathComponent }, ["1960-D.txt"])
        XCTAssertEqual(try store.concordance(of: "peace").count, 4)
    }
}
