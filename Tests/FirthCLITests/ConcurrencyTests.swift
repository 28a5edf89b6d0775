import Foundation
import GRDB
import XCTest
import FirthKit

/// The crash-and-concurrency suite: real `firth` processes at the same time on one database,
/// made deterministic by holding a writer at a known point (an ingest reading standard input
/// holds the writer lock until its input ends) instead of by timing.
final class ConcurrencyTests: XCTestCase {
    /// A folder of `count` documents of random words `prefix0`, `prefix1`, ... (distinct texts).
    static func makeCorpus(_ folder: URL, prefix: String, documents count: Int, words: Int = 200) throws -> URL {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var generator = SystemRandomNumberGenerator()
        for i in 0..<count {
            var text = "\(prefix)doc\(i) "
            for j in 0..<words { text += "\(prefix)\(Int.random(in: 0..<300, using: &generator))" + (j % 17 == 16 ? ". " : " ") }
            try Data(text.utf8).write(to: folder.appendingPathComponent(String(format: "%@%04d.txt", prefix, i)))
        }
        return folder
    }

    /// Every stored document, read back through its tokens, is its own text tokenized; no text twice.
    static func assertIntact(_ path: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let store = try CorpusStore(path: path, readOnly: true)
        let tokenizer = try store.tokenizer()
        let rows = try store.dbQueue.read { db in
            try Row.fetchAll(db, sql: """
                SELECT d.source, d.text, (SELECT group_concat(w.word, ' ') FROM
                    (SELECT word_id FROM tokens WHERE position BETWEEN d.first_position AND d.first_position + d.token_count - 1
                     ORDER BY position) t JOIN words w USING (word_id)) AS stored
                FROM documents d ORDER BY document_id
                """)
        }
        var mixed: [String] = []
        for row in rows where (row["stored"] as String?) != tokenizer.words(row["text"]).joined(separator: " ") {
            mixed.append(row["source"])
        }
        XCTAssertEqual(mixed, [], "documents stored with other words", file: file, line: line)
        let (integrity, duplicates) = try store.dbQueue.read { db in
            (try String.fetchOne(db, sql: "PRAGMA integrity_check"),
             try Int.fetchOne(db, sql: "SELECT count(*) - count(DISTINCT text) FROM documents"))
        }
        XCTAssertEqual(integrity, "ok", file: file, line: line)
        XCTAssertEqual(duplicates, 0, "documents stored twice", file: file, line: line)
    }

    /// A `firth` process started in the background, its standard input a pipe the test controls.
    final class Background {
        let process = Process()
        let input = Pipe()
        let errURL: URL

        init(_ arguments: [String]) throws {
            process.executableURL = firthBinary
            process.arguments = arguments
            errURL = FileManager.default.temporaryDirectory.appendingPathComponent("firth-err-\(UUID().uuidString)")
            FileManager.default.createFile(atPath: errURL.path, contents: nil)
            process.standardError = try FileHandle(forWritingTo: errURL)
            process.standardOutput = FileHandle.nullDevice
            process.standardInput = input
            try process.run()
        }

        deinit {
            if process.isRunning { process.terminate(); process.waitUntilExit() }
            try? FileManager.default.removeItem(at: errURL)
        }

        var stderr: String { (try? String(contentsOf: errURL, encoding: .utf8)) ?? "" }

        /// Writes `text` to standard input and closes it.
        func finishInput(_ text: String = "") throws {
            input.fileHandleForWriting.write(Data(text.utf8))
            try input.fileHandleForWriting.close()
        }

        func waitUntilExit() -> Int32 {
            process.waitUntilExit()
            return process.terminationStatus
        }

        /// Waits (at most a minute: only against a broken build) until `condition` holds.
        func wait(until condition: () -> Bool) -> Bool {
            let deadline = Date().addingTimeInterval(60)
            while !condition() && Date() < deadline && process.isRunning { usleep(10_000) }
            return condition()
        }
    }

    /// An ingest of standard input holds the writer lock from its start until its input ends.
    func startHeldIngest(db: String, paths: [String] = []) throws -> Background {
        let held = try Background(["ingest", "-"] + paths + ["--db", db, "--quiet"])
        let pid = held.process.processIdentifier
        XCTAssertTrue(held.wait {
            (try? String(contentsOfFile: WriterLock.lockPath(for: db), encoding: .utf8)) == "\(pid)\n"
        }, "the ingest never took the writer lock: \(held.stderr)")
        return held
    }

    func busyMessage(_ db: String, pid: Int32) -> String {
        "firth: error: another firth command is writing to \(db) (pid \(pid)); try again when it has finished — "
            + "nothing was changed, or pass --wait to wait for it\n"
    }

