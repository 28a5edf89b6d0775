import Foundation
import XCTest
import FirthKit

final class SubstitutesCommandTests: XCTestCase {
    static let text = """
        The river rose. The river rose again. The river rose fast. The river bank flooded.
        The river shore flooded. The bank approved the loan. The lender approved the loan.
        The company approved the loan. The field flooded. The river bank was green.
        """

    func makeDatabase() throws -> String {
        let db = try makeTemporaryFolder(self).appendingPathComponent("subst.sqlite").path
        let result = try firth(["ingest", "-", "--db", db, "--quiet"], stdin: Self.text)
        XCTAssertEqual(result.status, 0, result.stderr)
        return db
    }

    func testTableAndJSONAgreeWithTheLibrary() throws {
        let db = try makeDatabase()
        let table = try firth(["substitutes", "The river BANK flooded", "--focus", "Bank", "--top", "3", "--db", db])
        XCTAssertEqual(table.status, 0, table.stderr)
        XCTAssertTrue(table.stderr.contains("no current n-gram model 'o3.min1': made it now"), table.stderr)
        XCTAssertTrue(table.stdout.contains("substitutes for the river [bank] flooded (3-gram, both sides"), table.stdout)
        for column in ["rank", "word", "probability", "left only", "left rank"] { XCTAssertTrue(table.stdout.contains(column), column) }

        let json = try firth(["substitutes", "the bank approved the loan", "--focus", "bank", "--top", "3", "--db", db, "--format", "json"])
        XCTAssertEqual(json.status, 0, json.stderr)
        XCTAssertFalse(json.stderr.contains("made it now"), "the second command reuses the model: \(json.stderr)")
        let rows = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(rows.map { $0["rank"] as? Int }, [1, 2, 3])
        let store = try CorpusStore(path: db, readOnly: true)
        let model = try XCTUnwrap(try store.currentLanguageModel(NGramParameters())).model
        let expected = SubstituteModel(ngram: model).distribution(sentence: model.ids(of: ["the", "bank", "approved", "the", "loan"]), focus: 1).top(3)
        XCTAssertEqual(rows.map { $0["word"] as? String }, expected.map(\.word))
        XCTAssertEqual(Set(expected.map(\.word)), ["bank", "lender", "company"])
        for (row, substitute) in zip(rows, expected) {
            XCTAssertEqual(try XCTUnwrap(row["probability"] as? Double), substitute.probability, accuracy: 1e-5)
            XCTAssertEqual(try XCTUnwrap(row["left only"] as? Double), substitute.leftProbability, accuracy: 1e-5)
            XCTAssertEqual(row["left rank"] as? Int, substitute.leftRank)
        }

        // The second "the" of the sentence; --left-only drops the right side.
        let second = try firth(["substitutes", "the bank approved the loan", "--focus", "the", "--occurrence", "2",
                                "--left-only", "--db", db, "--format", "tsv"])
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertEqual(second.stdout.split(separator: "\n").count, 11, second.stdout)
        XCTAssertEqual(second.stdout.split(separator: "\n")[1].split(separator: "\t")[4], "1", "left only: the ranks agree")
    }

    func testAnUnknownFocusWordStillHasSubstitutes() throws {
        let db = try makeDatabase()
        let result = try firth(["substitutes", "the zebra approved the loan", "--focus", "zebra", "--top", "3", "--db", db, "--format", "csv"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("'zebra' is not in the model's vocabulary: its substitutes come from the words around it alone"), result.stderr)
        XCTAssertEqual(result.stdout.split(separator: "\r\n").count, 4, result.stdout)
    }

    func testBadInputGetsOneLineAndANonZeroExit() throws {
        let db = try makeDatabase()
        let cases: [([String], String)] = [
            (["   ", "--focus", "bank"], "The sentence is empty"),
            (["the river bank", "--focus", "loan"], "'loan' is not a word of the sentence (its words: the river bank)"),
            (["the river bank", "--focus", "bank", "--occurrence", "2"], "'bank' occurs 1 time in the sentence; --occurrence must be 1 to 1 (got 2)"),
            (["the river bank", "--focus", "river bank"], "name one word"),
            (["the river bank", "--focus", "bank", "--top", "0"], "--top must be at least 1"),
            (["the river bank", "--focus", "bank", "--order", "7"], "--order must be between 1 and 5"),
            (["the river bank"], "Missing expected argument '--focus <word>'"),
        ]
        for (arguments, message) in cases {
            let result = try firth(["substitutes"] + arguments + ["--db", db])
            XCTAssertNotEqual(result.status, 0, "\(arguments)")
            XCTAssertTrue(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            XCTAssertEqual(result.stdout, "", "\(arguments)")
        }
        let store = try CorpusStore(path: db, readOnly: true)
        XCTAssertEqual(try store.ngramTables().count, 0, "refused input made no model")
    }

    func testEvaluateSensesHasSubstituteRows() throws {
        let db = try makeDatabase()
        XCTAssertEqual(try firth(["count", "--window", "2", "--db", db, "--quiet"]).status, 0)
        XCTAssertEqual(try firth(["embed", "--method", "svd", "--dimensions", "4", "--db", db, "--quiet"]).status, 0)
        let senses = try makeTemporaryFolder(self).appendingPathComponent("senses.tsv")
        try """
            the river bank flooded\tbank\tbank/land
            the river bank was green\tbank\tbank/land
            the river bank rose\tbank\tbank/land
            the bank approved the loan\tbank\tbank/money
            the bank approved the field\tbank\tbank/money
            the bank was the lender\tbank\tbank/money
            """.write(to: senses, atomically: true, encoding: .utf8)
        let result = try firth(["evaluate", "--senses", senses.path, "--folds", "3", "--substitute-top", "5", "--db", db, "--format", "json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let rows = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        let substituteRows = rows.filter { ($0["method"] as? String)?.hasPrefix("substitutes") == true }
        XCTAssertEqual(Set(substituteRows.map { $0["method"] as! String }),
                       ["substitutes (left + right, top 5, α 0.7 uniform)", "substitutes (left only, top 5, α 0.7 uniform)"])
        XCTAssertEqual(substituteRows.count, 6, "three classifiers each")
        for row in substituteRows {
            let accuracy = try XCTUnwrap(row["accuracy"] as? Double)
            XCTAssertTrue((0...1).contains(accuracy), "\(row)")
            XCTAssertEqual(row["total"] as? Int, 6)
            XCTAssertGreaterThan(try XCTUnwrap(row["covered"] as? Int), 0)
        }
        let alone = try firth(["evaluate", "--senses", senses.path, "--folds", "3", "--substitute-top", "5", "--substitute-mix", "0",
                               "--no-substitute-exclude-target", "--db", db, "--format", "csv"])
        XCTAssertTrue(alone.stdout.contains("\"substitutes (left + right, top 5, with the target)\",nearest centroid,"), alone.stdout)
        let none = try firth(["evaluate", "--senses", senses.path, "--folds", "3", "--substitute-top", "0", "--db", db, "--format", "json"])
        XCTAssertFalse(none.stdout.contains("substitutes"), none.stdout)
        let bad = try firth(["evaluate", "--senses", senses.path, "--substitute-mix", "2", "--db", db])
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.stderr.contains("--substitute-mix must be between 0 and 1 (got 2.0)"), bad.stderr)
    }
}
