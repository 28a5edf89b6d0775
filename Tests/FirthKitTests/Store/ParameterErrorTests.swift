import Foundation
import XCTest
@testable import FirthKit

/// The library's errors name its parameters, never a command-line flag: the command line names
/// its flags itself (FirthCLITests' ParameterFlagMessageTests check the lines it prints).
final class ParameterErrorTests: XCTestCase {
    func testParameterTextNamesEachParameterAsItsReaderSpellsIt() {
        let text: ParameterText = "a dense matrix needs \(parameter: "words") or \(parameter: "top") (got \(0))"
        XCTAssertEqual(text.description, "a dense matrix needs words or top (got 0)")
        XCTAssertEqual(text.rendered { "--" + $0 }, "a dense matrix needs --words or --top (got 0)")
        XCTAssertEqual(text.pieces, [.text("a dense matrix needs "), .parameter("words"), .text(" or "), .parameter("top"), .text(" (got 0)")])
        XCTAssertEqual(text, "a dense matrix needs \(parameter: "words") or \(parameter: "top") (got 0)", "equal however written")
    }

    func testExportErrorsNameTheirParameters() throws {
        XCTAssertThrowsError(try ExportOutput(path: "-", format: .projector, force: false)) { error in
            XCTAssertEqual(error as? FirthError,
                           .invalidParameters("the projector format writes two files (vectors and metadata); give \(parameter: "out") FILE.tsv, not -"))
            XCTAssertEqual("\(error)", "the projector format writes two files (vectors and metadata); give out FILE.tsv, not -")
        }
        let file = try makeTemporaryFolder(self).appendingPathComponent("taken.csv").path
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        XCTAssertThrowsError(try ExportOutput(path: file, format: .csv, force: false)) { error in
            XCTAssertEqual(error as? FirthError, .outputExists(path: file))
            XCTAssertEqual("\(error)", "\(file) already exists; choose another output, or overwrite it")
        }
    }

    func testAMatrixExportWithoutWordsNamesTheParametersThatChooseThem() throws {
        let store = try makeStore(self, documents: ["the river bank and the river bed", "the bank lends money to the bank"])
        var parameters = CountParameters()
        parameters.window = 2
        parameters.minCount = 1
        let table = try CooccurrenceCounter(store: store).count(parameters).table
        let exporter = MatrixExporter(store: store, table: table, measure: .ppmi)
        XCTAssertThrowsError(try exporter.forEachRow(of: .all, header: { _ in }, row: { _, _ in })) { error in
            guard case let .invalidParameters(text)? = error as? FirthError else { return XCTFail("\(error)") }
            XCTAssertTrue(text.pieces.contains(.parameter("layout")), "\(text)")
            XCTAssertTrue("\(error)".hasPrefix("a dense matrix needs words or top:"), "\(error)")
        }
        XCTAssertThrowsError(try exporter.forEachRow(of: .top(0), header: { _ in }, row: { _, _ in })) { error in
            XCTAssertEqual(error as? FirthError, .invalidParameter("top", reason: "must be at least 1 (got 0)"))
        }
    }

    func testASecondTokenizationNamesTheDatabaseParameter() throws {
        let store = try makeStore(self, documents: ["The river bank"])
        var options = Ingester.Options()
        options.tokenizer = Tokenizer.Settings(caseFolding: false)
        let folder = try makeFolder(self, ["more.txt": "The loan"])
        XCTAssertThrowsError(try Ingester(store: store, options: options).ingest(paths: [folder.path])) { error in
            guard case let .invalidParameters(text)? = error as? FirthError else { return XCTFail("\(error)") }
            XCTAssertEqual(text.pieces.last, .parameter("database"))
            XCTAssertFalse("\(error)".contains("--"), "\(error)")
        }
    }

    func testAStepReadsInTheLibrarysNamesAndKeepsItsPartsForTheCommandLine() {
        let step = Step("count", parameters: [.init("minCount", value: "3")], database: "c.sqlite")
        XCTAssertEqual(step.description, "`count` with minCount 3")
        XCTAssertEqual(Step("subcorpus", "drop", "old").description, "`subcorpus drop old`")
        XCTAssertEqual(Step("skipgram", parameters: [.init("minCount")]).description, "`skipgram` with minCount")
        let text: ParameterText = "count again (\(step: step)) or \(parameter: "window")"
        XCTAssertEqual(text.description, "count again (`count` with minCount 3) or window")
        XCTAssertEqual(text.pieces, [.text("count again ("), .step(step), .text(") or "), .parameter("window")])
        XCTAssertEqual(text.rendered(naming: { "--" + $0 }, step: { "`firth \($0.words.joined(separator: " "))`" }),
                       "count again (`firth count`) or --window")
        let joined: ParameterText = "a " + text + " b"
        XCTAssertEqual(joined.pieces.count, 5, "texts joined keep their steps and parameters")
        XCTAssertEqual(joined.description, "a count again (`count` with minCount 3) or window b")
    }

    /// What to do next is a step with its parameters: the command line spells the command.
    func testWhatToDoNextIsAStepNotACommandLine() throws {
        let store = try makeStore(self, documents: ["the river bank and the river bed"])
        XCTAssertThrowsError(try store.wordVectors(named: nil)) { error in
            XCTAssertEqual(error as? FirthError, .missing(what: "an embedding", hint: "make one with \(step: Step("embed", database: store.path))"))
            XCTAssertEqual("\(error)", "an embedding does not exist yet; make one with `embed`")
        }
        var parameters = CountParameters()
        parameters.minCount = 50
        XCTAssertThrowsError(try CooccurrenceCounter(store: store).count(parameters)) { error in
            guard case let .invalidParameters(text)? = error as? FirthError else { return XCTFail("\(error)") }
            XCTAssertTrue(text.pieces.contains(.step(Step("count", parameters: [.init("minCount", value: "2")]))), "\(text)")
            XCTAssertTrue("\(error)".hasSuffix("count with a lower minimum (`count` with minCount 2) or ingest more text"), "\(error)")
        }
        let empty = try CorpusStore(path: ":memory:")
        XCTAssertEqual(FirthError.emptyCorpus(path: "x.sqlite").text.pieces.last, .step(Step("ingest", "FILE...", database: "x.sqlite")))
        XCTAssertThrowsError(try empty.requireCorpus()) { error in
            XCTAssertFalse("\(error)".contains("firth "), "\(error)")
        }
    }

    /// No message of the library spells a command line: a backquoted `firth …` command or a
    /// --flag in a string of Sources/FirthKit. The tutorial and the HTML report are exempt: they
    /// show the reader the commands that made what they show, on purpose.
    func testTheLibrarysStringsNameNoCommandOrFlag() throws {
        let folder = packageRoot.appendingPathComponent("Sources/FirthKit")
        let files = try XCTUnwrap(FileManager.default.enumerator(atPath: folder.path)).compactMap { $0 as? String }
            .filter { $0.hasSuffix(".swift") && !$0.hasPrefix("Tutorial/") && !$0.hasPrefix("Report/") }
        XCTAssertGreaterThan(files.count, 100)
        for file in files {
            let lines = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8).components(separatedBy: "\n")
            for (number, line) in lines.enumerated() {
                let code = line.trimmingCharacters(in: .whitespaces)
                guard !code.hasPrefix("//"), code.contains("\"") else { continue }
                XCTAssertFalse(code.contains("`firth "), "\(file):\(number + 1): \(code)")
                XCTAssertNil(code.range(of: #"[ `(]--[a-z]"#, options: .regularExpression), "\(file):\(number + 1): \(code)")
            }
        }
    }
}
