import Foundation
import GRDB
import XCTest
@testable import FirthKit

final class KeynessTests: XCTestCase {
    // MARK: - Hand-computed on the four speeches

    /// modern: war 4, peace 1, bomb 3 of c = 8 tokens; the rest: war 2, peace 3, land 2 of d = 7.
    func testHandComputedKeywordsOfModernAgainstTheRest() throws {
        let store = try makeStore(self, files: speeches)
        try store.defineSubcorpus(named: "modern", SubcorpusDefinition(condition: "year >= 1945"))
        let list = try store.keywords(of: "modern", against: .rest, minCount: 1, significance: 1)
        XCTAssertEqual(list.targetTokens, 8)
        XCTAssertEqual(list.referenceTokens, 7)
        XCTAssertEqual(list.comparisons, 4)
        XCTAssertEqual(list.positive.map(\.word), ["bomb", "war"])   // G² 3.77 > 0.44
        XCTAssertEqual(list.negative.map(\.word), ["land", "peace"]) // G² 3.05 > 1.33

        let bomb = list.positive[0]
        // E1 = 8·3/15 = 1.6, E2 = 7·3/15 = 1.4; G² = 2·3·ln(3/1.6) (b = 0 adds nothing).
        XCTAssertEqual(bomb.logLikelihood, 6 * log(1.875), accuracy: 1e-12)
        // Log ratio with the zero frequency taken as 0.5: log2((3/8)/(0.5/7)) = log2(5.25).
        XCTAssertEqual(bomb.logRatio, log2(5.25), accuracy: 1e-12)
        XCTAssertNil(bomb.percentDifference)
        XCTAssertEqual(bomb.targetPerMillion, 375_000, accuracy: 1e-6)
        // χ²₁ tail of 3.7716519565: 0.0521281259 (scipy.stats.chi2.sf), × 4 words compared.
        XCTAssertEqual(bomb.pValue, 0.0521281259, accuracy: 1e-9)
        XCTAssertEqual(bomb.bonferroni, 4 * 0.0521281259, accuracy: 1e-9)

        let war = list.positive[1]
        // E1 = 8·6/15 = 3.2, E2 = 2.8: G² = 2(4 ln(4/3.2) + 2 ln(2/2.8)).
        XCTAssertEqual(war.logLikelihood, 2 * (4 * log(1.25) + 2 * log(2 / 2.8)), accuracy: 1e-12)
        XCTAssertEqual(war.logRatio, log2(1.75), accuracy: 1e-12)             // (4/8)/(2/7)
        XCTAssertEqual(war.percentDifference!, 75, accuracy: 1e-9)              // 100·(1/2 − 2/7)/(2/7)
        XCTAssertEqual(war.bonferroni, 1)

        let peace = list.negative[1]
        XCTAssertEqual(peace.logLikelihood, 2 * (1 * log(1 / (8 * 4 / 15.0)) + 3 * log(3 / (7 * 4 / 15.0))), accuracy: 1e-12)
        XCTAssertEqual(peace.logRatio, log2((1 / 8.0) / (3 / 7.0)), accuracy: 1e-12)
        XCTAssertEqual(peace.percentDifference!, 100 * (1 / 8.0 - 3 / 7.0) / (3 / 7.0), accuracy: 1e-9)
        XCTAssertFalse(peace.isPositive)
        let land = list.negative[0]
        XCTAssertEqual(land.percentDifference!, -100, accuracy: 1e-9)
        XCTAssertEqual(land.logRatio, log2((0.5 / 8) / (2 / 7.0)), accuracy: 1e-12)

        // The reference as a named subcorpus gives the same figures; --min-count and significance filter.
        try store.defineSubcorpus(named: "early", SubcorpusDefinition(condition: "year < 1945"))
        XCTAssertEqual(try store.keywords(of: "modern", against: .subcorpus("early"), minCount: 1, significance: 1), list)
        XCTAssertEqual(try store.keywords(of: "modern", against: .rest, minCount: 4, significance: 1).comparisons, 2)  // war 6, peace 4
        XCTAssertEqual(try store.keywords(of: "modern", against: .rest, minCount: 1, significance: 0.05).positive, [])
    }

    /// A reference database holding the early speeches gives the same list as the subcorpus early.
    func testAReferenceDatabaseMatchesWordsBySpelling() throws {
        let store = try makeStore(self, files: speeches)
        try store.defineSubcorpus(named: "modern", SubcorpusDefinition(condition: "year >= 1945"))
        try store.defineSubcorpus(named: "early", SubcorpusDefinition(condition: "year < 1945"))
        let reference = try makeStore(self, files: speeches.filter { $0.key.hasPrefix("speeches/") })
        let fromDatabase = try store.keywords(of: "modern", against: .database(reference), minCount: 1, significance: 1)
        XCTAssertEqual(fromDatabase, try store.keywords(of: "modern", against: .subcorpus("early"), minCount: 1, significance: 1))
        XCTAssertEqual(fromDatabase.positive.map(\.word), ["bomb", "war"])
        // The whole corpus against the same database: 15 tokens against 7.
        let whole = try store.keywords(of: nil, against: .database(reference), minCount: 1, significance: 1)
        XCTAssertEqual(whole.targetTokens, 15)
        XCTAssertEqual(whole.referenceTokens, 7)
        XCTAssertThrowsError(try store.keywords(of: nil, against: .rest))
    }

