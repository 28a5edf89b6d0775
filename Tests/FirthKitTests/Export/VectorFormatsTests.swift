import Foundation
import XCTest
@testable import FirthKit

final class VectorFormatsTests: XCTestCase {
    let words = ["river", "ünïcödé", "007", "a,b", "say\"hi\"", "=SUM(A1)"]

    func vectors(dimensions: Int = 5) -> [[Float]] {
        let values = randomFloats(words.count * dimensions, seed: 11)
        return (0..<words.count).map { Array(values[($0 * dimensions)..<(($0 + 1) * dimensions)]) }
    }

    func writeText(_ format: VectorFormat, _ vectors: [[Float]]) throws -> URL {
        let url = try makeTemporaryFolder(self).appendingPathComponent("vectors.txt")
        let stream = try StreamWriter(path: url.path, force: false)
        let writer = VectorTextWriter(stream: stream, format: format, count: words.count, dimensions: vectors[0].count)
        for (word, vector) in zip(words, vectors) { try writer.write(word: word, values: vector.map(ExactNumber.text)) }
        try stream.commit()
        return url
    }

    func testWord2VecAndGloVeReadBackBitForBit() throws {
        let vectors = vectors()
        for format in VectorFormat.allCases {
            let url = try writeText(format, vectors)
            let text = try String(contentsOf: url, encoding: .utf8)
            XCTAssertEqual(text.hasPrefix("6 5\nriver "), format == .word2vec, text)
            let file = try VectorFileReader.read(path: url.path)
            XCTAssertEqual(file.format, format, "detected from the first line")
            XCTAssertEqual(file.words, words)
            for (i, vector) in vectors.enumerated() {
                XCTAssertEqual(file.vectors.row(i).map(\.bitPattern), vector.map(\.bitPattern), words[i])
            }
        }
    }

    func testWordsWithWhitespaceAreRefused() throws {
        let writer = VectorTextWriter(stream: StreamWriter.inMemory(), format: .word2vec, count: 1, dimensions: 1)
        for word in ["a b", "tab\there", "line\nbreak", ""] {
            XCTAssertThrowsError(try writer.write(word: word, values: ["1"])) { error in
                XCTAssertTrue("\(error)".contains("export as csv, tsv or projector instead"), "\(error)")
            }
        }
    }

    func testProjectorPairKeepsLinesAligned() throws {
        let (vectorsOut, metadataOut) = (StreamWriter.inMemory(), StreamWriter.inMemory())
        let writer = ProjectorWriter(vectors: vectorsOut, metadata: metadataOut)
        writer.write(word: "tab\there", values: ["0.5", "-1"])
        writer.write(word: "line\nbreak", values: ["2", "1e-45"])
        XCTAssertEqual(String(decoding: vectorsOut.data, as: UTF8.self), "0.5\t-1\n2\t1e-45\n")
        XCTAssertEqual(String(decoding: metadataOut.data, as: UTF8.self), "tab\\there\nline\\nbreak\n")
        XCTAssertEqual(ProjectorWriter.metadataPath(forVectorsAt: "out/vectors.tsv"), "out/vectors.metadata.tsv")
        XCTAssertEqual(ProjectorWriter.metadataPath(forVectorsAt: "emb"), "emb.metadata.tsv")
    }
}
