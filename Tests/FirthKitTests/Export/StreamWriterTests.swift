import Foundation
import XCTest
@testable import FirthKit

final class StreamWriterTests: XCTestCase {
    func testWritesThroughTheBufferAndMovesTheFileIntoPlace() throws {
        let path = try makeTemporaryFolder(self).appendingPathComponent("out.txt").path
        let writer = try StreamWriter(path: path, force: false)
        var expected = ""
        for i in 0..<100_000 {   // about 1 MB: several buffers' worth
            let line = "line \(i)\n"
            writer.write(line)
            expected += line
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path), "nothing under the final name before commit")
        XCTAssertTrue(FileManager.default.fileExists(atPath: path + ".partial"))
        try writer.commit()
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), expected)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path + ".partial"))
        XCTAssertEqual(writer.byteCount, expected.utf8.count)
    }

    func testRefusesToOverwriteUnlessForced() throws {
        let path = try makeTemporaryFolder(self).appendingPathComponent("kept.csv").path
        try Data("precious".utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try StreamWriter(path: path, force: false)) { error in
            XCTAssertEqual(error as? FirthError, .outputExists(path: path))
        }
        // A failed export with --force leaves the old file as it was.
        let abandoned = try StreamWriter(path: path, force: true)
        abandoned.write("half")
        abandoned.discard()
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "precious")
        XCTAssertFalse(FileManager.default.fileExists(atPath: path + ".partial"))
        let forced = try StreamWriter(path: path, force: true)
        forced.write("new")
        try forced.commit()
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "new")
    }

    func testDevicesAreWrittenInPlaceAndFoldersRefused() throws {
        let null = try StreamWriter(path: "/dev/null", force: false)
        null.write("gone")
        try null.commit()
        let folder = try makeTemporaryFolder(self).path
        XCTAssertThrowsError(try StreamWriter(path: folder, force: true))
    }

    func testMemoryWriterKeepsTheBytes() {
        let writer = StreamWriter.inMemory()
        writer.write("ä")
        writer.append(UInt8(ascii: "\n"))
        XCTAssertEqual(writer.data, Data("ä\n".utf8))
    }
}
