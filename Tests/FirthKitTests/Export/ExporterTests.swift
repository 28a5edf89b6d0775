import Foundation
import GRDB
import XCTest
@testable import FirthKit

final class ExporterTests: XCTestCase {
    func export(_ store: CorpusStore, _ format: ExportFormat, folder: URL? = nil,
                _ body: (Exporter) throws -> Int) throws -> (rows: Int, main: Data, metadata: Data?) {
        let folder = try folder ?? makeTemporaryFolder(self)
        let path = folder.appendingPathComponent("out.\(format == .projector ? "tsv" : format.rawValue)").path
        let output = try ExportOutput(path: path, format: format, force: false)
        let rows: Int
        do { rows = try body(Exporter(store: store, output: output)) } catch { output.discard(); throw error }
        try output.commit()
        let metadata = output.metadata.map { try? Data(contentsOf: URL(fileURLWithPath: $0.path)) } ?? nil
        return (rows, try Data(contentsOf: URL(fileURLWithPath: path)), metadata)
    }

    /// An embedding of hostile words with seeded random vectors, stored as an import would be.
    func storeHostileEmbedding(_ store: CorpusStore, words: [String]) throws -> [String: [Float]] {
        let values = randomFloats(words.count * 4, seed: 5)
        let matrix = DenseMatrix(rows: words.count, columns: 4, elements: values)
        try store.storeEmbedding(name: "hostile", source: .imported, tableID: nil, words: words,
                                 vectors: matrix, singularValues: [], seconds: 0)
        return Dictionary(uniqueKeysWithValues: words.enumerated().map { ($1, matrix.row($0)) })
    }

    func testEmbeddingsRoundTripBitForBitInEveryFormat() throws {
        let store = try makeTemporaryStore(self)
        let words = hostileWords.filter { !EmbeddingExporter.isUnfitForVectorText($0) }
        let stored = try storeHostileEmbedding(store, words: words)
        let embedding = EmbeddingExporter(store: store, embedding: try store.embedding(named: "hostile"))

        let csv = try export(store, .csv) { try $0.embedding(embedding, selection: .all) }
        let rows = try csvRows(csv.main)
        XCTAssertEqual(csv.rows, words.count)
        XCTAssertEqual(rows.first, ["word", "d1", "d2", "d3", "d4"])
        XCTAssertEqual(rows.dropFirst().map { $0[0] }, words, "in stored order, words unharmed")
        for row in rows.dropFirst() {
            XCTAssertEqual(row.dropFirst().map { Float($0)!.bitPattern }, stored[row[0]]!.map(\.bitPattern), row[0])
        }
        for format in [ExportFormat.word2vec, .glove] {
            let text = try export(store, format) { try $0.embedding(embedding, selection: .all) }
            let url = try makeTemporaryFolder(self).appendingPathComponent("v.txt")
            try text.main.write(to: url)
            let file = try VectorFileReader.read(path: url.path)
            XCTAssertEqual(file.format.rawValue, format.rawValue)
            XCTAssertEqual(file.words, words)
            for (i, word) in words.enumerated() {
                XCTAssertEqual(file.vectors.row(i).map(\.bitPattern), stored[word]!.map(\.bitPattern), word)
            }
        }
        let projector = try export(store, .projector) { try $0.embedding(embedding, selection: .top(3)) }
        let lines = String(decoding: projector.main, as: UTF8.self).split(separator: "\n")
        XCTAssertEqual(lines.count, 3)
        XCTAssertEqual(lines[0].split(separator: "\t").map { Float(String($0))!.bitPattern }, stored[words[0]]!.map(\.bitPattern))
        XCTAssertEqual(String(decoding: projector.metadata!, as: UTF8.self), words.prefix(3).map(Table.escapeTSV).joined(separator: "\n") + "\n", "backslashes escaped as in TSV")
    }