    func testOverlappingPartsAndMissingSubcorporaAreRefused() throws {
        let store = try makeStore(self, files: speeches)
        try store.defineSubcorpus(named: "modern", SubcorpusDefinition(condition: "year >= 1945"))
        try store.defineSubcorpus(named: "late", SubcorpusDefinition(condition: "year >= 1955"))
        XCTAssertThrowsError(try store.keywords(of: "modern", against: .subcorpus("late"))) {
            XCTAssertTrue("\($0)".contains("share 1 document"), "\($0)")
        }
        XCTAssertThrowsError(try store.keywords(of: "nope", against: .rest)) { XCTAssertTrue("\($0)".contains("subcorpus 'nope'"), "\($0)") }
    }

    // MARK: - Against an independent computation on a real corpus

    /// The inaugural addresses after 1945 against those before: the store's SQL frequencies and
    /// figures against word counts made here from the tokens, and the formulas written out again.
    func testInauguralKeywordsEqualAnInMemoryComputation() throws {
        let folder = sharedFolder.appendingPathComponent("corpora/inaugural")
        try XCTSkipUnless(FileManager.default.fileExists(atPath: folder.path), "no shared inaugural corpus at \(folder.path)")
        let store = try makeTemporaryStore(self)
        _ = try Ingester(store: store).ingest(paths: [folder.path])
        let modern = try store.defineSubcorpus(named: "modern", SubcorpusDefinition(condition: "year >= 1945"))
        let list = try store.keywords(of: "modern", against: .rest, minCount: 5, significance: 1)

        // Word counts per part, made here: the stored texts through the tokenizer, in Swift.
        let modernIDs = Set(try store.members(of: modern).map(\.documentID))
        let tokenizer = Tokenizer(settings: try store.requireCorpus().tokenizer)
        let texts = try store.dbQueue.read { db in try Row.fetchAll(db, sql: "SELECT document_id, text FROM documents") }
        var a: [String: Int] = [:], b: [String: Int] = [:]
        for row in texts {
            let id: Int64 = row[0]
            for word in tokenizer.words(row[1]) {
                if modernIDs.contains(id) { a[word, default: 0] += 1 } else { b[word, default: 0] += 1 }
            }
        }
        let c = Double(a.values.reduce(0, +)), d = Double(b.values.reduce(0, +))
        XCTAssertEqual(Int(c), list.targetTokens)
        XCTAssertEqual(Int(d), list.referenceTokens)
        let tested = Set(a.keys).union(b.keys).filter { (a[$0] ?? 0) + (b[$0] ?? 0) >= 5 }
        XCTAssertEqual(list.comparisons, tested.count)
        XCTAssertEqual(list.positive.count + list.negative.count, tested.count)
        for score in list.positive + list.negative {
            let x = Double(a[score.word] ?? 0), y = Double(b[score.word] ?? 0)
            XCTAssertEqual(score.target, Int(x), score.word)
            XCTAssertEqual(score.reference, Int(y), score.word)
            let expected1 = c * (x + y) / (c + d), expected2 = d * (x + y) / (c + d)
            let g2 = 2 * ((x > 0 ? x * log(x / expected1) : 0) + (y > 0 ? y * log(y / expected2) : 0))
            XCTAssertEqual(score.logLikelihood, g2, accuracy: 1e-9 * max(1, g2), score.word)
            XCTAssertEqual(score.logRatio, log2((max(x, 0.5) / c) / (max(y, 0.5) / d)), accuracy: 1e-12, score.word)
            XCTAssertEqual(score.isPositive, x / c > y / d, score.word)
            if y > 0 {
                let inTarget: Double = x / c, inReference: Double = y / d
                let difference: Double = 100 * (inTarget - inReference) / inReference
                XCTAssertEqual(score.percentDifference!, difference, accuracy: 1e-9 * max(1, abs(difference)), score.word)
            } else {
                XCTAssertNil(score.percentDifference, score.word)
            }
            // χ² with one degree of freedom: P(X ≥ g) = P(|Z| ≥ √g) = 2(1 − Φ(√g)), Φ(z) = ½(1 + erf(z/√2)).
            let z: Double = g2.squareRoot() / 2.0.squareRoot()
            let phi: Double = 0.5 * (1 + erf(z))
            let p: Double = 2 * (1 - phi)
            XCTAssertEqual(score.pValue, p, accuracy: 1e-12, score.word)
            XCTAssertEqual(score.bonferroni, min(1, p * Double(tested.count)), accuracy: 1e-9, score.word)
        }
        XCTAssertTrue(zip(list.positive, list.positive.dropFirst()).allSatisfy { $0.logLikelihood >= $1.logLikelihood })
    }
}
