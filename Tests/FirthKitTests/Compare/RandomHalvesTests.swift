import Foundation
import XCTest
@testable import FirthKit

final class RandomHalvesTests: XCTestCase {
    /// The draw, step by step: Fisher–Yates from the last position down, each swap partner the
    /// next SplitMix64 number modulo (position + 1); the first ⌊n/2⌋ after shuffling are half 1.
    func testTheDrawIsAFisherYatesShuffleBySplitMix64() throws {
        let ids: [Int64] = [11, 12, 13, 14, 15, 16, 17]
        var expected = ids
        var rng = SplitMix64(seed: 5)
        for i in stride(from: 6, to: 0, by: -1) { expected.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
        let halves = try RandomHalves(part: "p", documents: ids.reversed(), seed: 5)
        XCTAssertEqual(halves.first, expected[..<3].sorted())
        XCTAssertEqual(halves.second, expected[3...].sorted())
        XCTAssertEqual(halves.first.count, 3)
        XCTAssertEqual(Set(halves.first + halves.second), Set(ids), "together, the part")
        XCTAssertTrue(Set(halves.first).isDisjoint(with: halves.second))
        // The same seed, the same halves; the seeds 1…20 do not all draw the same ones.
        XCTAssertEqual(try RandomHalves(part: "p", documents: ids, seed: 5), halves)
        XCTAssertGreaterThan(Set(try (1...20).map { try RandomHalves(part: "p", documents: ids, seed: $0).first }).count, 1)
        XCTAssertEqual(halves.names.first, "p.half1.seed5")
        // Balanced: depth grows with log n, not n.
        XCTAssertEqual(RandomHalves.condition([1, 2, 3]), "(document = 1 or (document = 2 or document = 3))")
        XCTAssertThrowsError(try RandomHalves(part: "one", documents: [4], seed: 1)) { error in
            XCTAssertTrue("\(error)".contains("subcorpus 'one' has 1 document"), "\(error)")
        }
    }

    func testStoredHalvesHoldExactlyTheirDocumentsAndAreReused() throws {
        // 600 documents: a condition of 300 alternatives, deeper than SQLite allows if it were a chain.
        let files = Dictionary(uniqueKeysWithValues: (0..<600).map { (String(format: "d%03d.txt", $0), "word\($0 % 7) and more") })
        let store = try makeStore(self, files: files)
        try store.defineSubcorpus(named: "all", SubcorpusDefinition(condition: "document >= 1"))
        let (halves, stored) = try store.randomHalves(of: "all", seed: 3)
        XCTAssertFalse(stored)
        try store.defineRandomHalves(halves)
        for (name, ids) in [(halves.names.first, halves.first), (halves.names.second, halves.second)] {
            XCTAssertEqual(try store.members(of: try store.subcorpus(named: name)).map(\.documentID), ids, name)
        }
        XCTAssertEqual(try store.randomHalves(of: "all", seed: 3).stored, true, "found again")
        try store.defineRandomHalves(halves)   // nothing missing: nothing done
        // A subcorpus of a half's name with other documents is not taken for it.
        _ = try store.dropSubcorpus(named: halves.names.second)
        try store.defineSubcorpus(named: halves.names.second, SubcorpusDefinition(condition: "document <= 3"))
        XCTAssertThrowsError(try store.randomHalves(of: "all", seed: 3)) { error in
            XCTAssertTrue("\(error)".contains("exists with other documents"), "\(error)")
        }
    }

    /// Dropping a part drops the halves drawn from it (and theirs), with what was counted from
    /// them; subcorpora whose names only look alike stay.
    func testDroppingAPartDropsItsRandomHalves() throws {
        let files = Dictionary(uniqueKeysWithValues: (0..<8).map { (String(format: "d%02d.txt", $0), "word\($0) and more words \($0 % 3)") })
        let store = try makeStore(self, files: files)
        try store.defineSubcorpus(named: "all", SubcorpusDefinition(condition: "document >= 1"))
        try store.defineSubcorpus(named: "allx", SubcorpusDefinition(condition: "document >= 2"))
        let halves = try store.randomHalves(of: "all", seed: 3).halves
        try store.defineRandomHalves(halves)
        let quarters = try store.randomHalves(of: halves.names.first, seed: 1).halves
        try store.defineRandomHalves(quarters)
        try store.defineRandomHalves(try store.randomHalves(of: "allx", seed: 3).halves)
        for lookalike in ["all.half3.seed3", "all.half1.seedx", "all.half1.seed", "all.half1.seed3x"] {
            try store.defineSubcorpus(named: lookalike, SubcorpusDefinition(condition: "document <= 2"))
        }
        var parameters = CountParameters()
        parameters.minCount = 1
        parameters.subcorpus = halves.names.second
        let counted = try CooccurrenceCounter(store: store).count(parameters).table

        let planned = try store.removal(ofSubcorpus: "all")
        XCTAssertEqual(planned.halves.map(\.subcorpus.name), ["all.half1.seed3", "all.half2.seed3"])
        XCTAssertEqual(planned.allHalves.map(\.subcorpus.name),
                       ["all.half1.seed3", "all.half1.seed3.half1.seed1", "all.half1.seed3.half2.seed1", "all.half2.seed3"])
        XCTAssertEqual(planned.halves[1].tables, [counted.name])
        XCTAssertEqual(try store.subcorpora().count, 12, "the dry run removes nothing")
        XCTAssertEqual(try store.dropSubcorpus(named: "all"), planned)
        XCTAssertEqual(try store.subcorpora().map(\.name),
                       ["allx", "allx.half1.seed3", "allx.half2.seed3", "all.half3.seed3", "all.half1.seedx", "all.half1.seed", "all.half1.seed3x"])
        XCTAssertEqual(try store.cooccurrenceTables().map(\.name), [], "the half's count went with it")
    }
}
