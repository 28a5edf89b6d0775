import CSV
import GRDB
import Foundation
import XCTest
@testable import FirthKit

/// The rows of CSV text, read by CSV.swift's reader: an independent check of what was written.
func csvRows(_ data: Data, file: StaticString = #filePath, line: UInt = #line) throws -> [[String]] {
    let reader = try CSVReader(string: String(decoding: data, as: UTF8.self))
    var rows: [[String]] = []
    while let row = reader.next() { rows.append(row) }
    if let error = reader.error { XCTFail("CSV does not parse: \(error)", file: file, line: line) }
    return rows
}

/// The rows of TSV text, with `\t`, `\n`, `\r` and `\\` unescaped.
func tsvRows(_ data: Data) -> [[String]] {
    String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        .map { $0.split(separator: "\t", omittingEmptySubsequences: false).map { unescapeTSV(String($0)) } }
}

func unescapeTSV(_ field: String) -> String {
    var out = "", escaped = false
    for c in field {
        if escaped {
            switch c {
            case "t": out.append("\t")
            case "n": out.append("\n")
            case "r": out.append("\r")
            default: out.append(c)
            }
            escaped = false
        } else if c == "\\" {
            escaped = true
        } else {
            out.append(c)
        }
    }
    return out
}

/// Words a CSV or TSV writer must carry unharmed. The tokenizer makes none of the first ones,
/// so they reach the writers only through imported vectors.
let hostileWords = ["a,b", "say \"hi\"", "line\nbreak", "tab\there", "cr\r\nlf", "back\\slash", " padded ",
                    "ünïcödé", "日本語", "🙂", "007", "1e5", "-0", "nan", "=SUM(A1)", ""]

/// A store over a few sentences, counted with window 2 and min count 1.
func makeCountedStore(_ test: XCTestCase) throws -> (CorpusStore, CooccurrenceTable) {
    let store = try makeStore(test, documents: [
        "the river bank was muddy and the river was high", "the bank gave the loan and the money",
        "water in the river. money in the bank. the bank by the river", "a lone word: zebra"])
    var parameters = CountParameters()
    (parameters.window, parameters.minCount) = (2, 1)
    return (store, try CooccurrenceCounter(store: store).count(parameters).table)
}

/// Seeded random floats of every magnitude, subnormals included.
func randomFloats(_ count: Int, seed: UInt64) -> [Float] {
    var generator = SplitMix64(seed: seed)
    return (0..<count).map { _ in
        var value: Float
        repeat { value = Float(bitPattern: UInt32(truncatingIfNeeded: generator.next())) } while !value.isFinite
        return value
    }
}

/// The measure of every stored cell, straight from the SQL the exporter builds on.
func referenceCells(_ store: CorpusStore, _ table: CooccurrenceTable, _ measure: AssociationMeasure) throws -> [String: Double] {
    try store.dbQueue.inDatabase { db in
        var values: [String: Double] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT w.word, c.word, s.value FROM (\(AssociationMeasure.selectSQL(measure, table: table))) s
            JOIN words w ON w.word_id = s.word_id JOIN words c ON c.word_id = s.context_id
            """, arguments: try AssociationMeasure.prepare(db, table: table, smoothing: .init())) {
            let value: Double = row[2]
            if measure.keepsZeros || value > 0 { values["\(row[0] as String) \(row[1] as String)"] = value }
        }
        return values
    }
}

