import Foundation
import XCTest

/// The installed `firth`, run the way a user on a machine without Swift runs it.
///
/// `make test` installs the release build into `.build/test-prefix` (as `make install` does) and
/// names that prefix in `FIRTH_INSTALLED_PREFIX`; these tests run the installed copy from an
/// empty folder, through `env -i PATH=/usr/bin:/bin:PREFIX/bin`, so nothing of the source tree,
/// the build folder or the Swift toolchain is within its reach.
final class InstalledFirthTests: XCTestCase {
    var prefix: URL!
    var installed: URL { prefix.appendingPathComponent("bin/firth") }

    override func setUpWithError() throws {
        guard let path = ProcessInfo.processInfo.environment["FIRTH_INSTALLED_PREFIX"], !path.isEmpty else {
            throw XCTSkip("FIRTH_INSTALLED_PREFIX is not set: `make test` installs firth into .build/test-prefix and sets it")
        }
        prefix = URL(fileURLWithPath: path)
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: installed.path), "\(installed.path) was not installed")
    }

    /// Runs the installed firth in `folder` with an environment that holds only PATH.
    func installedFirth(_ arguments: [String], in folder: URL) throws -> CommandResult {
        try run("/usr/bin/env", ["-i", "PATH=/usr/bin:/bin:\(prefix.path)/bin", "firth"] + arguments, in: folder)
    }

    func testDemoRunsFromAnEmptyFolderOnTheBundledCorpus() throws {
        let folder = try makeTemporaryFolder(self)
        let result = try installedFirth(["demo", "--quiet"], in: folder)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("The tutorial corpus: 23 short texts"), result.stdout)
        XCTAssertTrue(result.stdout.contains("Step 8."), result.stdout)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), [], "the demo left files behind")

        // The bundled files go through the same ingest as the files of Corpora/tutorial: same story, same numbers.
        let fromFolder = try installedFirth(["demo", "--quiet", "--tutorial", packageRoot.appendingPathComponent("Corpora/tutorial").path], in: folder)
        XCTAssertEqual(fromFolder.status, 0, fromFolder.stderr)
        XCTAssertEqual(fromFolder.stdout, result.stdout)
    }

    func testPipelineRunsFromAnEmptyFolder() throws {
        let folder = try makeTemporaryFolder(self)
        let names = ["rivers.txt", "money.txt", "loans.txt", "shore.txt"]
        for name in names {
            try FileManager.default.copyItem(at: packageRoot.appendingPathComponent("Corpora/tutorial/\(name)"),
                                             to: folder.appendingPathComponent(name))
        }
        let steps: [[String]] = [
            ["ingest"] + names + ["--db", "c.sqlite", "--quiet"],
            ["count", "--window", "5", "--min-count", "2", "--db", "c.sqlite", "--quiet"],
            ["embed", "--method", "svd", "--dimensions", "20", "--db", "c.sqlite", "--quiet"],
            ["neighbors", "river", "--format", "tsv", "--db", "c.sqlite"],
            ["evaluate", "--senses", "bundled:senses", "--format", "tsv", "--db", "c.sqlite", "--quiet"],
        ]
        var outputs: [String] = []
        for arguments in steps {
            let result = try installedFirth(arguments, in: folder)
            XCTAssertEqual(result.status, 0, "firth \(arguments.joined(separator: " ")): \(result.stderr)")
            outputs.append(result.stdout)
        }
        // Ten neighbours of river, ranked, each a word of the files with a cosine in (0, 1].
        let neighbours = outputs[3].split(separator: "\n").dropFirst().map { $0.split(separator: "\t").map(String.init) }
        XCTAssertEqual(neighbours.map { $0[1] }, (1...10).map(String.init), outputs[3])
        let text = try names.map { try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8).lowercased() }.joined()
        for row in neighbours {
            XCTAssertTrue(row[0] == "river" && text.contains(row[2]), "\(row)")
            XCTAssertTrue((Double(row[3]) ?? -1) > 0 && (Double(row[3]) ?? 2) <= 1, "\(row)")
        }
        // Every row of the senses table counts the bundled file's 506 sentences.
        let rows = outputs[4].split(separator: "\n").dropFirst()
        XCTAssertFalse(rows.isEmpty)
        for row in rows { XCTAssertEqual(row.split(separator: "\t").last, "506", String(row)) }
        let unknown = try installedFirth(["evaluate", "--senses", "bundled:nothing", "--db", "c.sqlite", "--quiet"], in: folder)
        XCTAssertEqual(unknown.status, 1)
        XCTAssertTrue(unknown.stderr.contains("bundled:nothing: no such bundled collection"), unknown.stderr)

        // The same files in the build tree's firth give the same corpus, to the token.
        let installedStats = try installedFirth(["stats", "--format", "json", "--db", "c.sqlite"], in: folder)
        let reference = folder.appendingPathComponent("reference.sqlite").path
        XCTAssertEqual(try firth(["ingest"] + names.map { folder.appendingPathComponent($0).path } + ["--db", reference, "--quiet"]).status, 0)
        let treeStats = try firth(["stats", "--format", "json", "--db", reference])
        XCTAssertEqual(installedStats.stdout, treeStats.stdout)
    }

    /// `ldd` lists no library of the Swift toolchain, and every library it resolves comes from a
    /// Debian package the README names (or one of theirs: the C, C++ and Fortran runtimes).
    func testLinksNoLibraryOfTheSwiftToolchain() throws {
        let result = try run("/usr/bin/ldd", [installed.path], in: nil)
        XCTAssertEqual(result.status, 0, result.stderr)
        let libraries = result.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        XCTAssertFalse(libraries.contains { $0.contains("not found") }, result.stdout)
        for name in ["libswift", "libFoundation", "lib_Foundation", "libdispatch", "libBlocksRuntime", "/usr/lib/swift"] {
            XCTAssertFalse(result.stdout.contains(name), "\(name) in:\n\(result.stdout)")
        }
        if let toolchain = Self.swiftToolchainRoot() {
            XCTAssertFalse(result.stdout.contains(toolchain), "a library from \(toolchain):\n\(result.stdout)")
        }
        XCTAssertTrue(libraries.contains { $0.hasPrefix("libsqlite3.so") }, result.stdout)
        XCTAssertTrue(libraries.contains { $0.hasPrefix("libopenblas.so") }, result.stdout)
        XCTAssertTrue(libraries.contains { $0.hasPrefix("liblapacke.so") }, result.stdout)

        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/dpkg") else { return }
        let allowed = ["libsqlite3-0", "libopenblas0", "liblapacke", "libc6", "libgcc-s1", "libstdc++6",
                       "libgfortran5", "libquadmath0", "libtmglib3", "liblapack3", "libblas3", "libzstd1", "zlib1g"]
        for line in libraries {
            guard let arrow = line.range(of: "=> ") else { continue }
            let path = String(line[arrow.upperBound...].split(separator: " ").first ?? "")
            // dpkg knows a file by the path its package ships, on either side of the /lib -> /usr/lib
            // merge and of the symbolic links (alternatives) in between.
            let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
            var package = "(no package)"
            for candidate in [path, resolved, resolved.replacingOccurrences(of: "/usr/lib/", with: "/lib/")] {
                let owner = try run("/usr/bin/dpkg", ["-S", candidate], in: nil)
                if owner.status == 0, let name = owner.stdout.split(separator: ":").first { package = String(name); break }
            }
            XCTAssertTrue(allowed.contains { package == $0 || package.hasPrefix($0 + "-") }, "\(path) is from \(package)")
        }
    }

    /// The man page and the three completion scripts name every subcommand the binary has.
    func testCompletionsAndManPageNameEverySubcommand() throws {
        let dump = try run(installed.path, ["--experimental-dump-help"], in: nil)
        XCTAssertEqual(dump.status, 0, dump.stderr)
        let info = try JSONDecoder().decode(ToolInfo.self, from: Data(dump.stdout.utf8))
        let subcommands = (info.command.subcommands ?? []).map(\.commandName).filter { $0 != "help" }
        XCTAssertTrue(subcommands.contains("demo") && subcommands.contains("ingest") && subcommands.count > 10, "\(subcommands)")

        // Where each file names a subcommand: the man page's list item, each script's function
        // for it, zsh's and fish's descriptions of it.
        let files = ["share/man/man1/firth.1", "share/bash-completion/completions/firth",
                     "share/zsh/site-functions/_firth", "share/fish/vendor_completions.d/firth.fish"]
        let mentions: [[(String) -> String]] = [
            [{ "\n.SS \"firth \($0.replacingOccurrences(of: "-", with: "\\-"))\"\n" }],
            [{ "\n_firth_\($0)() {" }],
            [{ "\n_firth_\($0)() {" }, { "'\($0):" }],
            [{ "-fa '\($0)' -d '" }],
        ]
        for (file, patterns) in zip(files, mentions) {
            let text = try String(contentsOf: prefix.appendingPathComponent(file), encoding: .utf8)
            for name in subcommands {
                for pattern in patterns {
                    XCTAssertTrue(text.contains(pattern(name)), "\(file) does not have \(pattern(name).debugDescription)")
                }
            }
        }

        // bash itself completes `firth <TAB>` to the subcommands.
        let bashFile = prefix.appendingPathComponent(files[1]).path
        let completion = try run("/bin/bash", ["-c", """
            source '\(bashFile)'; COMP_WORDS=(firth ''); COMP_CWORD=1; COMP_LINE='firth '; COMP_POINT=6
            complete -p firth >/dev/null && $(complete -p firth | sed -E 's/.*-F ([^ ]+).*/\\1/') firth '' firth
            printf '%s\\n' "${COMPREPLY[@]}"
            """], in: nil)
        XCTAssertEqual(completion.status, 0, completion.stderr)
        let offered = Set(completion.stdout.split(separator: "\n").map(String.init))
        XCTAssertTrue(Set(subcommands).isSubset(of: offered), "bash offers \(offered.sorted())")

        // man renders the page, with every subcommand in it.
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/man") else { return }
        let page = try run("/usr/bin/man", ["-l", prefix.appendingPathComponent(files[0]).path], in: nil, environment: ["MANWIDTH": "100", "PATH": "/usr/bin:/bin"])
        XCTAssertEqual(page.status, 0, page.stderr)
        XCTAssertTrue(page.stdout.contains("firth"), page.stdout)
        for name in subcommands { XCTAssertTrue(page.stdout.contains(name), "the rendered man page does not show \(name)") }
    }

    // MARK: - Helpers

    /// The part of `--experimental-dump-help`'s JSON these tests read.
    struct ToolInfo: Decodable {
        struct Command: Decodable {
            var commandName: String
            var subcommands: [Command]?
        }
        var command: Command
    }

    /// The folder of the Swift toolchain running these tests (`…/usr` above `bin/swift`), if found on PATH.
    static func swiftToolchainRoot() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for folder in path.split(separator: ":") {
            let swift = URL(fileURLWithPath: String(folder)).appendingPathComponent("swift")
            if FileManager.default.isExecutableFile(atPath: swift.path) {
                return swift.resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent().path
            }
        }
        return nil
    }

    func run(_ executable: String, _ arguments: [String], in folder: URL?, environment: [String: String]? = nil) throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let folder { process.currentDirectoryURL = folder }
        if let environment { process.environment = environment }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("firth-installed-\(UUID().uuidString)")
        let (outURL, errURL) = (scratch.appendingPathExtension("out"), scratch.appendingPathExtension("err"))
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: outURL); try? FileManager.default.removeItem(at: errURL) }
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return CommandResult(status: process.terminationStatus,
                             stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                             stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }
}
