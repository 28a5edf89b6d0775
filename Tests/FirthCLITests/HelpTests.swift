import Foundation
import XCTest

/// Every command teaches: it has an abstract, help that runs, and a mention in the README.
final class HelpTests: XCTestCase {
    func subcommands() throws -> [String] {
        let help = try firth(["--help"]).stdout
        guard let start = help.range(of: "SUBCOMMANDS:\n") else { XCTFail("no SUBCOMMANDS section"); return [] }
        return help[start.upperBound...].split(separator: "\n").compactMap { line in
            // Command lines are indented by two spaces; wrapped abstract lines by more.
            guard line.hasPrefix("  "), !line.hasPrefix("   "), let name = line.split(separator: " ").first else { return nil }
            return name == "See" ? nil : String(name)
        }
    }

    func testEveryCommandHasHelpWithAnAbstract() throws {
        let commands = try subcommands()
        XCTAssertGreaterThanOrEqual(commands.count, 17, "\(commands)")
        for command in commands {
            let result = try firth(["help", command])
            XCTAssertEqual(result.status, 0, command)
            XCTAssertTrue(result.stdout.hasPrefix("OVERVIEW: "), "\(command) has no abstract")
            // Option help must say something: no option listed without a description.
            let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            for (i, line) in lines.enumerated() where line.hasPrefix("  -") {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                let described = trimmed.contains("  ") || (i + 1 < lines.count && lines[i + 1].hasPrefix("          "))
                XCTAssertTrue(described, "\(command): an option without help: \(line)")
            }
        }
    }

    func testTheReadmeMentionsEveryCommand() throws {
        let readme = try String(contentsOf: packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        for command in try subcommands() {
            XCTAssertTrue(readme.contains("firth \(command)"), "README.md never mentions `firth \(command)`")
        }
    }

    /// Every command names itself (`commandName:`). Without it ArgumentParser derives the name
    /// from the type with `String(describing:)`, for every command of the tree on every run: a
    /// protocol-conformance search of the whole binary each, about 15 ms of each process
    /// (BENCHMARKS.md). The names are the ones `--help` lists.
    func testEveryCommandNamesItself() throws {
        let folder = packageRoot.appendingPathComponent("Sources/firth")
        let files = try XCTUnwrap(FileManager.default.enumerator(atPath: folder.path)).compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }
        var names: [String] = []
        for file in files {
            let source = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            let commands = source.components(separatedBy: ": ParsableCommand {").count - 1
            let named = source.components(separatedBy: "CommandConfiguration(")
                .dropFirst().compactMap { $0.drop { " \n".contains($0) }.hasPrefix("commandName: \"") ? $0 : nil }
            XCTAssertEqual(named.count, commands, "\(file): a command without commandName")
            names += named.map { String($0.drop { " \n".contains($0) }.dropFirst("commandName: \"".count).prefix { $0 != "\"" }) }
        }
        for command in try subcommands() { XCTAssertTrue(names.contains(command), command) }
    }

    func testVersionAndUnknownCommand() throws {
        XCTAssertEqual(try firth(["--version"]).status, 0)
        let result = try firth(["frobnicate"])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("frobnicate"), result.stderr)
    }

    func testInvalidOptionsAreRefusedBeforeAnythingRuns() throws {
        for (arguments, message) in [(["count", "--window", "0"], "--window must be between 1 and"),
                                     (["vocab", "--top", "0"], "--top must be at least 1"),
                                     (["embed", "--dimensions", "0"], "--dimensions must be at least 1"),
                                     (["attend", "x", "--layers", "0"], "--layers must be between 1 and 50")] {
            let result = try firth(arguments + ["--db", "/nonexistent/never-created.sqlite"])
            XCTAssertNotEqual(result.status, 0, "\(arguments)")
            XCTAssertTrue(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: "/nonexistent/never-created.sqlite"))
        }
    }
}
