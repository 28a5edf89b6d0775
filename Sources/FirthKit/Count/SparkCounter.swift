import Foundation
import GRDB

/// Counts co-occurrences on Apache Spark and imports the cells into the store's tables.
///
/// The same three stages as ``CooccurrenceCounter``, with stage 2 moved out of the database:
/// 1. the table's row and vocabulary, in SQLite (status 'counting');
/// 2. the tokens of the vocabulary (of the subcorpus, if any) staged as tab-separated files,
///    and the count run by `spark-submit` as the Spark SQL that ``CountPlan`` renders from the
///    same plan as the SQLite statements; Spark writes the summed cells and their row and column
///    sums as tab-separated files;
/// 3. those files read line by line (memory bounded by a buffer, not by the table) into
///    `cooccurrence_pairs` and `cooccurrence_marginals`, and the table recorded complete with
///    `engine = 'spark'`. Any failure deletes the table's row: no half table looks complete.
///
/// Several counts — of one store or several — run as one Spark application, so the JVM and
/// Spark start once (tests count six parameter sets on two corpora in one run).
///
/// ```swift
/// let counter = SparkCounter(settings: SparkSettings())
/// let table = try counter.count(store: store, parameters).table
/// ```
public final class SparkCounter {
    /// One count to run: a store, its parameters, and the options of ``CooccurrenceCounter/count(_:name:force:)``.
    public struct Request {
        public var store: CorpusStore
        public var parameters: CountParameters
        public var name: String?
        public var force: Bool

        public init(store: CorpusStore, parameters: CountParameters, name: String? = nil, force: Bool = false) {
            self.store = store
            self.parameters = parameters
            self.name = name
            self.force = force
        }
    }

    public let settings: SparkSettings
    private let progress: Progress

    public init(settings: SparkSettings, progress: Progress = .silent) {
        self.settings = settings
        self.progress = progress
    }

    /// Counts `parameters` on Spark, or returns the stored table that already has them.
    @discardableResult
    public func count(store: CorpusStore, _ parameters: CountParameters, name: String? = nil, force: Bool = false) throws
        -> (table: CooccurrenceTable, reused: Bool) {
        try count([Request(store: store, parameters: parameters, name: name, force: force)])[0]
    }

    /// Counts every request in one Spark application; the results are in the order given.
    public func count(_ requests: [Request]) throws -> [(table: CooccurrenceTable, reused: Bool)] {
        let submit = try SparkSubmit(settings: settings)   // no Java or no Spark: stop before counting
        let started = Date()
        let run = try makeRunFolder()
        var results = [(table: CooccurrenceTable, reused: Bool)?](repeating: nil, count: requests.count)
        var jobs: [(index: Int, tableID: Int64, job: SparkJob)] = []
        var cleared = Set<ObjectIdentifier>()
        do {
            for (index, request) in requests.enumerated() {
                let info = try request.store.requireCorpus()
                try request.parameters.validate(documentGap: info.documentGap)
                let name = request.name ?? request.parameters.name
                let firstOfStore = cleared.insert(ObjectIdentifier(request.store)).inserted
                let prepared = try CooccurrenceCounter.prepareTable(request.store, request.parameters, name: name,
                                                                    force: request.force, clearUnfinished: firstOfStore)
                if let reused = prepared.reused {
                    results[index] = (reused, true)
                    continue
                }
                var job = SparkJob(name: "job\(index)", folder: run.appending(path: "job\(index)"), url: stagingURL(run, "job\(index)"))
                jobs.append((index, prepared.tableID, job))   // listed first: a failed staging discards its table too
                progress.update("staging the tokens of '\(name)'", force: true)
                try job.stage(request.store, tableID: prepared.tableID, parameters: request.parameters, documentGap: info.documentGap)
                jobs[jobs.count - 1].job = job
            }
            if !jobs.isEmpty {
                let manifest = run.appending(path: "manifest.json")
                try SparkJob.writeManifest(jobs.map(\.job), parallel: settings.parallelJobs, to: manifest)
                let driver = run.appending(path: SparkDriver.fileName)
                try SparkDriver.data.write(to: driver)
                progress.update("running Spark (\(settings.master)); its log is \(run.path)/spark.log", force: true)
                try submit.run(driver: driver, manifest: manifest, log: run.appending(path: "spark.log"))
                for (index, tableID, job) in jobs {
                    let request = requests[index]
                    progress.update("importing the cells of '\(request.name ?? request.parameters.name)'", force: true)
                    try job.importCells(request.store, tableID: tableID)
                    try CooccurrenceCounter.recordTable(request.store, tableID: tableID, parameters: request.parameters,
                                                        engine: .spark, started: started)
                    results[index] = (try request.store.cooccurrenceTable(named: request.name ?? request.parameters.name), false)
                }
            }
        } catch {
            progress.finish()
            for (index, tableID, _) in jobs where results[index] == nil {
                CooccurrenceCounter.discardTable(requests[index].store, tableID: tableID)
            }
            throw error
        }
        progress.finish()
        if !settings.keepStaging { try? FileManager.default.removeItem(at: run) }
        return results.map { $0! }
    }

    /// A fresh folder for this run inside the staging folder (or a temporary one).
    private func makeRunFolder() throws -> URL {
        let base = settings.staging.map { URL(fileURLWithPath: $0) } ?? FileManager.default.temporaryDirectory
        let run = base.appending(path: "firth-count-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))")
        do {
            try FileManager.default.createDirectory(at: run, withIntermediateDirectories: true)
        } catch {
            throw FirthError.cannotWrite(path: run.path, reason: error.localizedDescription)
        }
        return run
    }

    /// Spark's name for a path inside the run folder.
    private func stagingURL(_ run: URL, _ relative: String) -> String {
        guard let url = settings.stagingURL else { return run.appending(path: relative).path }
        let trimmed = url.hasSuffix("/") ? String(url.dropLast()) : url
        return "\(trimmed)/\(run.lastPathComponent)/\(relative)"
    }
}
