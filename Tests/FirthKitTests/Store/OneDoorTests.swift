import Foundation
import XCTest

/// The store is the one door to the database: SQL and the GRDB connection are used in
/// `Sources/FirthKit/Store/` and, for the generated counting SQL, `Sources/FirthKit/Count/`,
/// nowhere else. This reads the sources and names any other file that reaches the database.
final class OneDoorTests: XCTestCase {
    /// Folders allowed to hold SQL, under `Sources/`.
    static let doors = ["FirthKit/Store/", "FirthKit/Count/"]

    /// Files that still run their own SQL, each to move behind the store (issue 14); the list
    /// only shrinks.
    static let notYetMoved: Set<String> = [
    ]

    /// What reaching the database looks like in code (comments are not read).
    static let patterns = ["dbQueue", "sql:", "Row.fetch", "sqlite3_"]

    func testNoSQLOutsideTheStore() throws {
        let sources = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources")
        guard let walk = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil) else {
            return XCTFail("cannot list \(sources.path)")
        }
        var checked = 0
        for case let file as URL in walk where file.pathExtension == "swift" {
            let relative = String(file.path.dropFirst(sources.path.count + 1))
            guard !Self.doors.contains(where: relative.hasPrefix), !Self.notYetMoved.contains(relative) else { continue }
            checked += 1
            let code = try String(contentsOf: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            for (number, line) in code.enumerated() {
                let text = line.trimmingCharacters(in: .whitespaces)
                guard !text.hasPrefix("//") else { continue }
                for pattern in Self.patterns where text.contains(pattern) {
                    XCTFail("Sources/\(relative):\(number + 1) uses `\(pattern)`: the database is reached through typed methods of Sources/FirthKit/Store/")
                }
            }
        }
        XCTAssertGreaterThan(checked, 50, "the sources were found")
    }
}
