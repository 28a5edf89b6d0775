import Foundation
import GRDB
import XCTest
@testable import FirthKit

/// What `count --engine spark` does when Spark cannot run or fails: a one-line error, and never
/// a table that looks complete. Fake `spark-submit` and `java` scripts stand in for Spark, so
/// these run everywhere.
final class SparkCountFailureTests: XCTestCase {
    /// A folder with an executable script `name` running `body`.
    func script(_ name: String, _ body: String) throws -> URL {
        let folder = try makeTemporaryFolder(self)
        let file = folder.appending(path: name)
        try "#!/bin/sh\n\(body)\n".write(to: file, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file.path)
        return file
    }

    /// Settings whose Java is a fake `JAVA_HOME/bin/java` and whose spark-submit runs `body`.
    func settings(submit body: String) throws -> SparkSettings {
        let java = try script("java", "exit 0")
        let home = try makeTemporaryFolder(self)
        try FileManager.default.createDirectory(at: home.appending(path: "bin"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: java, to: home.appending(path: "bin/java"))
        var settings = SparkSettings()
        settings.submit = try script("spark-submit", body).path
        settings.staging = try makeTemporaryFolder(self).path
        settings.environment = ["PATH": "/usr/bin:/bin", "JAVA_HOME": home.path]
        return settings
    }

    func store() throws -> CorpusStore {
        try makeStore(self, documents: ["the cat sat on the mat. the dog sat on the log.", "a cat and a dog"])
    }

    /// Every row of cooccurrence_tables, complete or not.
    func tableRows(_ store: CorpusStore) throws -> Int {
        try store.dbQueue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM cooccurrence_tables") ?? -1 }
    }

    func countFails(_ settings: SparkSettings, _ store: CorpusStore, file: StaticString = #filePath, line: UInt = #line) -> String {
        var parameters = CountParameters()
        parameters.minCount = 1
        var message = ""
        XCTAssertThrowsError(try SparkCounter(settings: settings).count(store: store, parameters), file: file, line: line) { error in
            message = "\(error)"
        }
        XCTAssertFalse(message.contains("\n"), "one line: \(message)", file: file, line: line)
        XCTAssertEqual(try tableRows(store), 0, "no table is left behind: \(message)", file: file, line: line)
        return message
    }

    func testNoJava() throws {
        var settings = try settings(submit: "exit 0")
        settings.environment = ["PATH": "/nonexistent"]
        XCTAssertEqual(countFails(settings, try store()),
                       "Spark needs Java 17, and none was found (no java on PATH, JAVA_HOME not set): install it (apt-get install openjdk-17-jre-headless) or set JAVA_HOME")
        settings.environment = ["PATH": "/nonexistent", "JAVA_HOME": "/nonexistent/jdk"]
        XCTAssertTrue(countFails(settings, try store()).hasPrefix("Spark needs Java 17, and JAVA_HOME=/nonexistent/jdk has no bin/java"))
    }

    func testNoSparkSubmit() throws {
        var settings = try settings(submit: "exit 0")
        settings.submit = "/nonexistent/spark-submit"
        XCTAssertTrue(countFails(settings, try store()).hasPrefix("spark-submit was not found at /nonexistent/spark-submit:"))
        settings.submit = nil   // neither on PATH nor beside a pyspark package (no python3 on this PATH)
        XCTAssertTrue(countFails(settings, try store()).hasPrefix("spark-submit was not found (not on PATH, and python3 has no pyspark package)"))
    }

    func testFailedJobLeavesNoTableAndALaterCountRecounts() throws {
        let store = try store()
        let settings = try settings(submit: """
            echo "26/12/02 05:45:17 INFO SparkContext: Running Spark version 4.3.0"
            echo "pyspark.errors.exceptions.captured.AnalysisException: [TABLE_OR_VIEW_NOT_FOUND] job0_tokens" >&2
            echo "26/12/02 05:45:18 INFO ShutdownHookManager: Shutdown hook called"
            exit 3
            """)
        let message = countFails(settings, store)
        XCTAssertTrue(message.hasPrefix("spark-submit: the Spark job failed (exit status 3): pyspark.errors.exceptions.captured.AnalysisException: [TABLE_OR_VIEW_NOT_FOUND] job0_tokens; nothing was imported; its log is "), message)
        // The log named is there, beside the staged tokens.
        let log = String(message.split(separator: " ").last!)
        XCTAssertTrue(try String(contentsOfFile: log, encoding: .utf8).contains("AnalysisException"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: log.replacingOccurrences(of: "spark.log", with: "job0/tokens.tsv")))
        // A later count counts afresh (nothing to reuse), and embed-like readers see only it.
        var parameters = CountParameters()
        parameters.minCount = 1
        let (table, reused) = try CooccurrenceCounter(store: store).count(parameters)
        XCTAssertFalse(reused)
        XCTAssertEqual(try store.cooccurrenceTables().map(\.id), [table.id])
    }

    func testKilledJob() throws {
        let message = countFails(try settings(submit: "kill -9 $$"), try store())
        XCTAssertTrue(message.hasPrefix("spark-submit: the Spark job was killed (signal 9); nothing was imported; its log is "), message)
    }

    func testJobThatWritesNothing() throws {
        let message = countFails(try settings(submit: "exit 0"), try store())
        XCTAssertTrue(message.hasSuffix("job0/cells: Spark wrote no complete output here (no _SUCCESS); nothing was imported"), message)
    }

    /// A job that dies half-way through its output: the part files are there, the mark is not.
    func testHalfWrittenOutputIsNotImported() throws {
        let message = countFails(try settings(submit: """
            for a; do manifest="$a"; done; dir=$(dirname "$manifest")/job0/cells; mkdir -p "$dir"
            printf '1\\t2\\t3.0\\n' > "$dir/part-00000.csv"
            exit 0
            """), try store())
        XCTAssertTrue(message.contains("no _SUCCESS"), message)
    }
}