    func testWhitespaceWordsAreRefusedBeforeWritingWord2Vec() throws {
        let store = try makeTemporaryStore(self)
        _ = try storeHostileEmbedding(store, words: ["fine", "two words"])
        let embedding = EmbeddingExporter(store: store, embedding: try store.embedding(named: "hostile"))
        let folder = try makeTemporaryFolder(self)
        XCTAssertThrowsError(try export(store, .word2vec, folder: folder) { try $0.embedding(embedding, selection: .all) })
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), [], "no file, not even a partial one")
        // CSV carries them.
        XCTAssertEqual(try csvRows(try export(store, .csv) { try $0.embedding(embedding, selection: .all) }.main).map { $0[0] },
                       ["word", "fine", "two words"])
    }

    func testDenseCountsAsVectorsAndTablesAsTables() throws {
        let (store, table) = try makeCountedStore(self)
        let counts = MatrixExporter(store: store, table: table, measure: .count)
        let text = try export(store, .word2vec) { try $0.matrix(counts, layout: .dense, selection: .words(["river", "bank", "the"])) }
        XCTAssertEqual(text.rows, 3)
        let url = try makeTemporaryFolder(self).appendingPathComponent("v.txt")
        try text.main.write(to: url)
        let file = try VectorFileReader.read(path: url.path)
        XCTAssertEqual(file.words, ["river", "bank", "the"])
        let csv = try csvRows(try export(store, .csv) { try $0.matrix(counts, layout: .dense, selection: .words(["river", "bank", "the"])) }.main)
        XCTAssertEqual(csv[0], ["word", "river", "bank", "the"])
        XCTAssertEqual(csv.dropFirst().map { $0.dropFirst().map { Float($0)! } }, (0..<3).map { file.vectors.row($0) })

        let pmi = MatrixExporter(store: store, table: table, measure: .pmi)
        XCTAssertThrowsError(try export(store, .word2vec) { try $0.matrix(pmi, layout: .dense, selection: .top(3)) })
        XCTAssertThrowsError(try export(store, .glove) { try $0.matrix(counts, layout: .sparse, selection: .all) })
        XCTAssertThrowsError(try export(store, .projector) { try $0.vocabulary(top: nil, minCount: 1) })
    }

    func testEmptyResultsStillWriteAHeader() throws {
        let (store, table) = try makeCountedStore(self)
        let shifted = MatrixExporter(store: store, table: table, measure: .ppmi, smoothing: .init(contextSmoothing: 1, shift: 1e9))
        var result = try export(store, .csv) { try $0.matrix(shifted, layout: .sparse, selection: .all) }
        XCTAssertEqual(result.rows, 0)
        XCTAssertEqual(String(decoding: result.main, as: UTF8.self), "word,context,ppmi\r\n")
        result = try export(store, .tsv) { try $0.collocates(of: ["river"], in: table, measure: .ppmi, smoothing: .init(), minCount: 1000, top: 5) }
        XCTAssertEqual(String(decoding: result.main, as: UTF8.self), "word\trank\tcollocate\tcount\tppmi\n")
        result = try export(store, .csv) { try $0.vocabulary(top: nil, minCount: 1000) }
        XCTAssertEqual(String(decoding: result.main, as: UTF8.self), "rank,word,count,per_million\r\n")
    }

    func testTablesCarryExactNumbers() throws {
        let (store, table) = try makeCountedStore(self)
        let rows = try csvRows(try export(store, .csv) {
            try $0.collocates(of: ["river", "bank"], in: table, measure: .pmi, smoothing: .init(), minCount: 1, top: 3)
        }.main)
        XCTAssertEqual(rows[0], ["word", "rank", "collocate", "count", "pmi"])
        XCTAssertEqual(rows.count, 7)
        let expected = try referenceCells(store, table, .pmi)
        for row in rows.dropFirst() {
            XCTAssertEqual(Double(row[4])?.bitPattern, expected["\(row[0]) \(row[2])"]?.bitPattern, "\(row)")
        }
        let vocabulary = try csvRows(try export(store, .csv) { try $0.vocabulary(top: 2, minCount: 1) }.main)
        XCTAssertEqual(vocabulary[1].prefix(3), ["1", "the", "9"])
    }
}

extension ExporterTests {
    /// Attention over a sentence with a repeated word and a word without a vector.
    func attended() -> (store: CorpusStore, result: SentenceAttention.Result)? {
        guard let store = try? makeTemporaryStore(self) else { return nil }
        let vectors = WordVectors(name: "tiny", words: ["the", "river", "bank", "loan"],
                                  vectors: DenseMatrix([[1, 0.2, 0], [0.1, 1, 0.3], [0.2, 0.8, 0.9], [0, 0.1, 1]]))
        return (store, SentenceAttention(space: vectors).attend(["the", "river", "unknown", "bank", "the"]))
    }

    func testAttentionWeightsAndVectors() throws {
        let (store, result) = try XCTUnwrap(attended())
        XCTAssertEqual(result.words, ["the", "river", "bank", "the"])
        let weights = result.weights(layer: 0)

        let sparse = try csvRows(try export(store, .csv) { try $0.attention(result, layout: .sparse) }.main)
        XCTAssertEqual(sparse[0], ["layer", "position", "word", "context_position", "context", "weight"])
        XCTAssertEqual(sparse.count - 1, 12, "4 × 4 weights less the 4 of a word on itself, which are 0")
        let rows = Dictionary(uniqueKeysWithValues: result.positions.enumerated().map { ($1, $0) })
        for row in sparse.dropFirst() {
            let (i, j) = (rows[Int(row[1])!]!, rows[Int(row[3])!]!)
            XCTAssertEqual(row[2], result.words[i])
            XCTAssertEqual(Float(row[5])?.bitPattern, weights[i, j].bitPattern, "\(row)")
        }

        let dense = try csvRows(try export(store, .csv) { try $0.attention(result, layout: .dense) }.main)
        XCTAssertEqual(dense[0], ["layer", "position", "word", "the", "river", "bank", "the"])
        XCTAssertEqual(dense[3].prefix(3), ["1", "3", "bank"], "positions count every token, 'unknown' too")
        for (i, row) in dense.dropFirst().enumerated() {
            XCTAssertEqual(row.dropFirst(3).map { Float($0)!.bitPattern }, weights.row(i).map(\.bitPattern))
        }

        let text = try export(store, .word2vec) { try $0.attention(result, layout: .sparse) }
        let url = try makeTemporaryFolder(self).appendingPathComponent("v.txt")
        try text.main.write(to: url)
        XCTAssertTrue(String(decoding: text.main, as: UTF8.self).hasPrefix("4 3\nthe "))
        XCTAssertThrowsError(try VectorFileReader.read(path: url.path), "the word occurs twice: two vectors, which the reader refuses")
        let projector = try export(store, .projector) { try $0.attention(result, layout: .sparse) }
        XCTAssertEqual(String(decoding: projector.metadata!, as: UTF8.self), "the\nriver\nbank\nthe\n")
        let first = String(decoding: projector.main, as: UTF8.self).split(separator: "\n")[0]
        XCTAssertEqual(first.split(separator: "\t").map { Float(String($0))!.bitPattern }, result.contextual(of: 0).map(\.bitPattern))
    }
}
