import Foundation
import XCTest
import FirthKit

/// `firth report` end to end, and the page it writes opened in a real browser (headless Chromium).
final class ReportCommandTests: XCTestCase {
    /// A database of the tutorial corpus, counted and embedded with small, fast settings.
    func makeTutorialDatabase(countAndEmbed: Bool = true) throws -> (folder: URL, db: String) {
        let folder = try makeTemporaryFolder(self)
        let db = folder.appendingPathComponent("tutorial.sqlite").path
        let tutorial = packageRoot.appendingPathComponent("Corpora/tutorial").path
        XCTAssertEqual(try firth(["ingest", tutorial, "--db", db]).status, 0)
        if countAndEmbed {
            XCTAssertEqual(try firth(["count", "--db", db, "--window", "5", "--boundary", "sentence", "--min-count", "2"]).status, 0)
            XCTAssertEqual(try firth(["embed", "--db", db, "--dimensions", "50"]).status, 0)
        }
        return (folder, db)
    }

    func testReportWritesOnePageAndRefusesToOverwrite() throws {
        let (folder, db) = try makeTutorialDatabase()
        let out = folder.appendingPathComponent("report.html").path
        let first = try firth(["report", "--db", db, "--out", out, "--sentence", "we fished from the river bank", "--focus", "bank"])
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertTrue(first.stderr.contains("wrote \(out)"), first.stderr)
        let html = try String(contentsOfFile: out, encoding: .utf8)
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>"))
        XCTAssertTrue(html.contains("Sentence 1:"))

        let again = try firth(["report", "--db", db, "--out", out])
        XCTAssertEqual(again.status, 1)
        XCTAssertTrue(again.stderr.contains("exists; add --force"), again.stderr)
        XCTAssertEqual(try String(contentsOfFile: out, encoding: .utf8), html, "the old report is left alone")
        let forced = try firth(["report", "--db", db, "--out", out, "--force", "--words", "river,loan", "--quiet"])
        XCTAssertEqual(forced.status, 0, forced.stderr)
        XCTAssertEqual(forced.stderr, "")
        XCTAssertTrue(try String(contentsOfFile: out, encoding: .utf8).contains("--words river,loan"))

        // Issue 13: an output path never destroys what it does not name. A link is written
        // through (the link stays, its file is replaced); a device stays a device.
        let link = folder.appendingPathComponent("link.html").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: out)
        let throughLink = try firth(["report", "--db", db, "--out", link, "--words", "bank,money", "--quiet"])
        XCTAssertEqual(throughLink.status, 1)
        XCTAssertTrue(throughLink.stderr.contains("exists; add --force"), throughLink.stderr)
        XCTAssertEqual(try firth(["report", "--db", db, "--out", link, "--force", "--words", "bank,money", "--quiet"]).status, 0)
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: link), out)
        XCTAssertTrue(try String(contentsOfFile: out, encoding: .utf8).contains("--words bank,money"))
        let device = try firth(["report", "--db", db, "--out", "/dev/null", "--force", "--words", "river,loan", "--quiet"])
        XCTAssertEqual(device.status, 0, device.stderr)
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: "/dev/null")[.type] as? FileAttributeType, .typeCharacterSpecial)
        let toFolder = try firth(["report", "--db", db, "--out", folder.path, "--force", "--quiet"])
        XCTAssertEqual(toFolder.status, 1)
        XCTAssertTrue(toFolder.stderr.contains("is a folder"), toFolder.stderr)

        let unknown = try firth(["report", "--db", db, "--out", out, "--force", "--words", "river,zyzzyva"])
        XCTAssertEqual(unknown.status, 1)
        XCTAssertTrue(unknown.stderr.contains("zyzzyva"), unknown.stderr)
    }

    func testReportMakesTheTablesItNeedsWithDefaults() throws {
        let (folder, db) = try makeTutorialDatabase(countAndEmbed: false)
        let out = folder.appendingPathComponent("report.html").path
        let result = try firth(["report", "--db", db, "--out", out])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("no co-occurrence table yet"), result.stderr)
        XCTAssertTrue(result.stderr.contains("no embedding yet"), result.stderr)
        // Before the skip-gram part starts, how long it will take, timed on this machine.
        XCTAssertTrue(result.stderr.contains("skip-gram will take "), result.stderr)
        // The tutorial corpus trains in less than a second: said so, not "about 0 s".
        XCTAssertFalse(result.stderr.contains("about 0 s"), result.stderr)
        // … said as soon as the embedding is begun (the report counted its table before).
        let embedding = try XCTUnwrap(result.stderr.range(of: "no embedding yet"))
        let estimate = try XCTUnwrap(result.stderr.range(of: "skip-gram will take "))
        XCTAssertLessThan(embedding.lowerBound, estimate.lowerBound, result.stderr)
        let html = try String(contentsOfFile: out, encoding: .utf8)
        XCTAssertTrue(html.contains(CountParameters().name), "the default table is named after the default knobs")
        XCTAssertTrue(html.contains("No sentence given"))
    }

    // MARK: - In a browser

    /// Chromium's executable: $FIRTH_CHROMIUM, else the first of chromium, chromium-browser, google-chrome on PATH.
    static var chromium: String? {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["FIRTH_CHROMIUM"], !path.isEmpty { return path }
        let folders = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            for folder in folders where FileManager.default.isExecutableFile(atPath: folder + "/" + name) { return folder + "/" + name }
        }
        return nil
    }

    /// Runs headless Chromium on `url` with `arguments`, killing it after `timeout` seconds.
    func runChromium(_ chromium: String, _ arguments: [String], url: URL, profile: URL, timeout: TimeInterval = 90) throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium)
        // --no-sandbox: tests run as root in CI, where Chromium's sandbox refuses to start.
        // The resolver rule makes any attempt to reach the network fail (and log an error).
        process.arguments = ["--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--hide-scrollbars",
                             "--enable-logging=stderr", "--v=0", "--user-data-dir=\(profile.path)",
                             "--host-resolver-rules=MAP * ~NOTFOUND"] + arguments + [url.absoluteString]
        let folder = try makeTemporaryFolder(self)
        let outURL = folder.appendingPathComponent("out"), errURL = folder.appendingPathComponent("err")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            XCTFail("Chromium did not finish within \(Int(timeout)) s")
        }
        return CommandResult(status: process.terminationStatus,
                             stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                             stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }

    /// What a PNG shows, decoded by python3's zlib: size, distinct colours, share of non-white pixels.
    struct ScreenshotSummary: Equatable { var width: Int; var height: Int; var colors: Int; var inked: Double }

    static let pngSummaryScript = #"""
    import struct, sys, zlib
    data = open(sys.argv[1], 'rb').read()
    assert data[:8] == b'\x89PNG\r\n\x1a\n', 'not a PNG'
    pos, idat, width = 8, b'', 0
    while pos < len(data):
        length, kind = struct.unpack('>I4s', data[pos:pos + 8]); body = data[pos + 8:pos + 8 + length]; pos += 12 + length
        if kind == b'IHDR': width, height, depth, color = struct.unpack('>IIBB', body[:10])
        elif kind == b'IDAT': idat += body
    assert depth == 8 and color in (2, 6), 'unexpected PNG format %d/%d' % (depth, color)
    bpp = 3 if color == 2 else 4; stride = width * bpp
    raw = zlib.decompress(idat); prev = bytearray(stride); colors = set(); inked = 0
    for y in range(height):
        f = raw[y * (stride + 1)]; line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0; b = prev[i]; c = prev[i - bpp] if i >= bpp else 0
            if f == 1: line[i] = (line[i] + a) & 255
            elif f == 2: line[i] = (line[i] + b) & 255
            elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else (b if pb <= pc else c))) & 255
        if y % 4 == 0:
            for x in range(0, width, 2):
                px = bytes(line[x * bpp:x * bpp + 3]); colors.add(px)
                if px != b'\xff\xff\xff': inked += 1
        prev = line
    print(width, height, len(colors), inked / (((height + 3) // 4) * ((width + 1) // 2)))
    """#

    func summarize(png: URL) throws -> ScreenshotSummary? {
        guard let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first(where: FileManager.default.isExecutableFile)
                ?? ProcessInfo.processInfo.environment["PATH"]?.split(separator: ":").map({ $0 + "/python3" }).first(where: FileManager.default.isExecutableFile) else {
            return nil
        }
        let script = png.deletingLastPathComponent().appendingPathComponent("png_summary.py")
        try Self.pngSummaryScript.write(to: script, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script.path, png.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let fields = output.split(separator: " ").map { String($0).trimmingCharacters(in: .whitespacesAndNewlines) }
        guard process.terminationStatus == 0, fields.count == 4, let w = Int(fields[0]), let h = Int(fields[1]),
              let c = Int(fields[2]), let inked = Double(fields[3]) else {
            XCTFail("could not read the screenshot: \(output)")
            return nil
        }
        return ScreenshotSummary(width: w, height: h, colors: c, inked: inked)
    }

    /// Width and height from a PNG's IHDR chunk, without decoding it.
    func pngSize(_ data: Data) -> (Int, Int)? {
        let bytes = [UInt8](data.prefix(24))
        guard bytes.count == 24, bytes[0] == 0x89, bytes[1] == 0x50, Array(bytes[12..<16]) == Array("IHDR".utf8) else { return nil }
        let be = { (o: Int) in bytes[o..<o + 4].reduce(0) { $0 << 8 | Int($1) } }
        return (be(16), be(20))
    }

    func testReportInHeadlessChromium() throws {
        guard let chromium = Self.chromium else {
            throw XCTSkip("SKIPPED browser test: Chromium is not installed (apt-get install chromium; `make test` installs it as root, or set FIRTH_CHROMIUM)")
        }
        let (folder, db) = try makeTutorialDatabase()
        let out = folder.appendingPathComponent("report.html")
        let made = try firth(["report", "--db", db, "--out", out.path, "--sentence", "we fished from the river bank",
                              "--sentence", "the bank approved the <loan> & \"it's\"", "--quiet"])
        XCTAssertEqual(made.status, 0, made.stderr)
        let profile = folder.appendingPathComponent("profile")

        // 1. The rendered DOM: every chart is there, and no console message (errors, CSP
        //    violations, bad SVG attributes) was logged while loading.
        let dom = try runChromium(chromium, ["--dump-dom"], url: out, profile: profile)
        XCTAssertEqual(dom.status, 0, dom.stderr)
        let console = dom.stderr.split(separator: "\n").filter { $0.contains(":CONSOLE") }
        XCTAssertEqual(console, [], "the page logged to the console")
        XCTAssertEqual(dom.stdout.components(separatedBy: "<svg ").count - 1, 6, "Zipf, two heatmaps, the map, two attention maps")
        XCTAssertTrue(dom.stdout.contains("Firth report: corpus"))
        XCTAssertFalse(dom.stdout.contains("<loan>"), "sentence text became markup")

        // The console check itself works: the same policy on a page that asks for an outside
        // stylesheet logs a violation (so a changed log format cannot make the check pass silently).
        let control = folder.appendingPathComponent("control.html")
        try #"<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"/><link rel="stylesheet" href="https://example.invalid/x.css"/></head><body><p>control</p></body></html>"#
            .write(to: control, atomically: true, encoding: .utf8)
        let controlRun = try runChromium(chromium, ["--dump-dom"], url: control, profile: profile)
        XCTAssertFalse(controlRun.stderr.split(separator: "\n").filter { $0.contains(":CONSOLE") }.isEmpty,
                       "Chromium logged no console message for a blocked stylesheet: the console check cannot see errors")

        // 2. Screenshots at laptop and phone width are not blank.
        for (width, height) in [(1280, 3600), (390, 2400)] {
            let png = folder.appendingPathComponent("report-\(width).png")
            let shot = try runChromium(chromium, ["--window-size=\(width),\(height)", "--screenshot=\(png.path)"], url: out, profile: profile)
            XCTAssertEqual(shot.status, 0, shot.stderr)
            XCTAssertEqual(shot.stderr.split(separator: "\n").filter { $0.contains(":CONSOLE") }, [])
            let data = try Data(contentsOf: png)
            let size = try XCTUnwrap(pngSize(data), "the screenshot is not a PNG")
            XCTAssertEqual(size.0, width)
            XCTAssertEqual(size.1, height)
            if let summary = try summarize(png: png) {
                XCTAssertGreaterThan(summary.colors, 50, "a page of charts has many colours: \(summary)")
                XCTAssertGreaterThan(summary.inked, 0.03, "the screenshot is almost blank: \(summary)")
                XCTAssertLessThan(summary.inked, 0.9, "the screenshot is almost one colour: \(summary)")
            } else {
                // No python3 to decode it: a blank page of that size compresses to a few kilobytes.
                XCTAssertGreaterThan(data.count, 40_000, "the screenshot looks blank")
            }
        }
    }
}
