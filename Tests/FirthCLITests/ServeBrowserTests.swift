import Foundation
import XCTest

/// `firth serve` in a real browser: Chromium driven by Selenium (`Tests/Browser/serve_browser.py`),
/// one session that types, clicks and reads every page as a user does, fails on any console
/// message or alert, and checks that markup in the corpus and in a typed sentence stays text.
final class ServeBrowserTests: XCTestCase {
    func testTypingAndClickingThroughEveryPageInChromium() throws {
        guard let chromium = ReportCommandTests.chromium else {
            throw XCTSkip("SKIPPED browser test: Chromium is not installed (apt-get install chromium chromium-driver; `make test` installs them as root, or set FIRTH_CHROMIUM)")
        }
        // The corpus with markup in its text and in a file's name (shown as the concordance's source).
        let folder = try makeTemporaryFolder(self)
        let markupDB = folder.appendingPathComponent("markup.sqlite").path
        let text = folder.appendingPathComponent("\"><img src=x onerror=alert(1)>.txt")
        let hostile = "the river <script>alert(1)</script> bank \"><img src=x onerror=alert(1)> river bank water"
        try (hostile + "\n" + hostile + "\n").write(to: text, atomically: true, encoding: .utf8)
        for arguments in [["ingest", packageRoot.appendingPathComponent("Corpora/tutorial").path, text.path, "--db", markupDB],
                          ["count", "--db", markupDB, "--min-count", "1"], ["embed", "--db", markupDB, "--dimensions", "20", "--method", "svd"]] {
            let result = try firth(arguments)
            XCTAssertEqual(result.status, 0, "\(arguments): \(result.stderr)")
        }
        let tutorial = try ServeProcess(db: try ServeCommandTests.database(), test: self)
        let markup = try ServeProcess(db: markupDB, test: self)

        let script = packageRoot.appendingPathComponent("Tests/Browser/serve_browser.py")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, tutorial.url.absoluteString, markup.url.absoluteString]
        var environment = ProcessInfo.processInfo.environment
        environment["FIRTH_CHROMIUM"] = chromium
        process.environment = environment
        let errURL = folder.appendingPathComponent("browser-err")
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: errURL)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(300)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        if process.isRunning { process.terminate(); process.waitUntilExit(); XCTFail("the browser session did not finish in 300 s") }
        let report = String(decoding: try Data(contentsOf: errURL), as: UTF8.self)
        if process.terminationStatus == 77 { throw XCTSkip("SKIPPED browser test: \(report)") }
        XCTAssertEqual(process.terminationStatus, 0, report)
        print(report.split(separator: "\n").last ?? "")
    }
}
