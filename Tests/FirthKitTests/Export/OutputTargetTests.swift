import Foundation
import XCTest
@testable import FirthKit

/// Issue 13: writing an output never destroys a file it does not name, a device or a folder.
final class OutputTargetTests: XCTestCase {
    private func write(_ text: String, to path: String, force: Bool) throws {
        let writer = try StreamWriter(path: path, force: force)
        writer.write(text)
        try writer.commit()
    }

    func testALinkIsWrittenThroughOnlyWithForceAndStaysALink() throws {
        let folder = try makeTemporaryFolder(self)
        let target = folder.appendingPathComponent("target.csv").path
        let link = folder.appendingPathComponent("link.csv").path
        try Data("precious".utf8).write(to: URL(fileURLWithPath: target))
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "target.csv")
        XCTAssertThrowsError(try write("new", to: link, force: false)) { error in
            XCTAssertEqual(error as? FirthError, .outputExists(path: link))
        }
        XCTAssertEqual(try String(contentsOfFile: target, encoding: .utf8), "precious")
        try write("new", to: link, force: true)
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: link), "target.csv")
        XCTAssertEqual(try String(contentsOfFile: target, encoding: .utf8), "new")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted(), ["link.csv", "target.csv"])
    }

    func testDanglingLinksAndLoopsAreRefused() throws {
        let folder = try makeTemporaryFolder(self)
        let dangling = folder.appendingPathComponent("dangling.csv").path
        try FileManager.default.createSymbolicLink(atPath: dangling, withDestinationPath: "nowhere.csv")
        XCTAssertThrowsError(try write("x", to: dangling, force: true)) { error in
            XCTAssertEqual("\(error)", "\(dangling): is a symbolic link to 'nowhere.csv', which does not exist; give the path of a file to write")
        }
        let loop = folder.appendingPathComponent("loop.csv").path
        try FileManager.default.createSymbolicLink(atPath: loop, withDestinationPath: "loop.csv")
        XCTAssertThrowsError(try write("x", to: loop, force: true)) { error in
            XCTAssertTrue("\(error)".contains("is a symbolic link in a loop"), "\(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("nowhere.csv").path))
    }

    func testAStaleLinkNamedLikeTheTemporaryFileIsNotFollowed() throws {
        let folder = try makeTemporaryFolder(self)
        let victim = folder.appendingPathComponent("victim.txt").path
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: victim))
        let out = folder.appendingPathComponent("out.csv").path
        try FileManager.default.createSymbolicLink(atPath: out + ".partial", withDestinationPath: victim)
        try write("fresh", to: out, force: false)
        XCTAssertEqual(try String(contentsOfFile: victim, encoding: .utf8), "keep me")
        XCTAssertEqual(try String(contentsOfFile: out, encoding: .utf8), "fresh")
    }

    func testACharacterDeviceIsWrittenInPlaceAndStaysADevice() throws {
        try write("discarded", to: "/dev/null", force: true)
        try write("discarded", to: "/dev/null", force: false)
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: "/dev/null")[.type] as? FileAttributeType, .typeCharacterSpecial)
    }

    func testFoldersAndBlockDevicesAreRefused() throws {
        let folder = try makeTemporaryFolder(self)
        XCTAssertThrowsError(try write("x", to: folder.path, force: true)) { error in
            XCTAssertTrue("\(error)".hasSuffix("is a folder; give a file name to out"), "\(error)")
        }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/dev")) ?? []
        guard let disk = names.map({ "/dev/" + $0 }).first(where: {
            (try? FileManager.default.attributesOfItem(atPath: $0)[.type] as? FileAttributeType) == .typeBlockSpecial
        }) else { throw XCTSkip("no block device in /dev to check the refusal on") }
        XCTAssertThrowsError(try StreamWriter.checkTarget(disk, force: true)) { error in
            XCTAssertTrue("\(error)".contains("is a block device"), "\(error)")
        }
    }
}
