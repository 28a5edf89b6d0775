import Foundation
import GRDB
import XCTest
@testable import FirthKit

/// `count --engine spark` against SQLite: every cell equal, on two real corpora, for knob
/// combinations covering the window, weightings, directions, boundaries, closed gaps,
/// subsampling, a vocabulary cap and a subcorpus. All Spark counts run as one Spark
/// application (the JVM starts once).
final class SparkCountTests: XCTestCase {
    /// The settings of a real local Spark, or a skip saying what is missing.
    func localSpark() throws -> SparkSettings {
        var settings = SparkSettings()
        settings.master = "local[2]"
        // Settings for inputs this small, in the tests only (they change no value, only the
        // cost of a short local run): no generated code for plans that run for milliseconds,
        // two shuffle partitions rather than 200 for a few thousand rows, and a JVM that
        // compiles with C1 only and collects with one thread. A Spark count of the inaugural
        // corpus took about 40% less CPU time with them (BENCHMARKS.md has the figures).
        settings.configuration = [
            "spark.sql.codegen.wholeStage": "false",
            "spark.sql.shuffle.partitions": "2",
            "spark.default.parallelism": "2",
            "spark.driver.extraJavaOptions": "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
        ]
        do {
            _ = try SparkSubmit(settings: settings)
        } catch {
            throw XCTSkip("Spark is not available, the Spark count tests are skipped (`make test-deps` installs pyspark as root): \(error)")
        }
        return settings
    }

    func ingest(_ corpus: String) throws -> CorpusStore {
        let store = try makeTemporaryStore(self)
        let report = try Ingester(store: store).ingest(paths: [packageRoot.appending(path: "Corpora/\(corpus)").path])
        XCTAssertEqual(report.errors, [])
        return store
    }

    /// The knob combinations compared, each a different corner of the plan.
    func combinations(subcorpus: String?) -> [CountParameters] {
        var all: [CountParameters] = []
        func add(_ configure: (inout CountParameters) -> Void) {
            var p = CountParameters()
            configure(&p)
            all.append(p)
        }
        add { $0.window = 2; $0.weighting = .uniform; $0.minCount = 1 }
        add { $0.window = 5; $0.weighting = .harmonic; $0.direction = .left; $0.boundary = .sentence; $0.gaps = .close }
        add { $0.window = 4; $0.weighting = .linear; $0.direction = .right; $0.gaps = .close; $0.minCount = 3 }
        add { $0.window = 3; $0.weighting = .harmonic; $0.boundary = .sentence; $0.maxVocabulary = 300 }
        add { $0.window = 6; $0.weighting = .uniform; $0.direction = .right; $0.boundary = .sentence }
        add { $0.window = 1; $0.weighting = .linear; $0.direction = .left; $0.subsample = 1e-3; $0.seed = 7; $0.minCount = 2 }
        if let subcorpus {
            add { $0.window = 4; $0.gaps = .close; $0.subcorpus = subcorpus; $0.subsample = 1e-3 }
        }
        return all
    }

    struct Cells {
        var pairs: [String: Double] = [:]
        var marginals: [Int64: [Double]] = [:]
        var engine = ""
    }

    func cells(_ store: CorpusStore, _ table: CooccurrenceTable) throws -> Cells {
        try store.dbQueue.read { db in
            var cells = Cells()
            for row in try Row.fetchAll(db, sql: "SELECT word_id, context_id, count FROM cooccurrence_pairs WHERE table_id = ?",
                                        arguments: [table.id]) {
                cells.pairs["\(row[0] as Int64) \(row[1] as Int64)"] = row[2]
            }
            for row in try Row.fetchAll(db, sql: "SELECT word_id, row_total, column_total FROM cooccurrence_marginals WHERE table_id = ?",
                                        arguments: [table.id]) {
                cells.marginals[row[0]] = [row[1], row[2]]
            }
            cells.engine = try String.fetchOne(db, sql: "SELECT engine FROM cooccurrence_tables WHERE table_id = ?", arguments: [table.id]) ?? ""
            return cells
        }
    }

