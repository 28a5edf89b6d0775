import Foundation
import XCTest

/// `firth serve`'s pages in headless Chromium: each page's DOM after its requests have answered,
/// with no console message; text from the corpus shown as text, never as markup.
final class ServeBrowserTests: XCTestCase {
    /// Loads `fragment` (a page's hash) from `server` and returns the DOM and the console lines.
    func page(_ fragment: String, server: ServeProcess, chromium: String, profile: URL) throws -> (dom: String, console: [String]) {
        let url = URL(string: "#/" + fragment, relativeTo: server.url)!.absoluteURL
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium)
        // --virtual-time-budget: run the page's scripts until its requests have answered and it
        // is idle (up to 20 virtual seconds) before dumping the DOM. --no-sandbox: CI runs as root.
        process.arguments = ["--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--enable-logging=stderr", "--v=0",
                             "--user-data-dir=\(profile.path)", "--virtual-time-budget=20000", "--dump-dom", url.absoluteString]
        let folder = try makeTemporaryFolder(self)
        let outURL = folder.appendingPathComponent("out"), errURL = folder.appendingPathComponent("err")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        if process.isRunning { process.terminate(); process.waitUntilExit(); XCTFail("Chromium did not finish loading \(fragment)") }
        let dom = String(decoding: try Data(contentsOf: outURL), as: UTF8.self)
        let console = String(decoding: try Data(contentsOf: errURL), as: UTF8.self).split(separator: "\n").map(String.init).filter { $0.contains(":CONSOLE") }
        return (dom, console)
    }

    func testEveryPageInHeadlessChromium() throws {
        guard let chromium = ReportCommandTests.chromium else {
            throw XCTSkip("SKIPPED browser test: Chromium is not installed (apt-get install chromium; `make test` installs it as root, or set FIRTH_CHROMIUM)")
        }
        let db = try ServeCommandTests.database()
        let server = try ServeProcess(db: db, test: self)
        let profile = try makeTemporaryFolder(self).appendingPathComponent("profile")
        func load(_ fragment: String) throws -> String {
            let (dom, console) = try page(fragment, server: server, chromium: chromium, profile: profile)
            XCTAssertEqual(console, [], "\(fragment) logged to the console")
            XCTAssertFalse(dom.contains("class=\"problem\""), "\(fragment) showed an error: \(dom)")
            XCTAssertFalse(dom.contains("Loading…</p></main>"), "\(fragment) did not finish loading")
            return dom
        }
        let json = { (path: String) throws -> Any in try server.json(path) }

        let corpus = try load("corpus")
        let suggested = try XCTUnwrap((try json("api/corpus") as? [String: Any])?["suggested_words"] as? [String])
        XCTAssertTrue(corpus.contains("Words to start from"))
        XCTAssertTrue(corpus.contains(">\(suggested[0])</a>"), "a suggested word is a link")
        XCTAssertTrue(corpus.contains("chart zipf"), "the Zipf plot")
        XCTAssertTrue(corpus.contains("w5."), "the count table's name")

        let word = try load("word/river")
        let neighbors = try XCTUnwrap(try json("api/neighbors?word=river&top=3") as? [[String: Any]])
        for n in neighbors { XCTAssertTrue(word.contains("href=\"#/word/\(n["neighbor"] as! String)\""), "neighbour \(n) is a link") }
        XCTAssertTrue(word.contains("class=\"kw\">river<"), "the concordance's keyword")
        XCTAssertTrue(word.contains("Collocates"))
        let sortedLeft = try load("word/bank?sort=left&page=1")
        XCTAssertTrue(sortedLeft.contains("26–"), "the second page of the concordance: \(sortedLeft.prefix(0))")

        let compare = try load("compare/river/bank?analogy=river,water,bank")
        let cosine = try XCTUnwrap((try json("api/compare?a=river&b=bank") as? [String: Any])?["cosine"] as? Double)
        XCTAssertTrue(compare.contains(String(format: "%.3f", cosine)), "the cosine")
        let analogy = try XCTUnwrap(try json("api/analogy?a=river&b=water&c=bank") as? [[String: Any]])
        XCTAssertTrue(compare.contains(">\(analogy[0]["answer"] as! String)</a>"), "the analogy's answer")

        let mapped = try XCTUnwrap((try json("api/map?n=50") as? [String: Any])?["points"] as? [[String: Any]])
        let onMap = try XCTUnwrap(mapped.first?["word"] as? String)
        let map = try load("map?n=50&q=\(onMap)")
        XCTAssertEqual(map.components(separatedBy: "class=\"point").count - 1, 50, "50 words on the map")
        XCTAssertTrue(map.contains("chosen\" transform"), "the searched word is highlighted")
        XCTAssertTrue(map.contains("<h3><a href=\"#/word/\(onMap)\" class=\"w\">\(onMap)</a></h3>"), "its panel")
        XCTAssertTrue(map.contains("neighbor\""), "its neighbours are highlighted")

        let sentence = try load("sentence?s=we%20fished%20from%20the%20river%20bank")
        XCTAssertEqual(sentence.components(separatedBy: "class=\"weight").count - 1, 36, "a 6 × 6 attention matrix")
        XCTAssertTrue(sentence.contains("largest clue"))
        XCTAssertTrue(sentence.contains("class=\"next-words\""), "the next-word table")
        XCTAssertTrue(sentence.contains("class=\"continuation\">we fished from the river bank "), "a continuation")
    }

    func testCorpusTextIsShownAsText() throws {
        guard let chromium = ReportCommandTests.chromium else {
            throw XCTSkip("SKIPPED browser test: Chromium is not installed (apt-get install chromium; `make test` installs it as root, or set FIRTH_CHROMIUM)")
        }
        let folder = try makeTemporaryFolder(self)
        let db = folder.appendingPathComponent("markup.sqlite").path
        // The file's name is shown as the source of its concordance lines: markup there too.
        let text = folder.appendingPathComponent("\"><img src=x onerror=alert(1)>.txt")
        let hostile = "the river <script>alert(1)</script> bank \"><img src=x onerror=alert(1)> river bank water"
        try (hostile + "\n" + hostile + "\n").write(to: text, atomically: true, encoding: .utf8)
        for arguments in [["ingest", packageRoot.appendingPathComponent("Corpora/tutorial").path, text.path, "--db", db],
                          ["count", "--db", db, "--min-count", "1"], ["embed", "--db", db, "--dimensions", "20", "--method", "svd"]] {
            let result = try firth(arguments)
            XCTAssertEqual(result.status, 0, "\(arguments): \(result.stderr)")
        }
        let server = try ServeProcess(db: db, test: self)
        let lines = try XCTUnwrap((try server.json("api/concordance?word=onerror") as? [String: Any])?["lines"] as? [[String: Any]])
        XCTAssertFalse(lines.isEmpty)
        let (dom, console) = try page("word/onerror", server: server, chromium: chromium, profile: folder.appendingPathComponent("profile"))
        XCTAssertEqual(console, [], "the page logged to the console (an alert or a failed image would)")
        XCTAssertTrue(dom.contains("class=\"kw\">onerror<"), dom)
        XCTAssertFalse(dom.contains("<img src=\"x\""), "corpus text became an image element")
        XCTAssertFalse(dom.contains("<script>alert"), "corpus text became a script element")
        XCTAssertTrue(dom.contains("&lt;img src=x onerror=alert(1)&gt;.txt"), "the source's name, as text")

        // A typed sentence with markup: shown back as text in its box.
        let typed = "<img src=x onerror=alert(2)> river bank"
        let (sentence, sentenceConsole) = try page("sentence?s=\(query(typed))", server: server, chromium: chromium,
                                                    profile: folder.appendingPathComponent("profile"))
        XCTAssertEqual(sentenceConsole, [])
        XCTAssertTrue(sentence.contains("&lt;img src=x onerror=alert(2)&gt; river bank</textarea>"), sentence)
        XCTAssertFalse(sentence.contains("<img src=\"x\""))
    }
}
