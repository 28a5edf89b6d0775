import Foundation
import XCTest
@testable import FirthKit

final class VectorFileReaderTests: XCTestCase {
    func file(_ text: String) throws -> String {
        let url = try makeTemporaryFolder(self).appendingPathComponent("v.txt")
        try Data(text.utf8).write(to: url)
        return url.path
    }

    func assertError(_ text: String, format: VectorFormat? = nil, _ expected: String,
                     file: StaticString = #filePath, line: UInt = #line) throws {
        let path = try self.file(text)
        XCTAssertThrowsError(try VectorFileReader.read(path: path, format: format), file: file, line: line) { error in
            XCTAssertEqual("\(error)", expected.replacingOccurrences(of: "FILE", with: path), file: file, line: line)
        }
    }

    func testMalformedLinesAreReportedWithFileAndLine() throws {
        try assertError("a 1 2\nb 1\n", "FILE:2: expected a word and 2 values, found 1 values after 'b'")
        try assertError("2 2\na 1 2\nb 1 x\n", "FILE:3: value 2 of 'b', 'x', is not a finite number")
        try assertError("a 1 2\nb 1 inf\n", "FILE:2: value 2 of 'b', 'inf', is not a finite number")
        try assertError("a 1 2\n\na 3 4\n", "FILE:3: 'a' appears again (first on line 1)")
        try assertError("3 2\na 1 2\nb 3 4\n", "FILE: the header announces 3 vectors, the file has 2")
        try assertError("1 2\na 1 2\nb 3 4\n", "FILE:3: more vectors than the 1 the header announces")
        try assertError("a 1 2\n", format: .word2vec, "FILE:1: expected the word2vec header 'count dimensions', found 'a 1 2' (for a file without a header, use format glove)")
        try assertError("lonely\n", "FILE:1: 'lonely' has no values after it")
        try assertError("", "FILE: has no vectors")
        let binary = try makeTemporaryFolder(self).appendingPathComponent("b.bin")
        try Data([0x31, 0x20, 0x31, 0x0A, 0x61, 0x20, 0xFF, 0x00, 0x80, 0x3F]).write(to: binary)
        XCTAssertThrowsError(try VectorFileReader.read(path: binary.path)) { error in
            XCTAssertEqual("\(error)", "\(binary.path):2: is not UTF-8 text (a binary word2vec file? save it with binary=False)")
        }
    }

    func testTolerantOfTheUsualVariations() throws {
        // A byte order mark, CRLF, the trailing space of the original word2vec tool, tabs, blank lines.
        let path = try file("\u{FEFF}2 3\r\nriver 0.5 -0.25 1 \r\n\r\nbank\t1\t2\t3\n")
        let contents = try VectorFileReader.read(path: path)
        XCTAssertEqual(contents.format, .word2vec)
        XCTAssertEqual(contents.words, ["river", "bank"])
        XCTAssertEqual(contents.vectors.row(0), [0.5, -0.25, 1])
    }

    func testWordsThatLookLikeNumbers() throws {
        // Three fields: not a header, whatever the first word looks like.
        var contents = try VectorFileReader.read(path: try file("1990 0.5 0.25\n2 1 1\n"))
        XCTAssertEqual(contents.format, .glove)
        XCTAssertEqual(contents.words, ["1990", "2"])
        // A header, then words that are numbers.
        contents = try VectorFileReader.read(path: try file("2 2\n1 0.5 0.25\n-0 1 1\n"))
        XCTAssertEqual(contents.format, .word2vec)
        XCTAssertEqual(contents.words, ["1", "-0"])
        // One-dimensional GloVe whose first line looks like a header: --format glove reads it.
        contents = try VectorFileReader.read(path: try file("7 3\n8 4\n"), format: .glove)
        XCTAssertEqual(contents.words, ["7", "8"])
    }

    func testImportIntoADatabaseWithoutACorpus() throws {
        let store = try makeTemporaryStore(self)
        let path = try file("3 2\nRiver 3 4\nwater 0 2\nloan -1 0\n")
        let (embedding, format) = try store.importVectors(at: path, name: "mine")
        XCTAssertEqual(format, .word2vec)
        XCTAssertEqual(embedding.source.kind, .imported)
        XCTAssertNil(embedding.tableID)
        XCTAssertEqual(embedding.vocabularySize, 3)
        XCTAssertNil(try store.corpusInfo(), "importing needs no corpus and makes none")
        let vectors = try store.wordVectors(named: "mine")
        let river = try vectors.vector(for: "River")
        XCTAssertEqual(river[0], 0.6, accuracy: 1e-6, "stored at unit length, word as given")
        XCTAssertEqual(river[1], 0.8, accuracy: 1e-6)
        XCTAssertEqual(try store.normalize("River"), "River", "without a corpus, words are taken as given")
        XCTAssertEqual(try vectors.mostSimilar(to: "River", count: 1).first?.word, "water")
        // Stored vectors are unit rows, as the schema says.
        let stored = try store.dbQueue.read { db in try Data.fetchOne(db, sql: "SELECT vector FROM embedding_vectors WHERE word = 'River'")! }
        XCTAssertEqual(CorpusStore.floats(stored), [0.6, 0.8])

        XCTAssertThrowsError(try store.importVectors(at: path, name: "mine")) { error in
            XCTAssertEqual(error as? FirthError, .nameTaken(what: "an embedding", name: "mine"))
            XCTAssertEqual("\(error)", "an embedding named 'mine' exists; choose another name, or replace it")
        }
        XCTAssertEqual(try store.importVectors(at: path, name: "mine", replace: true).embedding.vocabularySize, 3)
        XCTAssertEqual(try store.importVectors(at: path).embedding.name, "v", "named after the file by default")
    }

    func testAMalformedFileStoresNothing() throws {
        let store = try makeTemporaryStore(self)
        XCTAssertThrowsError(try store.importVectors(at: try file("a 1 2\nb 1\n")))
        XCTAssertEqual(try store.embeddings(), [])
    }
}
