import Foundation
import XCTest

/// docs/tutorial.md quotes Firth's real output. Each quote is a fenced block right after a marker
///
///     <!-- firth tutorial: neighbors river --top 5 -->
///
/// naming the corpus (`tutorial`: Corpora/tutorial; `benchmark`: ../shared/corpora) and the
/// command's arguments (`--db` is added). This test runs every quoted command and fails if its
/// output drifted from the quote. `FIRTH_UPDATE_DOCS=1 swift test --filter TutorialDocTests`
/// rewrites the quotes instead (then review the diff). Under `make test` the commands run on the
/// installed release build (`releaseOrBuiltFirth`): the benchmark corpus's quotes take minutes in
/// a debug build, and the outputs are the same.
final class TutorialDocTests: XCTestCase {
    struct Quote {
        var corpus: String
        var arguments: [String]
        var range: Range<String.Index>   // the fenced block's body
    }

    static let documents = ["docs/tutorial.md", "README.md"]

    func testQuotedOutputsAreCurrent() throws {
        let update = ProcessInfo.processInfo.environment["FIRTH_UPDATE_DOCS"] == "1"
        var databases: [String: String] = [:]
        var drifted: [String] = []
        for document in Self.documents {
            let url = packageRoot.appendingPathComponent(document)
            var text = try String(contentsOf: url, encoding: .utf8)
            let quotes = try Self.quotes(in: text)
            if quotes.isEmpty { continue }
            // Run in reading order (a quote may define what a later one uses, as `subcorpus
            // define` does); replace from the end so earlier ranges stay valid.
            var outputs: [(range: Range<String.Index>, output: String)] = []
            for quote in quotes {
                if quote.corpus == "benchmark" && !FileManager.default.fileExists(atPath: sharedFolder.appendingPathComponent("corpora").path) {
                    print("skipped (../shared/corpora missing): firth \(quote.arguments.joined(separator: " "))")
                    continue
                }
                let db = try databases[quote.corpus] ?? prepare(quote.corpus)
                databases[quote.corpus] = db
                let arguments = quote.arguments.first == "demo" ? quote.arguments : quote.arguments + ["--db", db]
                let result = try firth(arguments, binary: releaseOrBuiltFirth)
                XCTAssertEqual(result.status, 0, "firth \(quote.arguments.joined(separator: " ")): \(result.stderr)")
                let expected = String(text[quote.range])
                if result.stdout != expected {
                    drifted.append("\(document): firth \(quote.arguments.joined(separator: " "))")
                    if update { outputs.append((quote.range, result.stdout)) }
                    else { XCTAssertEqual(result.stdout, expected, "\(document): the output of firth \(quote.arguments.joined(separator: " ")) drifted") }
                }
            }
            for (range, output) in outputs.reversed() { text.replaceSubrange(range, with: output) }
            if update { try text.write(to: url, atomically: true, encoding: .utf8) }
        }
        if update && !drifted.isEmpty { print("updated:\n" + drifted.joined(separator: "\n")) }
    }

    /// A corpus database made as the tutorial's commands make it: ingest, count, embed (SVD).
    func prepare(_ corpus: String) throws -> String {
        let folder = try makeTemporaryFolder(self)
        let db = folder.appendingPathComponent("\(corpus).sqlite").path
        let source = corpus == "tutorial" ? packageRoot.appendingPathComponent("Corpora/tutorial").path
                                          : sharedFolder.appendingPathComponent("corpora").path
        for arguments in [["ingest", source, "--include", "*.txt"], Self.countArguments[corpus]!, Self.embedArguments[corpus]!] {
            let result = try firth(arguments + ["--db", db, "--quiet"], binary: releaseOrBuiltFirth)
            XCTAssertEqual(result.status, 0, result.stderr)
        }
        return db
    }

    /// The tutorial corpus is small: the knobs `firth demo` uses (TutorialDemo.Settings.tutorial);
    /// the benchmark corpus gets the defaults of `firth count` and of the SVD, as the tutorial says
    /// (`--method svd`: the default's skip-gram part would take minutes in a debug build).
    static let countArguments = ["tutorial": ["count", "--window", "5", "--weighting", "uniform", "--boundary", "sentence", "--min-count", "2"],
                                 "benchmark": ["count"]]
    static let embedArguments = ["tutorial": ["embed", "--method", "svd", "--dimensions", "50", "--remove-top-components", "0"],
                                 "benchmark": ["embed", "--method", "svd"]]

    static func quotes(in text: String) throws -> [Quote] {
        var quotes: [Quote] = []
        var searchStart = text.startIndex
        while let marker = text.range(of: "<!-- firth ", range: searchStart..<text.endIndex) {
            guard let close = text.range(of: "-->", range: marker.upperBound..<text.endIndex),
                  let fence = text.range(of: "```text\n", range: close.upperBound..<text.endIndex),
                  let end = text.range(of: "```", range: fence.upperBound..<text.endIndex) else {
                throw NSError(domain: "TutorialDocTests", code: 1, userInfo: [NSLocalizedDescriptionKey: "a marker without a ```text block after it"])
            }
            let header = text[marker.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            guard let colon = header.firstIndex(of: ":") else { throw NSError(domain: "TutorialDocTests", code: 2) }
            quotes.append(Quote(corpus: String(header[..<colon]), arguments: splitArguments(String(header[header.index(after: colon)...])),
                                range: fence.upperBound..<end.lowerBound))
            searchStart = end.upperBound
        }
        return quotes
    }

    /// Splits like a shell: spaces separate, double quotes group.
    static func splitArguments(_ line: String) -> [String] {
        var arguments: [String] = [], current = "", quoted = false, started = false
        for character in line {
            if character == "\"" { quoted.toggle(); started = true }
            else if character == " " && !quoted { if started { arguments.append(current) }; current = ""; started = false }
            else { current.append(character); started = true }
        }
        if started { arguments.append(current) }
        return arguments
    }

    func testArgumentSplitting() {
        XCTAssertEqual(Self.splitArguments(#" senses bank "the river bank" "a b"  --top 3"#), ["senses", "bank", "the river bank", "a b", "--top", "3"])
    }
}
