import ArgumentParser
import Foundation
import FirthKit

struct Count: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "count",
        abstract: "Count how often words occur near each other, as SQL aggregates in the database.",
        discussion: """
        Makes a co-occurrence table: for every word and every neighbour within the window, how often \
        they meet. The table is stored with its parameters (see `firth spaces`); counting again with \
        the same parameters on an unchanged corpus reuses it, and a corpus that gained documents is \
        counted again from scratch.

        Example: firth count --window 2 --weighting harmonic

        With --engine spark the pairs are counted by Apache Spark instead of SQLite: the same \
        counting SQL in Spark's dialect, the same cells, imported into the same tables (see \
        README.md, "Counting on Spark").

        Example: firth count --engine spark --spark-master 'local[2]'
        """)

    @OptionGroup var store: StoreOptions
    @OptionGroup(title: "Counting") var counting: CountOptions

    @Option(name: .long, help: ArgumentHelp("Name of the table (default: spelled from the parameters, e.g. w6.both.harmonic.document.min5).", valueName: "name"))
    var name: String?

    @Flag(name: .long, help: "Count again even if an identical, current table exists.")
    var force = false

    @Option(name: .long, help: ArgumentHelp(
        "Count only the documents of this subcorpus (see `firth subcorpus`).",
        discussion: "Frequencies (--min-count, --subsample) are the subcorpus's own, as if its documents were the whole corpus; the table's name ends in @NAME, so it sits beside the whole corpus's table (`firth embed --space NAME` makes its vectors).",
        valueName: "name"))
    var subcorpus: String?

    @Option(name: .long, help: ArgumentHelp(
        "Where the pairs are counted: sqlite (in the database) or spark (Apache Spark).",
        discussion: "Counting is the one stage whose cost grows with the number of tokens. SQLite counts on this machine and needs nothing else; it is the right choice up to tens of millions of words. Spark runs the same counting SQL on a cluster (or on this machine's cores with local[*]) for corpora past that, at a fixed start-up cost of a Java virtual machine; the cells are identical, and the table records which engine counted it. Spark needs Java 17 and Spark (`pip install pyspark`).",
        valueName: "sqlite|spark"))
    var engine: CountPlan.Dialect = .sqlite

    @Option(name: .customLong("spark-master"), help: ArgumentHelp(
        "Spark's master URL (with --engine spark).",
        discussion: "local[*] uses every core of this machine, local[2] two; spark://HOST:7077 a standalone cluster, yarn or k8s://… a managed one.",
        valueName: "url"))
    var sparkMaster = "local[*]"

    @Option(name: .customLong("spark-submit"), help: ArgumentHelp(
        "The spark-submit program (default: found on PATH, then inside the pyspark Python package).",
        valueName: "path"))
    var sparkSubmit: String?

    @Option(name: .long, help: ArgumentHelp(
        "Folder for the staged tokens and Spark's output (default: a temporary folder).",
        discussion: "On a cluster every machine must read and write it: a shared folder, or an object store mounted here (name its URL for Spark with --staging-url). It is emptied after a successful import and kept, with Spark's log, after a failure.",
        valueName: "dir"))
    var staging: String?

    @Option(name: .customLong("staging-url"), help: ArgumentHelp(
        "How Spark names the --staging folder, when Spark reaches it another way (e.g. s3a://bucket/firth for a bucket mounted at --staging).",
        valueName: "url"))
    var stagingURL: String?

    @Option(name: .customLong("spark-conf"), help: ArgumentHelp(
        "A Spark setting, passed to spark-submit as --conf (repeatable), e.g. spark.executor.memory=8g.",
        valueName: "key=value"))
    var sparkConf: [String] = []

    @Flag(name: .customLong("keep-staging"), help: "Keep the staged files and Spark's output after a successful import (to inspect the SQL and the cells).")
    var keepStaging = false

    @OptionGroup var progressOptions: ProgressOptions

    func validate() throws {
        if engine != .spark {
            let given = [("--spark-master", sparkMaster != "local[*]"), ("--spark-submit", sparkSubmit != nil),
                         ("--staging", staging != nil), ("--staging-url", stagingURL != nil),
                         ("--spark-conf", !sparkConf.isEmpty), ("--keep-staging", keepStaging)]
            if let flag = given.first(where: { $0.1 }) {
                throw ValidationError("\(flag.0) applies only to --engine spark")
            }
        }
        if stagingURL != nil && staging == nil {
            throw ValidationError("--staging-url names the --staging folder for Spark: give --staging too")
        }
        if let bad = sparkConf.first(where: { !$0.contains("=") }) {
            throw ValidationError("--spark-conf takes key=value (got '\(bad)')")
        }
    }

    func run() throws {
        let store = try store.openForWriting()
        var parameters = counting.parameters
        parameters.subcorpus = subcorpus
        let table: CooccurrenceTable, reused: Bool
        switch engine {
        case .sqlite:
            let counter = CooccurrenceCounter(store: store, progress: progressOptions.progress("count"))
            (table, reused) = try counter.count(parameters, name: name, force: force)
        case .spark:
            var spark = SparkSettings()
            spark.master = sparkMaster
            spark.submit = sparkSubmit
            spark.staging = staging
            spark.stagingURL = stagingURL
            spark.keepStaging = keepStaging
            for setting in sparkConf {
                let parts = setting.split(separator: "=", maxSplits: 1)
                spark.configuration[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
            }
            let counter = SparkCounter(settings: spark, progress: progressOptions.progress("count"))
            (table, reused) = try counter.count(store: store, parameters, name: name, force: force)
        }
        if !progressOptions.quiet {
            if reused {
                printError("reused the stored table '\(table.name)' (same parameters, unchanged corpus); --force counts again")
            } else {
                printError(String(format: "counted '%@': %d words, %d non-zero pairs, total %.0f, in %.2f s",
                                  table.name, table.vocabularySize, table.nonzeroCount, table.total, table.seconds))
            }
        }
    }
}

extension CountPlan.Dialect: ExpressibleByArgument {}
