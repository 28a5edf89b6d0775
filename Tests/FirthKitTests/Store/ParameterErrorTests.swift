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
}
