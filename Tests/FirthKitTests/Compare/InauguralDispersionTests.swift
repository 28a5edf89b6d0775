import Foundation
import GRDB
import XCTest
@testable import FirthKit

/// Dispersion on a real corpus against an independent computation (apart from DispersionTests:
/// GRDB's SQL operators would slow the type-checking of the hand-computed expressions there).
final class InauguralDispersionTests: XCTestCase {
    /// The inaugural addresses: the store's per-document counts (SQL over token ranges) against
    /// counts made here from the stored texts through the tokenizer, and the measures written out
    /// again from those counts, over the whole corpus and over the addresses since 1945.
    func testInauguralDispersionEqualsAnInMemoryComputation() throws {
        let folder = sharedFolder.appendingPathComponent("corpora/inaugural")
        try XCTSkipUnless(FileManager.default.fileExists(atPath: folder.path), "no shared inaugural corpus at \(folder.path)")
        let store = try makeTemporaryStore(self)
        _ = try Ingester(store: store).ingest(paths: [folder.path])
        let modern = try store.defineSubcorpus(named: "modern", SubcorpusDefinition(condition: "year >= 1945"))
        let modernIDs = Set(try store.members(of: modern).map(\.documentID))
        let tokenizer = Tokenizer(settings: try store.requireCorpus().tokenizer)
        struct Text: FetchableRecord, Decodable { var document_id: Int64; var text: String }
        let texts = try store.dbQueue.read { db in try Text.fetchAll(db, sql: "SELECT document_id, text FROM documents ORDER BY document_id") }
        let words = ["america", "we", "constitution", "the", "union"]
        for part in [nil, "modern"] as [String?] {
            let chosen = texts.filter { part == nil || modernIDs.contains($0.document_id) }
            let tokens = chosen.map { tokenizer.words($0.text) }
            let (documents, measures) = try store.dispersion(of: words, in: part)
            XCTAssertEqual(documents.map(\.documentID), chosen.map(\.document_id))
            XCTAssertEqual(documents.map(\.tokens), tokens.map(\.count))
            let total = Double(tokens.map(\.count).reduce(0, +)), n = Double(chosen.count)
            for (word, measure) in zip(words, measures) {
                let v: [Double] = tokens.map { (document: [String]) -> Double in Double(document.filter { $0 == word }.count) }
                let f: Double = v.reduce(0, +)
                XCTAssertEqual(measure.counts, v.map { Int($0) }, word)
                XCTAssertEqual(measure.frequency, Int(f), word)
                XCTAssertEqual(measure.documentFrequency, v.filter { $0 > 0 }.count, word)
                XCTAssertGreaterThan(f, 0, word)
                // DP: half the sum of |observed share − expected share| (Gries 2008).
                let s: [Double] = tokens.map { Double($0.count) / total }
                var dp: Double = 0
                for i in v.indices { dp += abs(v[i] / f - s[i]) }
                dp /= 2
                XCTAssertEqual(measure.dp!, dp, accuracy: 1e-12, word)
                XCTAssertEqual(measure.dpNorm!, dp / (1 - s.min()!), accuracy: 1e-12, word)
                // D: 1 − (σ/μ)/√(n−1) over the relative frequencies, σ the population deviation.
                var p: [Double] = []
                for (count, document) in zip(v, tokens) { p.append(count / Double(document.count)) }
                let mu: Double = p.reduce(0, +) / n
                var squares: Double = 0
                for x in p { squares += (x - mu) * (x - mu) }
                let sigma: Double = (squares / n).squareRoot()
                let d: Double = 1 - (sigma / mu) / (n - 1).squareRoot()
                XCTAssertEqual(measure.juillandD!, d, accuracy: 1e-12, word)
            }
        }
    }
}