    /// Issue 13, case 1, with two processes: the second writer stops at once, saying which
    /// process writes; with --wait it waits, says so, and then ingests; no document is stored
    /// with another's words and a folder ingested twice at once is stored once.
    func testTwoIngestsAtOnceNeverMixTheirWords() throws {
        let folder = try makeTemporaryFolder(self)
        let a = try Self.makeCorpus(folder.appendingPathComponent("a"), prefix: "a", documents: 40)
        let b = try Self.makeCorpus(folder.appendingPathComponent("b"), prefix: "b", documents: 30)
        let db = folder.appendingPathComponent("x.sqlite").path
        XCTAssertEqual(try firth(["ingest", packageRoot.appendingPathComponent("Corpora/tutorial").path, "--include", "*.txt",
                                  "--db", db, "--quiet"]).status, 0)
        // The first ingest has read the vocabulary and holds the lock, reading its input.
        let first = try startHeldIngest(db: db, paths: [a.path])
        let pid = first.process.processIdentifier
        let second = try firth(["ingest", b.path, "--db", db])
        XCTAssertEqual(second.status, 1)
        XCTAssertEqual(second.stderr, busyMessage(db, pid: pid))
        // A reader reads the committed state meanwhile.
        let stats = try firth(["stats", "--db", db, "--format", "csv"])
        XCTAssertEqual(stats.status, 0, stats.stderr)
        // Two more writers wait: one for the other folder, one for the same folder as the first.
        let waitingB = try Background(["ingest", b.path, "--db", db, "--wait", "--quiet"])
        XCTAssertTrue(waitingB.wait { waitingB.stderr.contains("waiting for another firth command") },
                      "a waiting writer must say so: \(waitingB.stderr)")
        XCTAssertEqual(waitingB.stderr, "waiting for another firth command (pid \(pid)) to finish writing to \(db)...\n")
        let waitingA = try Background(["ingest", a.path, "--db", db, "--wait", "--quiet"])
        XCTAssertTrue(waitingA.wait { waitingA.stderr.contains("waiting for another firth command") })
        try first.finishInput("president harry truman address before a joint session")
        XCTAssertEqual(first.waitUntilExit(), 0, first.stderr)
        XCTAssertEqual(waitingB.waitUntilExit(), 0, waitingB.stderr)
        XCTAssertEqual(waitingA.waitUntilExit(), 0, waitingA.stderr)
        try Self.assertIntact(db)
        let documents = try CorpusStore(path: db, readOnly: true).statistics().documents
        XCTAssertEqual(documents, 23 + 1 + 40 + 30)
    }

    /// A count (or any writer) during an ingest stops at once instead of counting a corpus that
    /// changes under it; queries that would have to make a default embedding stop the same way.
    func testOtherWritersStopWhileAnIngestRuns() throws {
        let folder = try makeTemporaryFolder(self)
        let db = folder.appendingPathComponent("c.sqlite").path
        XCTAssertEqual(try firth(["ingest", "-", "--db", db, "--quiet"], stdin: "the river bank. the bank loan. the river flows.").status, 0)
        let held = try startHeldIngest(db: db)
        let pid = held.process.processIdentifier
        for command in [["count"], ["embed", "--method", "svd", "--dimensions", "4"], ["neighbors", "bank"]] {
            let result = try firth(command + ["--db", db])
            XCTAssertEqual(result.status, 1, "\(command)")
            XCTAssertEqual(result.stderr, busyMessage(db, pid: pid), "\(command)")
        }
        XCTAssertEqual(try firth(["vocab", "--db", db]).status, 0)
        try held.finishInput()
        XCTAssertEqual(held.waitUntilExit(), 0, held.stderr)
        let counted = try firth(["count", "--db", db, "--min-count", "1", "--quiet"])
        XCTAssertEqual(counted.status, 0, counted.stderr)
    }

    /// Another program holding SQLite's lock (a sqlite3 shell in a transaction) is named after
    /// a short wait instead of being waited on silently; with --wait the writer says it waits.
    func testAnotherProgramsLockIsNamedNotWaitedOnSilently() throws {
        let folder = try makeTemporaryFolder(self)
        let db = folder.appendingPathComponent("o.sqlite").path
        XCTAssertEqual(try firth(["ingest", "-", "--db", db, "--quiet"], stdin: "one two").status, 0)
        // The other program: a connection in a write transaction until `release` is signalled.
        let shell = try DatabaseQueue(path: db)
        let locked = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0), released = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            try? shell.inTransaction(.immediate) { _ in
                locked.signal()
                release.wait()
                return .commit
            }
            released.signal()
        }
        locked.wait()
        let stopped = try firth(["ingest", "-", "--db", db], stdin: "three four")
        XCTAssertEqual(stopped.status, 1)
        XCTAssertEqual(stopped.stderr, "firth: error: \(db): another program (not firth) holds a lock on it, "
                       + "such as a sqlite3 shell in the middle of a transaction; end that and try again\n")
        let waiting = try Background(["ingest", "-", "--db", db, "--wait", "--quiet"])
        try waiting.finishInput("five six")
        XCTAssertTrue(waiting.wait { waiting.stderr.contains("waiting for another program") }, waiting.stderr)
        release.signal()
        released.wait()
        XCTAssertEqual(waiting.waitUntilExit(), 0, waiting.stderr)
        XCTAssertEqual(waiting.stderr, "waiting for another program (not firth) to release its lock on \(db)...\n")
        try Self.assertIntact(db)
        XCTAssertEqual(try CorpusStore(path: db, readOnly: true).statistics().documents, 2)
    }

    /// A writer killed with -9 leaves no lock behind: the next writer starts at once.
    func testAKilledWriterLeavesTheDatabaseUnlocked() throws {
        let folder = try makeTemporaryFolder(self)
        let db = folder.appendingPathComponent("k.sqlite").path
        XCTAssertEqual(try firth(["ingest", "-", "--db", db, "--quiet"], stdin: "one two three").status, 0)
        let held = try startHeldIngest(db: db)
        kill(held.process.processIdentifier, SIGKILL)
        _ = held.waitUntilExit()
        let next = try firth(["ingest", "-", "--db", db, "--quiet"], stdin: "four five")
        XCTAssertEqual(next.status, 0, next.stderr)
        try Self.assertIntact(db)
        XCTAssertEqual(try CorpusStore(path: db, readOnly: true).statistics().documents, 2)
    }
}
