import Foundation
import XCTest
@testable import FirthKit

/// Firth's estimate against KenLM's `lmplz`, on the same sentences.
///
/// `Fixtures/tutorial-sentences.txt` is six files of `Corpora/tutorial` as Firth tokenizes them,
/// one sentence per line; `Fixtures/tutorial-o3.arpa` is what `lmplz -o 3` (KenLM, built from
/// its sources) wrote for that file. Same counts, same estimator: the same probabilities and
/// backoffs, n-gram by n-gram.
final class KenLMCompatibilityTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// An ARPA file as `words → (log10 p, log10 backoff)`, and the counts of its header.
    static func parseARPA(_ text: String) -> (counts: [Int], entries: [String: (Double, Double)]) {
        var counts: [Int] = []
        var entries: [String: (Double, Double)] = [:]
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("ngram ") { counts.append(Int(line.split(separator: "=")[1])!); continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count >= 2, let p = Double(fields[0]) else { continue }
            entries[String(fields[1])] = (p, fields.count > 2 ? Double(fields[2])! : 0)
        }
        return (counts, entries)
    }

    func makeTrigramStore() throws -> (CorpusStore, LoadedLanguageModel) {
        let store = try makeTemporaryStore(self)
        var options = Ingester.Options()
        options.sentencePerLine = true
        let report = try Ingester(store: store, options: options)
            .ingest(paths: [Self.fixtures.appendingPathComponent("tutorial-sentences.txt").path])
        XCTAssertEqual(report.errors, [])
        return (store, try store.languageModel(NGramParameters(order: 3)))
    }

    func testProbabilitiesAndBackoffsEqualLmplz() throws {
        let (store, loaded) = try makeTrigramStore()
        let kenlm = Self.parseARPA(try String(contentsOf: Self.fixtures.appendingPathComponent("tutorial-o3.arpa"), encoding: .utf8))
        XCTAssertEqual(loaded.table.ngramCounts, kenlm.counts)
        XCTAssertEqual(loaded.table.sentences, 655)

        let arpa = try exportARPA(store, loaded.table)
        let firth = Self.parseARPA(arpa)
        XCTAssertEqual(firth.counts, kenlm.counts)
        XCTAssertEqual(Set(firth.entries.keys), Set(kenlm.entries.keys))
        var compared = 0
        for (words, (p, b)) in kenlm.entries {
            guard let (q, c) = firth.entries[words] else { continue }
            if words != "<s>" { XCTAssertEqual(q, p, accuracy: 1e-5, "log10 P of '\(words)'") }
            XCTAssertEqual(c, b, accuracy: 1e-5, "log10 backoff of '\(words)'")
            compared += 1
        }
        XCTAssertEqual(compared, kenlm.counts.reduce(0, +))
        // The in-memory model scores each n-gram as the ARPA file says.
        let model = loaded.model
        for (words, (p, _)) in kenlm.entries where words != "<s>" {
            let ids = model.ids(of: words.split(separator: " ").map(String.init))
            XCTAssertEqual(model.log10Probability(of: ids.last!, after: ids.dropLast()), p, accuracy: 1e-5, words)
        }
    }

    func exportARPA(_ store: CorpusStore, _ table: NGramTable) throws -> String {
        let folder = try makeTemporaryFolder(self)
        let path = folder.appendingPathComponent("model.arpa").path
        let output = try ExportOutput(path: path, format: .arpa, force: false)
        try Exporter(store: store, output: output).languageModel(table)
        try output.commit()
        return try String(contentsOfFile: path, encoding: .utf8)
    }
}
