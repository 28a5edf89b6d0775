import Foundation
import XCTest

/// Runs the built `firth` binary, as a user would, and captures what it prints.
struct CommandResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// The folder holding the built products (`firth` sits beside the test bundle).
let productsFolder: URL = {
    let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    var folder = runner.deletingLastPathComponent()
    while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("firth").path), folder.path != "/" {
        folder = folder.deletingLastPathComponent()
    }
    return folder
}()

let firthBinary = productsFolder.appendingPathComponent("firth")

/// The release build `make test` installs into `FIRTH_INSTALLED_PREFIX` (see
/// `InstalledFirthTests`), when there is one; else the built `firth` beside the tests.
let releaseOrBuiltFirth: URL = {
    if let prefix = ProcessInfo.processInfo.environment["FIRTH_INSTALLED_PREFIX"], !prefix.isEmpty {
        let installed = URL(fileURLWithPath: prefix).appendingPathComponent("bin/firth")
        if FileManager.default.isExecutableFile(atPath: installed.path) { return installed }
    }
    return firthBinary
}()
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let sharedFolder = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")

@discardableResult
func firth(_ arguments: [String], stdin: String? = nil, environment: [String: String]? = nil, binary: URL = firthBinary) throws -> CommandResult {
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    if let environment { process.environment = environment }
    // Output goes to files, not pipes, so a large output can never block the child.
    let folder = FileManager.default.temporaryDirectory
    let outURL = folder.appendingPathComponent("firth-out-\(UUID().uuidString)")
    let errURL = folder.appendingPathComponent("firth-err-\(UUID().uuidString)")
    FileManager.default.createFile(atPath: outURL.path, contents: nil)
    FileManager.default.createFile(atPath: errURL.path, contents: nil)
    defer { try? FileManager.default.removeItem(at: outURL); try? FileManager.default.removeItem(at: errURL) }
    let input = Pipe()
    process.standardOutput = try FileHandle(forWritingTo: outURL)
    process.standardError = try FileHandle(forWritingTo: errURL)
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try input.fileHandleForWriting.close()
    process.waitUntilExit()
    let outData = try Data(contentsOf: outURL), errData = try Data(contentsOf: errURL)
    return CommandResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                         stderr: String(decoding: errData, as: UTF8.self))
}

func makeTemporaryFolder(_ test: XCTestCase) throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("firth-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
    return folder
}

/// The tutorial corpus ingested into a fresh database in a temporary folder and counted
/// (window 2, min-count 2): a small space that every export and query can read.
func makeCountedTutorialDatabase(_ test: XCTestCase, file: StaticString = #filePath, line: UInt = #line) throws -> (folder: URL, db: String) {
    let folder = try makeTemporaryFolder(test)
    let db = folder.appendingPathComponent("t.sqlite").path
    var result = try firth(["ingest", packageRoot.appendingPathComponent("Corpora/tutorial").path, "--include", "*.txt", "--db", db, "--quiet"])
    XCTAssertEqual(result.status, 0, result.stderr, file: file, line: line)
    result = try firth(["count", "--db", db, "--window", "2", "--min-count", "2", "--quiet"])
    XCTAssertEqual(result.status, 0, result.stderr, file: file, line: line)
    return (folder, db)
}
