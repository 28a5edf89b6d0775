import Foundation
import XCTest
@testable import FirthKit

/// The corpora compiled into the binary are the files of Corpora/, byte for byte, and ingest
/// exactly as those files do.
final class BundledCorporaTests: XCTestCase {
    /// The files of `Corpora/<folder>` with the extension, as (name, bytes), in name order.
    func filesOnDisk(_ folder: String, _ pathExtension: String) throws -> [(String, Data)] {
        let url = packageRoot.appendingPathComponent("Corpora").appendingPathComponent(folder)
        return try FileManager.default.contentsOfDirectory(atPath: url.path)
            .filter { $0.hasSuffix("." + pathExtension) }.sorted()
            .map { ($0, try Data(contentsOf: url.appendingPathComponent($0))) }
    }

    func testBundledFilesAreTheFilesOfCorpora() throws {
        XCTAssertEqual(BundledCorpora.collections, ["tutorial", "senses"])
        for (collection, pathExtension) in [("tutorial", "txt"), ("senses", "tsv")] {
            let bundled = try XCTUnwrap(BundledCorpora.files(named: "bundled:\(collection)"))
            let disk = try filesOnDisk(collection, pathExtension)
            XCTAssertEqual(bundled.map(\.name), disk.map { "bundled:\(collection)/\($0.0)" })
            XCTAssertEqual(bundled.map(\.data), disk.map(\.1), "the bytes of bundled:\(collection) differ from Corpora/\(collection)")
        }
        XCTAssertEqual(BundledCorpora.tutorial.count, 23)
    }

    func testReferences() throws {
        XCTAssertNil(try BundledCorpora.files(named: "Corpora/senses/benchmark-senses.tsv"))
        XCTAssertNil(try BundledCorpora.files(named: "./bundled:senses"))
        XCTAssertThrowsError(try BundledCorpora.files(named: "bundled:inaugural")) { error in
            XCTAssertEqual("\(error)", "bundled:inaugural: no such bundled collection; the bundled ones are bundled:tutorial, bundled:senses")
        }
    }

    /// In-memory files take the ingester's path for files: same documents, words, tokens and sentences.
    func testBundledTutorialIngestsLikeItsFolder() throws {
        let fromMemory = try makeTemporaryStore(self)
        var options = Ingester.Options()
        options.include = "*.txt"
        let memoryReport = try Ingester(store: fromMemory, options: options).ingest(files: BundledCorpora.tutorial, collection: "tutorial")
        let fromFolder = try makeTemporaryStore(self)
        options.collection = "tutorial"
        let folderReport = try Ingester(store: fromFolder, options: options)
            .ingest(paths: [packageRoot.appendingPathComponent("Corpora/tutorial").path])
        XCTAssertEqual(memoryReport, folderReport)
        XCTAssertEqual(memoryReport.documentsAdded, 23)
        XCTAssertEqual(try fromMemory.statistics(), try fromFolder.statistics())
        XCTAssertEqual(try fromMemory.statistics().collections.map(\.name), ["tutorial"])
        XCTAssertEqual(try fromMemory.wordCounts(), try fromFolder.wordCounts())
        
        // Ingesting the same files again adds nothing: deduplication works on them as on files.
        let again = try Ingester(store: fromMemory).ingest(files: BundledCorpora.tutorial, collection: "tutorial")
        XCTAssertEqual(again.documentsAdded, 0)
        XCTAssertEqual(again.duplicatesSkipped, 23)
    }

    func testBundledSensesReadLikeTheFile() throws {
        let vectors = WordVectors(name: "toy", words: ["river", "bank"], vectors: DenseMatrix([[1, 0], [0, 1]]))
        let evaluation = ContextEvaluation(space: vectors, tokenizer: Tokenizer(), settings: SentenceAttention.Settings())
        let file = packageRoot.appendingPathComponent("Corpora/senses/benchmark-senses.tsv").path
        let bundled = try XCTUnwrap(BundledCorpora.files(named: "bundled:senses"))
        XCTAssertEqual(bundled.count, 1)
        let fromFile = try evaluation.labelledOccurrences(file: file)
        let fromMemory = try evaluation.labelledOccurrences(data: bundled[0].data, source: bundled[0].name)
        XCTAssertEqual(fromFile.count, 506)
        XCTAssertEqual(fromMemory.map(\.label), fromFile.map(\.label))
        XCTAssertEqual(fromMemory.map(\.occurrence.tokens), fromFile.map(\.occurrence.tokens))
        XCTAssertEqual(fromMemory.map(\.occurrence.target), fromFile.map(\.occurrence.target))
        // Errors in bytes held in memory name the bundled file and line, as they name a file's.
        XCTAssertThrowsError(try evaluation.labelledOccurrences(data: Data("one field\n".utf8), source: "bundled:x/y.tsv")) { error in
            XCTAssertTrue("\(error)".hasPrefix("bundled:x/y.tsv:1:"), "\(error)")
        }
    }
}