    /// Equal up to the last bits a sum in another order rounds differently (weighted counts
    /// are sums of fractions; Spark adds them in its own order). Whole counts must be exact.
    func assertClose(_ a: Double, _ b: Double, _ message: @autoclosure () -> String) {
        XCTAssertEqual(a, b, accuracy: 1e-12 * max(1, abs(b)), message())
    }

    func testSparkCountsEveryCellAsSQLiteDoes() throws {
        let settings = try localSpark()
        var requests: [SparkCounter.Request] = []
        var references: [(store: CorpusStore, table: CooccurrenceTable)] = []
        for corpus in ["tutorial", "inaugural"] {
            let spark = try ingest(corpus), sqlite = try ingest(corpus)
            let subcorpus = corpus == "inaugural" ? "modern" : nil
            if let subcorpus {
                for store in [spark, sqlite] { try store.defineSubcorpus(named: subcorpus, SubcorpusDefinition(condition: "year >= 1900")) }
            }
            // Seven jobs, as each costs seconds of `make test`: the tutorial takes three corners
            // (all three weightings and directions, both boundaries, dropped and closed gaps), the
            // inaugural four more (a vocabulary cap, subsampling with a seed, a min-count, a
            // subcorpus), so every value of every knob is compared at least once.
            let all = combinations(subcorpus: subcorpus)
            for parameters in corpus == "tutorial" ? Array(all.prefix(3)) : [all[1], all[3], all[5], all[6]] {
                requests.append(.init(store: spark, parameters: parameters))
                references.append((sqlite, try CooccurrenceCounter(store: sqlite).count(parameters).table))
            }
        }
        let started = Date()
        let counted = try SparkCounter(settings: settings).count(requests)
        print("SparkCountTests: \(requests.count) Spark counts in one spark-submit run: \(String(format: "%.1f", Date().timeIntervalSince(started))) s")

        XCTAssertEqual(counted.count, references.count)
        for ((table, reused), (request, reference)) in zip(counted, zip(requests, references)) {
            let label = "\(reference.table.name) on \(request.store.path)"
            XCTAssertFalse(reused)
            XCTAssertEqual(table.name, reference.table.name)
            XCTAssertEqual(table.parameters, reference.table.parameters, label)
            XCTAssertEqual(table.vocabularySize, reference.table.vocabularySize, label)
            XCTAssertEqual(table.nonzeroCount, reference.table.nonzeroCount, label)
            assertClose(table.total, reference.table.total, label)
            let (a, b) = (try cells(request.store, table), try cells(reference.store, reference.table))
            XCTAssertEqual([a.engine, b.engine], ["spark", "sqlite"], label)
            XCTAssertEqual([table.engine, reference.table.engine], [.spark, .sqlite], label)
            XCTAssertGreaterThan(b.pairs.count, 100, label)
            XCTAssertEqual(Set(a.pairs.keys), Set(b.pairs.keys), label)
            for (key, value) in b.pairs {
                if table.parameters.weighting == .uniform {
                    XCTAssertEqual(a.pairs[key], value, "\(label) cell \(key)")
                } else {
                    assertClose(a.pairs[key] ?? -1, value, "\(label) cell \(key)")
                }
            }
            XCTAssertEqual(Set(a.marginals.keys), Set(b.marginals.keys), label)
            for (word, sums) in b.marginals {
                assertClose(a.marginals[word]?[0] ?? -1, sums[0], "\(label) row sum of \(word)")
                assertClose(a.marginals[word]?[1] ?? -1, sums[1], "\(label) column sum of \(word)")
            }
        }
        // A later count with the same parameters reuses the Spark table, whichever engine asks.
        XCTAssertTrue(try CooccurrenceCounter(store: requests[0].store).count(requests[0].parameters).reused)
    }
}
