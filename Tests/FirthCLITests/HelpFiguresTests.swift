import Foundation
import XCTest

/// Help says what a knob does and when to change it; measured figures (times, rates, scores)
/// live in BENCHMARKS.md only, where a rerun updates them, and help points there.
final class HelpFiguresTests: XCTestCase {
    /// Every abstract and discussion of every command, subcommand and option, with where it is.
    func helpTexts() throws -> [(place: String, text: String)] {
        let dump = try firth(["--experimental-dump-help"])
        XCTAssertEqual(dump.status, 0, dump.stderr)
        let root = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any])
        var texts: [(String, String)] = []
        func visit(_ command: [String: Any], path: String) {
            for key in ["abstract", "discussion"] {
                if let text = command[key] as? String { texts.append((path, text)) }
            }
            for argument in command["arguments"] as? [[String: Any]] ?? [] {
                let name = (argument["valueName"] as? String) ?? "?"
                for key in ["abstract", "discussion"] {
                    if let text = argument[key] as? String { texts.append(("\(path) <\(name)>", text)) }
                }
            }
            for sub in command["subcommands"] as? [[String: Any]] ?? [] {
                visit(sub, path: path + " " + ((sub["commandName"] as? String) ?? "?"))
            }
        }
        visit(try XCTUnwrap(root["command"] as? [String: Any]), path: "firth")
        return texts
    }

    /// What a copied figure looks like: a duration, a rate, a score before and after, points
    /// gained, or an evaluation set followed by its score.
    static let figures: [(kind: String, pattern: String)] = [
        ("a duration", #"\b\d+(\.\d+)? ?(s|ms|sec|seconds|min|minutes|h|hours)\b"#),
        ("a rate", #"\b(tokens|words|documents|pairs|MB|MiB|GB)/s\b"#),
        ("a score before and after", #"\d\.\d+\)? ?(->|→) ?\(?\d"#),
        ("points of a score", #"\b\d+(\.\d+)? points?\b"#),
        ("a benchmark score", #"(WS-353|MEN|SimLex(-999)?|analog(y|ies)( accuracy)?|Word-in-Context( \(train\))?|senses|perplexity|Spearman)[ :=(]+-?\d+\.\d+"#),
    ]

    func testNoHelpTextHoldsAMeasuredFigure() throws {
        let texts = try helpTexts()
        XCTAssertGreaterThan(texts.count, 200, "the help dump was not read")
        for (kind, pattern) in Self.figures {
            let regex = try NSRegularExpression(pattern: pattern)
            for (place, text) in texts {
                let range = NSRange(text.startIndex..., in: text)
                if let match = regex.firstMatch(in: text, range: range), let found = Range(match.range, in: text) {
                    XCTFail("\(place): help holds \(kind), '\(text[found])'; put figures in BENCHMARKS.md and point there: \(text)")
                }
            }
        }
    }

    /// The check itself catches the figures help texts used to hold.
    func testTheCheckCatchesCopiedFigures() throws {
        let copied = ["5 passes gave WS-353 0.18 and SimLex 0.20", "Google analogies 0.113 harmonic",
                      "cost analogy accuracy (0.113 -> 0.049 at 1e-4)", "about 2.5 points lower",
                      "ingests in 0.96 s", "at 2.1 M tokens/s"]
        for text in copied {
            let caught = try Self.figures.contains { _, pattern in
                try NSRegularExpression(pattern: pattern).firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
            }
            XCTAssertTrue(caught, text)
        }
    }
}
