import CSV
import Foundation
import XCTest
@testable import FirthKit

final class DelimitedWriterTests: XCTestCase {
    func write(_ rows: [[String]], _ dialect: DelimitedWriter.Dialect) throws -> Data {
        let stream = StreamWriter.inMemory()
        let writer = try DelimitedWriter(stream: stream, dialect: dialect)
        for row in rows { try writer.write(row) }
        return stream.data
    }

    func testCSVIsRFC4180() throws {
        let data = try write([["word", "count"], ["a,b", "2"], ["say \"hi\"", "3"]], .csv)
        XCTAssertEqual(String(decoding: data, as: UTF8.self), "word,count\r\n\"a,b\",2\r\n\"say \"\"hi\"\"\",3\r\n")
    }

    func testHostileWordsSurviveCSVAndTSV() throws {
        let rows = [["word", "value"]] + hostileWords.map { [$0, "1.5"] } + [[hostileWords.joined(), "-0"]]
        let csv = try csvRows(try write(rows, .csv))
        XCTAssertEqual(csv, rows)
        XCTAssertEqual(tsvRows(try write(rows, .tsv)), rows)
    }

    /// Rows without commas, quotes or line breaks skip CSVWriter; the bytes are CSVWriter's all the same.
    func testTheShortcutWritesWhatCSVWriterWrites() throws {
        let rows = [["word", "context"]] + hostileWords.map { [$0, "river"] } + [["plain", "words"], ["ünïcödé", "1e5"]]
        let reference = OutputStream(toMemory: ())
        reference.open()
        let writer = try CSVWriter(stream: reference, newline: .crlf)
        for row in rows { try writer.write(row: row) }
        let expected = String(decoding: reference.property(forKey: .dataWrittenToMemoryStreamKey) as! Data, as: UTF8.self) + "\r\n"
        XCTAssertEqual(String(decoding: try write(rows, .csv), as: UTF8.self), expected)
    }

    func testAHeaderAloneIsAFile() throws {
        XCTAssertEqual(String(decoding: try write([["word", "context", "ppmi"]], .csv), as: UTF8.self), "word,context,ppmi\r\n")
        XCTAssertEqual(String(decoding: try write([["word", "context", "ppmi"]], .tsv), as: UTF8.self), "word\tcontext\tppmi\n")
    }
}
