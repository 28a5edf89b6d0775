import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import XCTest

/// `firth serve`: the JSON API against the CLI's own answers, read-only serving, errors, Ctrl-C.
final class ServeCommandTests: XCTestCase {
    /// One tutorial database (counted, embedded, with an n-gram model) for the tests that only read.
    nonisolated(unsafe) static var shared: (folder: URL, db: String)?

    static func database() throws -> String {
        if let shared { return shared.db }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("firth-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let db = folder.appendingPathComponent("tutorial.sqlite").path
        for arguments in [["ingest", packageRoot.appendingPathComponent("Corpora/tutorial").path, "--db", db],
                          ["count", "--db", db, "--window", "5", "--boundary", "sentence", "--min-count", "2"],
                          ["embed", "--db", db, "--dimensions", "50"],
                          ["ngrams", "--db", db, "--quiet"]] {
            let result = try firth(arguments)
            XCTAssertEqual(result.status, 0, "\(arguments): \(result.stderr)")
        }
        shared = (folder, db)
        return db
    }

    override class func tearDown() {
        if let shared { try? FileManager.default.removeItem(at: shared.folder) }
        shared = nil
        super.tearDown()
    }

    /// The CLI's standard output for `arguments` on the shared database.
    func cli(_ arguments: [String]) throws -> String {
        let result = try firth(arguments + ["--db", try Self.database(), "--format", "json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        return result.stdout
    }

    func testAPIAnswersAsTheCLIDoes() throws {
        let server = try ServeProcess(db: try Self.database(), test: self)
        // The same bytes as `--format json`.
        for (path, arguments) in [
            ("api/neighbors?word=river&top=7", ["neighbors", "river", "--top", "7"]),
            ("api/neighbors?word=\(query("bank - money + water"))", ["neighbors", "bank - money + water"]),
            ("api/collocates?word=bank&measure=logdice&top=12", ["collocates", "bank", "--measure", "logdice", "--top", "12"]),
            ("api/collocates?word=river", ["collocates", "river"]),
            ("api/analogy?a=river&b=water&c=bank", ["analogy", "river", "water", "bank"]),
            ("api/predict?prompt=\(query("we fished from the river"))&top=5", ["predict", "we fished from the river", "--top", "5", "--quiet"]),
        ] {
            let (status, body) = try server.fetch(path)
            XCTAssertEqual(status, 200, path)
            XCTAssertEqual(String(decoding: body, as: UTF8.self), try cli(arguments), path)
        }
        // The concordance's lines are the CLI's rows, in corpus order; a page further on
        // continues where the first stopped.
        let cliLines = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(try cli(["concordance", "bank", "--limit", "0"]).utf8)) as? [[String: Any]])
        let first = try XCTUnwrap(server.json("api/concordance?word=bank&limit=5") as? [String: Any])
        let second = try XCTUnwrap(server.json("api/concordance?word=bank&limit=5&offset=5") as? [String: Any])
        let lines = (first["lines"] as! [[String: Any]]) + (second["lines"] as! [[String: Any]])
        XCTAssertEqual(lines.count, 10)
        XCTAssertEqual(first["total"] as? Int, cliLines.count, "total: every occurrence")
        for (api, cli) in zip(lines, cliLines) { XCTAssertEqual(NSDictionary(dictionary: api), NSDictionary(dictionary: cli)) }
        // Sorted by the word to the right: the first right-hand words are in order, and the
        // lines are the same set as unsorted.
        let sorted = try XCTUnwrap(server.json("api/concordance?word=bank&sort=right&limit=500") as? [String: Any])
        let rights = (sorted["lines"] as! [[String: Any]]).map { ($0["right"] as! String).split(separator: " ").map(String.init) }
        XCTAssertEqual(rights.count, cliLines.count)
        XCTAssertEqual(rights, rights.sorted { $0.lexicographicallyPrecedes($1) })
        XCTAssertEqual(Set((sorted["lines"] as! [[String: Any]]).map { $0["position"] as! Int }), Set(cliLines.map { $0["position"] as! Int }))

        // The word's count is the CLI's vocabulary count; the cosine of compare is `similarity`'s.
        let word = try XCTUnwrap(server.json("api/word?word=River") as? [String: Any])
        XCTAssertEqual(word["word"] as? String, "river", "normalized as the corpus was")
        let vocabulary = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(try cli(["vocab"]).utf8)) as? [[String: Any]])
        let river = try XCTUnwrap(vocabulary.first { $0["word"] as? String == "river" })
        XCTAssertEqual(word["count"] as? Int, river["count"] as? Int)
        let compare = try XCTUnwrap(server.json("api/compare?a=river&b=bank") as? [String: Any])
        let similarity = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(try cli(["similarity", "river", "bank"]).utf8)) as? [[String: Any]])
        XCTAssertEqual(compare["cosine"] as! Double, similarity[0]["similarity"] as! Double, accuracy: 1e-6)

        // Attention: `firth attend --format json`'s object, key for key, plus the page's `neighbors`.
        let sentence = "we fished from the river bank"
        var attend = try XCTUnwrap(server.json("api/attend?sentence=\(query(sentence))") as? [String: Any])
        let cliAttend = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(try cli(["attend", sentence]).utf8)) as? [String: Any])
        let perWord = try XCTUnwrap(attend.removeValue(forKey: "neighbors") as? [[String: Any]])
        XCTAssertEqual(NSDictionary(dictionary: attend), NSDictionary(dictionary: cliAttend))
        XCTAssertEqual(perWord.map { $0["word"] as! String }, cliAttend["words"] as! [String])
        XCTAssertTrue(perWord.allSatisfy { ($0["before"] as? [Any])?.count == 5 && $0["largest_clue"] is String }, "\(perWord)")

        // A continuation: its steps are `firth generate --explain --format json`'s rows.
        let generated = try XCTUnwrap(server.json("api/generate?prompt=\(query("the river"))&words=5&seed=3") as? [String: Any])
        let cliSteps = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(try cli(["generate", "the river", "--words", "5", "--seed", "3",
                                                                                       "--explain", "--quiet"]).utf8)) as? [[String: Any]])
        XCTAssertEqual(NSArray(array: generated["steps"] as! [[String: Any]]), NSArray(array: cliSteps))

        // One spelling of keys everywhere: snake_case, stored parameters included.
        func keys(_ value: Any) -> [String] {
            if let object = value as? [String: Any] { return object.keys + object.values.flatMap(keys) }
            if let array = value as? [Any] { return array.flatMap(keys) }
            return []
        }
        for path in ["api/corpus", "api/word?word=river", "api/compare?a=river&b=bank", "api/map?n=10", "api/concordance?word=bank&limit=2",
                     "api/attend?sentence=\(query(sentence))", "api/generate?prompt=the+river&words=2", "api/word?word=rivr"] {
            let (_, body) = try server.fetch(path)
            let camel = keys(try JSONSerialization.jsonObject(with: body)).filter { $0.contains(where: \.isUppercase) }
            XCTAssertEqual(camel, [], path)
        }

        // The map: the requested number of words, content words first (no "the").
        let map = try XCTUnwrap(server.json("api/map?n=40") as? [String: Any])
        let points = map["points"] as! [[String: Any]]
        XCTAssertEqual(points.count, 40)
        XCTAssertFalse(points.contains { $0["word"] as? String == "the" }, "function words are left out")

        // The corpus: sizes as `firth stats`, the stored tables with their parameters.
        let corpus = try XCTUnwrap(server.json("api/corpus") as? [String: Any])
        let stats = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(try cli(["stats"]).utf8)) as? [[String: Any]])
        for key in ["documents", "tokens", "types", "sentences"] { XCTAssertEqual(corpus[key] as? Int, stats[0][key] as? Int, key) }
        let tables = corpus["tables"] as! [[String: Any]]
        XCTAssertEqual(((tables.first?["parameters"] as? [String: Any])?["window"]) as? Int, 5)
        XCTAssertEqual(((tables.first?["parameters"] as? [String: Any])?["min_count"]) as? Int, 2, "stored minCount, spelled as the API's keys")
        XCTAssertEqual((corpus["suggested_words"] as! [String]).count, 12)
    }

    func testBadRequestsGetJSONErrors() throws {
        let server = try ServeProcess(db: try Self.database(), test: self)
        func error(_ path: String, method: String = "GET") throws -> (Int, [String: Any]) {
            let (status, body) = try server.fetch(path, method: method)
            return (status, try XCTUnwrap(JSONSerialization.jsonObject(with: body) as? [String: Any], path))
        }
        let (status, unknown) = try error("api/word?word=rivr")
        XCTAssertEqual(status, 404)
        XCTAssertTrue((unknown["suggestions"] as? [String] ?? []).contains("river"), "\(unknown)")
        XCTAssertTrue((unknown["error"] as? String ?? "").contains("did you mean"))
        XCTAssertEqual(try error("api/neighbors?word=rivr").0, 404)
        XCTAssertEqual(try error("api/neighbors?word=river&top=0").0, 400)
        XCTAssertEqual(try error("api/neighbors").0, 400, "missing word")
        XCTAssertEqual(try error("api/collocates?word=river&measure=nonsense").0, 400)
        XCTAssertEqual(try error("api/nothing").0, 404)
        XCTAssertEqual(try error("api/corpus", method: "POST").0, 405)
        let long = String(repeating: "river ", count: 1001)
        XCTAssertEqual(try error("api/attend?sentence=\(query(long))").0, 413, "more words than attention allows")
        XCTAssertEqual(try error("api/attend?sentence=\(query(String(repeating: "x", count: 10_001)))").0, 413)
        XCTAssertEqual(try error("api/attend?sentence=zzzz").0, 400, "no word in the vocabulary")
        // The server is still up after all that.
        XCTAssertEqual(try server.fetch("api/corpus").status, 200)
        let (pageStatus, page) = try server.fetch("")
        XCTAssertEqual(pageStatus, 200)
        XCTAssertTrue(String(decoding: page, as: UTF8.self).contains("<title>Firth explorer</title>"))
        XCTAssertEqual(try server.fetch("app.js").status, 200)
        XCTAssertEqual(try server.fetch("../Package.swift").status, 404)
    }

    func testHostHeaderAgainstDNSRebinding() throws {
        let server = try ServeProcess(db: try Self.database(), test: self)
        let port = try XCTUnwrap(server.url.port)
        func get(host: String?, _ path: String = "/api/corpus", method: String = "GET") throws -> (status: Int, text: String) {
            try server.raw("\(method) \(path) HTTP/1.1\r\n" + (host.map { "Host: \($0)\r\n" } ?? "") + "Connection: close\r\n\r\n")
        }
        for host in ["127.0.0.1:\(port)", "localhost:\(port)", "LOCALHOST:\(port)", "[::1]:\(port)", "127.0.0.1", "localhost"] {
            XCTAssertEqual(try get(host: host).status, 200, host)
        }
        // A page of another site whose name now resolves to 127.0.0.1 sends its own name.
        for host in ["evil.example:\(port)", "evil.example", "127.0.0.1.evil.example:\(port)", "localhost:\(port + 1)",
                     "10.0.0.1:\(port)", "[::1]x"] {
            let (status, text) = try get(host: host)
            XCTAssertTrue(status == 403 || (host == "[::1]x" && status == 400), "\(host): \(text)")
            XCTAssertFalse(text.contains("\"documents\""), "\(host) was answered: \(text)")
        }
        let refused = try get(host: "evil.example:\(port)")
        XCTAssertEqual(refused.status, 403)
        XCTAssertTrue(refused.text.contains("\"error\""), refused.text)
        XCTAssertEqual(try get(host: nil).status, 400, "HTTP/1.1 requires Host")

        // HEAD: the headers of GET, no body.
        let head = try get(host: "127.0.0.1:\(port)", method: "HEAD")
        XCTAssertEqual(head.status, 200)
        XCTAssertTrue(head.text.hasSuffix("\r\n\r\n"), head.text)
        XCTAssertTrue(head.text.contains("Content-Security-Policy: default-src 'none'"), head.text)
        // A head larger than the limit is refused, not buffered without end; bad request lines are 400.
        XCTAssertEqual(try get(host: "127.0.0.1:\(port)", "/api/word?word=" + String(repeating: "a", count: 70_000)).status, 413)
        let malformed = try server.raw("nonsense\r\n\r\n")
        XCTAssertEqual(malformed.status, 400)
        XCTAssertTrue(malformed.text.contains("{\"error\":\"malformed request line\"}"), malformed.text)
        XCTAssertEqual(try server.raw("GET http://evil.example/ HTTP/1.1\r\nHost: evil.example\r\n\r\n").status, 400)
        XCTAssertEqual(try server.fetch("api/corpus").status, 200, "still serving")
    }

    /// HTTP/1.1 keeps the connection open: several requests, one after another and pipelined,
    /// are answered on it in order; `Connection: close` and HTTP/1.0 close it after the answer.
    func testPersistentConnections() throws {
        let server = try ServeProcess(db: try Self.database(), test: self)
        let port = try XCTUnwrap(server.url.port)
        let connection = try RawConnection(port: port)
        let get = { (path: String, extra: String) in "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\(extra)\r\n" }
        let neighbors = try server.fetch("api/neighbors?word=river&top=3").body
        for _ in 0..<3 {
            try connection.send(get("/api/neighbors?word=river&top=3", ""))
            let answer = try connection.readAnswer()
            XCTAssertEqual(answer.status, 200)
            XCTAssertTrue(answer.head.contains("Connection: keep-alive"), answer.head)
            XCTAssertEqual(answer.body, neighbors)
        }
        // Pipelined: three heads in one packet, three answers in order.
        try connection.send(get("/api/word?word=river", "") + get("/api/word?word=nosuchword", "") + get("/app.css", ""))
        XCTAssertEqual(try connection.readAnswer().status, 200)
        XCTAssertEqual(try connection.readAnswer().status, 404)
        let css = try connection.readAnswer()
        XCTAssertEqual(css.status, 200)
        XCTAssertTrue(css.head.contains("Content-Type: text/css"), css.head)
        // Connection: close ends it after the answer.
        try connection.send(get("/api/word?word=river", "Connection: close\r\n"))
        let last = try connection.readAnswer()
        XCTAssertTrue(last.head.contains("Connection: close"), last.head)
        XCTAssertTrue(connection.isClosedByPeer(), "the server closed the connection")
        // HTTP/1.0 without keep-alive: closed after one answer.
        let old = try RawConnection(port: port)
        try old.send("GET /api/word?word=river HTTP/1.0\r\nHost: 127.0.0.1:\(port)\r\n\r\n")
        XCTAssertTrue(try old.readAnswer().head.contains("Connection: close"))
        XCTAssertTrue(old.isClosedByPeer())
        // A request with a body (never read) is answered, then the connection is closed.
        let withBody = try RawConnection(port: port)
        try withBody.send("GET /api/word?word=river HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nContent-Length: 5\r\n\r\nhello")
        XCTAssertTrue(try withBody.readAnswer().head.contains("Connection: close"))
        // Many connections open at once, each answered (more than the handlers running at a time).
        let many = try (0..<40).map { _ in try RawConnection(port: port) }
        for c in many { try c.send(get("/api/word?word=bank", "")) }
        for c in many { XCTAssertEqual(try c.readAnswer().status, 200) }
        // Ctrl-C with idle persistent connections still open: the server stops at once.
        let started = Date()
        XCTAssertEqual(server.interrupt(), 0)
        XCTAssertLessThan(Date().timeIntervalSince(started), 5, "idle connections held the server")
    }

    func testServesReadOnlyWhileIngestWrites() throws {
        let folder = try makeTemporaryFolder(self)
        let db = folder.appendingPathComponent("copy.sqlite").path
        try FileManager.default.copyItem(atPath: try Self.database(), toPath: db)
        let before = try Data(contentsOf: URL(fileURLWithPath: db))
        let modified = try FileManager.default.attributesOfItem(atPath: db)[.modificationDate] as? Date
        let server = try ServeProcess(db: db, test: self)
        for path in ["api/corpus", "api/word?word=river", "api/neighbors?word=river", "api/collocates?word=river&measure=llr",
                     "api/concordance?word=river&sort=left", "api/map?n=30", "api/attend?sentence=the+bank+approved+the+loan",
                     "api/predict?prompt=the+river", "api/generate?prompt=the+river&words=5"] {
            XCTAssertEqual(try server.fetch(path).status, 200, path)
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: db)), before, "the served database's bytes changed")
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: db)[.modificationDate] as? Date, modified)

        // A writer at the same time: ingest succeeds, and the server sees its document.
        let extra = folder.appendingPathComponent("extra.txt")
        try "The quokka waited by the river. The quokka caught a fish.\n".write(to: extra, atomically: true, encoding: .utf8)
        let ingest = try firth(["ingest", extra.path, "--db", db])
        XCTAssertEqual(ingest.status, 0, ingest.stderr)
        let corpus = try XCTUnwrap(server.json("api/corpus") as? [String: Any])
        let stats = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(try firth(["stats", "--db", db, "--format", "json"]).stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(corpus["documents"] as? Int, stats[0]["documents"] as? Int)
        let quokka = try XCTUnwrap(server.json("api/concordance?word=quokka") as? [String: Any])
        XCTAssertEqual(quokka["total"] as? Int, 2, "a word of the new document, counted")
    }

    func testPortInUseAndCtrlC() throws {
        let server = try ServeProcess(db: try Self.database(), test: self)
        let port = try XCTUnwrap(server.url.port)
        let second = try firth(["serve", "--db", try Self.database(), "--port", String(port)])
        XCTAssertEqual(second.status, 1)
        XCTAssertEqual(second.stderr.split(separator: "\n").count, 1, second.stderr)
        XCTAssertTrue(second.stderr.contains("port \(port) on 127.0.0.1 is already in use"), second.stderr)
        XCTAssertTrue(second.stderr.contains("--port"), second.stderr)
        XCTAssertEqual(server.url.host, "127.0.0.1", "only this machine by default")

        XCTAssertEqual(server.interrupt(), 0, "Ctrl-C ends the server cleanly")
        XCTAssertTrue(server.stderr.contains("stopped"), server.stderr)
        XCTAssertThrowsError(try server.fetch("api/corpus"), "nothing listens any more")
    }

    func testRefusesAMissingDatabaseAndABadHost() throws {
        let folder = try makeTemporaryFolder(self)
        let missing = try firth(["serve", "--db", folder.appendingPathComponent("none.sqlite").path, "--port", "0"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("none.sqlite").path), "serve created a database")
        let host = try firth(["serve", "--db", try Self.database(), "--port", "0", "--host", "localhost.invalid"])
        XCTAssertEqual(host.status, 1)
        XCTAssertTrue(host.stderr.contains("--host"), host.stderr)
    }

    /// The page's reader runs firth: what is missing is said with the command that makes it,
    /// as the terminal says it.
    func testAMissingPartIsAnsweredWithTheCommandThatMakesIt() throws {
        let (_, db) = try makeCountedTutorialDatabase(self)
        let server = try ServeProcess(db: db, test: self)
        let (status, body) = try server.fetch("api/predict?prompt=the+river")
        XCTAssertEqual(status, 404)
        let answer = try XCTUnwrap(JSONSerialization.jsonObject(with: body) as? [String: Any])
        XCTAssertEqual(answer["error"] as? String, "an embedding does not exist yet; make one with `firth embed --db \(db)`")
    }
}
