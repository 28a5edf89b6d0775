import Foundation
import GRDB

/// One count's files for Spark: the staged tokens and vocabulary, the plan rendered as Spark SQL,
/// and Spark's output, which it reads back into the store.
///
/// Staging is tab-separated text, which Spark reads natively and splits across tasks: Firth
/// writes it in one pass over the tokens with no library (Parquet would need one), and the
/// integers of three columns compress little anyway. BENCHMARKS.md has its cost.
struct SparkJob {
    var name: String
    /// Firth's path to the job's folder.
    var folder: URL
    /// Spark's name for the same folder (a shared or object-store URL on a cluster).
    var url: String
    var views: [SparkManifest.View] = []
    var outputs: [SparkManifest.Output] = []

    init(name: String, folder: URL, url: String) {
        self.name = name
        self.folder = folder
        self.url = url
    }

    static let tokenSchema = "position BIGINT, word_id BIGINT, sentence BIGINT"
    static let vocabularySchema = "word_id BIGINT, frequency BIGINT"

    /// A row of the staged tokens.
    struct StagedToken: FetchableRecord {
        var position: Int64, wordID: Int64, sentence: Int64
        init(row: Row) {
            position = row["position"]; wordID = row["word_id"]; sentence = row["sentence"]
        }
    }

    /// A row of the staged vocabulary.
    struct StagedWord: FetchableRecord {
        var wordID: Int64, frequency: Int64
        init(row: Row) { wordID = row["word_id"]; frequency = row["frequency"] }
    }

    /// Writes the tokens of the table's vocabulary (of its subcorpus, if any) and the vocabulary,
    /// and renders the plan's Spark SQL over them.
    mutating func stage(_ store: CorpusStore, tableID: Int64, parameters: CountParameters, documentGap: Int) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let tokensFile = folder.appending(path: "tokens.tsv"), vocabularyFile = folder.appending(path: "vocabulary.tsv")
        let corpusTokens: Int = try store.dbQueue.read { db in
            let subcorpusID = try Int64.fetchOne(db, sql: "SELECT subcorpus_id FROM cooccurrence_tables WHERE table_id = ?", arguments: [tableID])
            var tokens = try TSVWriter(tokensFile)
            let cursor = try StagedToken.fetchCursor(db, sql: """
                SELECT t.position, t.word_id, t.sentence FROM \(CooccurrenceCounter.sourceTokensSQL(subcorpusID: subcorpusID)) t
                WHERE t.word_id IN (SELECT word_id FROM count_vocabulary WHERE table_id = ?)
                """, arguments: [tableID])
            while let token = try cursor.next() { try tokens.row(token.position, token.wordID, token.sentence) }
            try tokens.close()
            var words = try TSVWriter(vocabularyFile)
            let vocabulary = try StagedWord.fetchCursor(db, sql: "SELECT word_id, frequency FROM count_vocabulary WHERE table_id = ?",
                                                        arguments: [tableID])
            while let word = try vocabulary.next() { try words.row(word.wordID, word.frequency) }
            try words.close()
            return try CooccurrenceCounter.corpusTokens(db, subcorpusID: subcorpusID)
        }
        let plan = CountPlan(parameters: parameters, documentGap: documentGap, corpusTokens: corpusTokens, dialect: .spark)
        // Each job's views have their own names: the driver runs jobs side by side in one session.
        views = [
            .init(name: view("working"), sql: plan.workingTokensSQL(tokens: view("tokens"), vocabulary: view("vocabulary")), cache: true),
            .init(name: view("cells"), sql: plan.cellsSQL(workingTokens: view("working")), cache: true),
        ]
        outputs = [
            .init(sql: "SELECT word_id, context_id, count FROM \(view("cells"))", path: url + "/cells"),
            .init(sql: plan.marginalsSQL(cells: view("cells")), path: url + "/marginals"),
        ]
    }

    /// The name of one of this job's relations in the Spark session.
    func view(_ relation: String) -> String { "\(name)_\(relation)" }

    /// The manifest `firth_count.py` reads: every job's inputs, views and outputs.
    static func writeManifest(_ jobs: [SparkJob], parallel: Int, to file: URL) throws {
        let manifest = SparkManifest(name: "firth count", parallel: parallel, jobs: jobs.map { job in
            SparkManifest.Job(
                name: job.name,
                inputs: [.init(name: job.view("tokens"), path: job.url + "/tokens.tsv", schema: tokenSchema),
                         .init(name: job.view("vocabulary"), path: job.url + "/vocabulary.tsv", schema: vocabularySchema)],
                views: job.views, outputs: job.outputs)
        })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(manifest).write(to: file)
    }

    /// Reads Spark's cells and sums into the table, streaming, in one transaction.
    func importCells(_ store: CorpusStore, tableID: Int64) throws {
        let cells = try Self.outputFiles(folder.appending(path: "cells"))
        let marginals = try Self.outputFiles(folder.appending(path: "marginals"))
        try store.dbQueue.write { db in
            let pair = try db.makeStatement(sql: "INSERT INTO cooccurrence_pairs(table_id, word_id, context_id, count) VALUES (?, ?, ?, ?)")
            for file in cells {
                try TSVReader.forEachRow(file, columns: 3) { fields, line in
                    guard let word = Int64(fields[0]), let context = Int64(fields[1]), let count = Double(fields[2]) else {
                        throw FirthError.badInput(location: "\(file.path):\(line)", reason: "not a cell (word id, context id, count)")
                    }
                    try pair.execute(arguments: [tableID, word, context, count])
                }
            }
            let sums = try db.makeStatement(sql: "INSERT INTO cooccurrence_marginals(table_id, word_id, row_total, column_total) VALUES (?, ?, ?, ?)")
            for file in marginals {
                try TSVReader.forEachRow(file, columns: 3) { fields, line in
                    guard let word = Int64(fields[0]), let row = Double(fields[1]), let column = Double(fields[2]) else {
                        throw FirthError.badInput(location: "\(file.path):\(line)", reason: "not a sum (word id, row total, column total)")
                    }
                    try sums.execute(arguments: [tableID, word, row, column])
                }
            }
        }
    }

    /// The part files of one Spark output folder, which must hold Spark's `_SUCCESS` mark.
    static func outputFiles(_ folder: URL) throws -> [URL] {
        guard FileManager.default.fileExists(atPath: folder.appending(path: "_SUCCESS").path) else {
            throw FirthError.badInput(location: folder.path, reason: "Spark wrote no complete output here (no _SUCCESS); nothing was imported")
        }
        return try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.lastPathComponent.hasPrefix("part-") && !$0.lastPathComponent.hasSuffix(".crc") }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }
}

/// The JSON `spark/firth_count.py` reads.
struct SparkManifest: Codable {
    struct Input: Codable { var name: String; var path: String; var schema: String }
    struct View: Codable { var name: String; var sql: String; var cache: Bool }
    struct Output: Codable { var sql: String; var path: String }
    struct Job: Codable { var name: String; var inputs: [Input]; var views: [View]; var outputs: [Output] }
    var name: String
    /// Jobs the driver runs at once.
    var parallel: Int
    var jobs: [Job]
}
