import Foundation
import GRDB
import XCTest
import FirthKit

/// Read-only storage, a full disk, and the other failures a user can cause: each is one line in
/// the user's terms (file, flag, what to do), never SQLite's or Foundation's own text.
final class StorageFailureTests: XCTestCase {
    /// Runs `program arguments` and captures what it prints (a tool of the system, not firth).
    @discardableResult
    func run(_ program: String, _ arguments: [String]) throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile(), errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                             stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Mounts a file system at `folder` (made first), unmounted when the test ends; skips the
    /// test where this user may not mount (not root, or a container without the capability).
    func mount(_ arguments: [String], at folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let mounted = try? run("/bin/mount", arguments + [folder.path])
        try XCTSkipUnless(mounted?.status == 0, "cannot mount here (\(mounted?.stderr ?? "no mount")); skipped")
        addTeardownBlock { _ = try? self.run("/bin/umount", [folder.path]) }
    }

    /// A database with a small corpus, closed (no WAL left), in `folder`.
    func makeDatabase(in folder: URL) throws -> String {
        let db = folder.appendingPathComponent("r.sqlite").path
        let made = try firth(["ingest", packageRoot.appendingPathComponent("Corpora/tutorial").path, "--include", "*.txt",
                              "--db", db, "--quiet"])
        XCTAssertEqual(made.status, 0, made.stderr)
        return db
    }

    func assertOneLine(_ result: CommandResult, _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(result.status, 1, result.stderr, file: file, line: line)
        XCTAssertEqual(result.stderr, "firth: error: \(expected)\n", file: file, line: line)
    }

    /// A database on a read-only disk: queries work, writers and default-making queries say why not.
    func testAReadOnlyDiskIsReadAndWritersSayWhyNot() throws {
        let folder = try makeTemporaryFolder(self)
        let source = folder.appendingPathComponent("source")
        try FileManager.default.createDirectory(at: source, withIntermediateDirectories: true)
        let made = try makeDatabase(in: source)
        let mountPoint = folder.appendingPathComponent("ro")
        try mount(["--bind", source.path], at: mountPoint)
        let remounted = try run("/bin/mount", ["-o", "remount,bind,ro", mountPoint.path])
        try XCTSkipUnless(remounted.status == 0, "cannot remount read-only: \(remounted.stderr)")
        let db = mountPoint.appendingPathComponent(URL(fileURLWithPath: made).lastPathComponent).path

        let stats = try firth(["stats", "--db", db, "--format", "csv"])
        XCTAssertEqual(stats.status, 0, stats.stderr)
        XCTAssertTrue(stats.stdout.hasPrefix("documents,tokens,types,sentences\r\n23,"), stats.stdout)
        XCTAssertEqual(try firth(["concordance", "bank", "--db", db, "--limit", "1"]).status, 0)
        assertOneLine(try firth(["ingest", "-", "--db", db], stdin: "more text"),
                      "cannot write to \(db): it is on a read-only disk")
        assertOneLine(try firth(["count", "--db", db]), "cannot write to \(db): it is on a read-only disk")
        assertOneLine(try firth(["neighbors", "bank", "--db", db]),
                      "\(db) has no embedding yet, and one cannot be made here: it is on a read-only disk; "
                      + "make one with `firth embed --db \(db)` where it can be written")
    }

