import Foundation
import XCTest

/// `firth count --engine spark` as a user runs it: the flags, and a clear error without Spark.
final class SparkCountCommandTests: XCTestCase {
    func database() throws -> String {
        let folder = try makeTemporaryFolder(self)
        try "the cat sat on the mat. the dog sat on the log.".write(to: folder.appending(path: "a.txt"), atomically: true, encoding: .utf8)
        let db = folder.appending(path: "t.sqlite").path
        let ingest = try firth(["ingest", folder.appending(path: "a.txt").path, "--db", db, "--quiet"])
        XCTAssertEqual(ingest.status, 0, ingest.stderr)
        return db
    }

    func testSparkFlagsNeedTheSparkEngine() throws {
        let db = try database()
        let result = try firth(["count", "--db", db, "--staging", "/tmp/x"])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("--staging applies only to --engine spark"), result.stderr)
        let conf = try firth(["count", "--db", db, "--engine", "spark", "--spark-conf", "spark.executor.memory"])
        XCTAssertTrue(conf.stderr.contains("--spark-conf takes key=value (got 'spark.executor.memory')"), conf.stderr)
    }

    func testMissingSparkSubmitIsOneLineAndLeavesNoTable() throws {
        let db = try database()
        let result = try firth(["count", "--db", db, "--min-count", "1", "--engine", "spark", "--spark-submit", "/nonexistent/spark-submit"])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderr, "firth: error: spark-submit was not found at /nonexistent/spark-submit: give the path of Spark's bin/spark-submit, or install Spark with `pip install pyspark`\n")
        let spaces = try firth(["spaces", "--db", db, "--format", "tsv"])
        XCTAssertEqual(spaces.stdout.split(separator: "\n").count, 1, "only the header: \(spaces.stdout)")
    }

    func testHelpExplainsTheEngine() throws {
        let help = try firth(["count", "--help"])
        for flag in ["--engine <sqlite|spark>", "--spark-master <url>", "--spark-submit <path>", "--staging <dir>", "--staging-url <url>", "--spark-conf <key=value>", "--keep-staging"] {
            XCTAssertTrue(help.stdout.contains(flag), flag)
        }
    }
}
