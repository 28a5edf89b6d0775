import Foundation
import XCTest
@testable import FirthKit

/// A fresh database file in a temporary folder, removed when the test ends.
func makeTemporaryStore(_ test: XCTestCase, file: StaticString = #filePath, line: UInt = #line) throws -> CorpusStore {
    let folder = try makeTemporaryFolder(test)
    return try CorpusStore(path: folder.appendingPathComponent("test.sqlite").path)
}

func makeTemporaryFolder(_ test: XCTestCase) throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("firth-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
    return folder
}

/// Writes `files` (name → bytes or text) into a new temporary folder.
func makeFolder(_ test: XCTestCase, _ files: [String: String]) throws -> URL {
    let folder = try makeTemporaryFolder(test)
    for (name, text) in files {
        let url = folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }
    return folder
}

/// Ingests texts given inline, one document each, into a fresh store.
func makeStore(_ test: XCTestCase, documents: [String], options: Ingester.Options = Ingester.Options()) throws -> CorpusStore {
    let store = try makeTemporaryStore(test)
    var files: [String: String] = [:]
    for (i, text) in documents.enumerated() { files[String(format: "doc%03d.txt", i)] = text }
    let folder = try makeFolder(test, files)
    let report = try Ingester(store: store, options: options).ingest(paths: [folder.path])
    XCTAssertEqual(report.errors, [])
    return store
}

/// The repository's root folder (for Migrations/, Corpora/) and the shared data folder beside it.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let sharedFolder = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