    /// A database in a folder the user cannot write (run as `nobody`): read, never changed.
    func testAFolderTheUserCannotWriteIsRead() throws {
        try XCTSkipUnless(getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"),
                          "needs root and setpriv to run firth as another user; skipped")
        func asNobody(_ arguments: [String]) throws -> CommandResult {
            try run("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", firthBinary.path] + arguments)
        }
        // The build folder may sit where `nobody` cannot reach it (a clone in /root).
        try XCTSkipUnless(try asNobody(["--version"]).status == 0, "user nobody cannot run \(firthBinary.path); skipped")
        let folder = try makeTemporaryFolder(self)
        let db = try makeDatabase(in: folder)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path)
        let before = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        let vocab = try asNobody(["vocab", "--db", db, "--top", "1", "--format", "csv"])
        XCTAssertEqual(vocab.status, 0, vocab.stderr)
        XCTAssertTrue(vocab.stdout.hasPrefix("rank,word,count,per_million\r\n1,the,"), vocab.stdout)
        assertOneLine(try asNobody(["count", "--db", db]), "cannot write to \(db): you cannot write to the folder \(folder.path)")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted(), before)

        // A copy taken while a writer was busy: committed changes still in the -wal file, which a
        // reader that cannot write beside it cannot read. Said so, not read wrongly or half.
        let copy = folder.appendingPathComponent("copy")
        try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
        let copied = copy.appendingPathComponent("c.sqlite").path
        let writer = try DatabaseQueue(path: db)
        try writer.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 0")
            try db.execute(sql: "UPDATE words SET count = count + 1 WHERE word_id = 1")
        }
        for suffix in ["", "-wal"] { try FileManager.default.copyItem(atPath: db + suffix, toPath: copied + suffix) }
        let walSize = try FileManager.default.attributesOfItem(atPath: copied + "-wal")[.size] as? Int
        XCTAssertGreaterThan(walSize ?? 0, 0)
        try writer.close()
        assertOneLine(try asNobody(["vocab", "--db", copied]),
                      "\(copied): cannot be read here: its last changes are still in \(copied)-wal, and reading them needs to write "
                      + "beside the database (you cannot write to the folder \(copy.path)); read it where it can be written, "
                      + "or have them merged first by someone who can (`sqlite3 \(copied) 'PRAGMA wal_checkpoint(TRUNCATE)'`)")
        XCTAssertEqual(try firth(["vocab", "--db", copied, "--top", "1"]).status, 0, "where it can be written, it is read")
    }

    /// A full disk stops an ingest with one line (not one per file), keeps every document that
    /// was stored whole, and a count on it says the same.
    func testAFullDiskStopsWithOneLineAndKeepsWhatWasStored() throws {
        let folder = try makeTemporaryFolder(self)
        let texts = try ConcurrencyTests.makeCorpus(folder.appendingPathComponent("texts"), prefix: "w", documents: 150, words: 3000)
        let disk = folder.appendingPathComponent("disk")
        try mount(["-t", "tmpfs", "-o", "size=2m", "tmpfs"], at: disk)
        let db = disk.appendingPathComponent("full.sqlite").path
        let result = try firth(["ingest", texts.path, "--db", db])
        XCTAssertEqual(result.status, 1)
        let lines = result.stderr.split(separator: "\n")
        XCTAssertEqual(lines.last.map(String.init),
                       "firth: error: the disk holding \(db) is full; what was stored before is intact — free some space and run the same command again")
        XCTAssertEqual(lines.filter { $0.contains("error") }.count, 1, result.stderr)
        XCTAssertFalse(result.stderr.contains("SQLite"), result.stderr)
        let stored = try CorpusStore(path: db, readOnly: true).statistics().documents
        XCTAssertGreaterThan(stored, 0)
        XCTAssertLessThan(stored, 150)
        try ConcurrencyTests.assertIntact(db)
        assertOneLine(try firth(["count", "--db", db, "--min-count", "1"]),
                      "the disk holding \(db) is full; what was stored before is intact — free some space and run the same command again")
    }

    /// A query on a database made by an older Firth upgrades it first (as a writer), then reads.
    func testAQueryUpgradesAnOlderDatabase() throws {
        let folder = try makeTemporaryFolder(self)
        let db = try makeDatabase(in: folder)
        let migration0005 = try String(contentsOf: packageRoot.appendingPathComponent("Migrations/0005_create_embeddings.sql"), encoding: .utf8)
        try DatabaseQueue(path: db).write { db in
            // As a database before 0006: its migration row gone, its table as 0005 made it.
            try db.execute(sql: """
                DELETE FROM grdb_migrations WHERE identifier = '0006_add_embedding_sources';
                DROP TABLE embedding_vectors; DROP TABLE embeddings;
                """)
            try db.execute(sql: migration0005)
        }
        let stats = try firth(["stats", "--db", db, "--format", "csv"])
        XCTAssertEqual(stats.status, 0, stats.stderr)
        XCTAssertTrue(stats.stdout.hasPrefix("documents,tokens,types,sentences\r\n23,"), stats.stdout)
        let applied = try DatabaseQueue(path: db).read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") }
        XCTAssertTrue(applied.contains("0006_add_embedding_sources"))
    }

    func testMessagesNameTheRightThing() throws {
        let folder = try makeTemporaryFolder(self)
        let db = folder.appendingPathComponent("m.sqlite").path
        XCTAssertEqual(try firth(["ingest", "-", "--db", db, "--quiet"], stdin: "the river bank. the bank loan.").status, 0)
        // A minimum count no word reaches: what the corpus has, not a constraint of SQLite.
        assertOneLine(try firth(["count", "--db", db, "--min-count", "9223372036854775807"]),
                      "no word is seen at least 9223372036854775807 times in \(db) (the most frequent, 'the', is seen 2 times); "
                      + "count with a lower minimum (`firth count --min-count 2`) or ingest more text")
        // A query on a database that does not exist creates none.
        let missing = folder.appendingPathComponent("missing.sqlite").path
        assertOneLine(try firth(["neighbors", "bank", "--db", missing]),
                      "\(missing): no such database; create it with `firth ingest FILE... --db \(missing)`")
        XCTAssertFalse(FileManager.default.fileExists(atPath: missing))
        XCTAssertFalse(FileManager.default.fileExists(atPath: WriterLock.lockPath(for: missing)))
        // A writer into a folder that does not exist.
        let nowhere = folder.appendingPathComponent("no/such/x.sqlite").path
        assertOneLine(try firth(["ingest", "-", "--db", nowhere], stdin: "text"),
                      "cannot write to \(nowhere): there is no folder \(folder.path)/no/such")
        // The attention window's flag is --attention-window.
        let attend = try firth(["attend", "the bank", "--attention-window", "0", "--db", db])
        XCTAssertNotEqual(attend.status, 0)
        XCTAssertTrue(attend.stderr.hasPrefix("Error: --attention-window must be at least 1"), attend.stderr)
    }
}
