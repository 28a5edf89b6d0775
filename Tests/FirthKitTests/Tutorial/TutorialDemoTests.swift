import Foundation
import XCTest
@testable import FirthKit

/// The demo must prove its story on the bundled tutorial corpus, with the numbers it prints.
final class TutorialDemoTests: XCTestCase {
    nonisolated(unsafe) static var cached: [TutorialDemo.Step]?

    func steps() throws -> [Int: TutorialDemo.Step] {
        if Self.cached == nil {
            let store = try makeTemporaryStore(self)
            var options = Ingester.Options()
            options.include = "*.txt"
            let report = try Ingester(store: store, options: options).ingest(paths: [packageRoot.appendingPathComponent("Corpora/tutorial").path])
            XCTAssertEqual(report.errors, [])
            XCTAssertEqual(report.warnings, [])
            Self.cached = try TutorialDemo(store: store).steps()
        }
        return Dictionary(uniqueKeysWithValues: Self.cached!.map { ($0.number, $0) })
    }

    func testEightStepsInOrder() throws {
        XCTAssertEqual(try steps().keys.sorted(), Array(1...9))
        for step in try steps().values {
            for line in step.render().split(separator: "\n") {
                XCTAssertLessThanOrEqual(line.count, 80, "step \(step.number) is wider than a terminal: \(line)")
            }
        }
    }

    func testTheContextMovesTheNextWordTowardWaterOrMoney() throws {
        let facts = try steps()[8]!.facts
        XCTAssertEqual(facts["sum.river"]!, 1, accuracy: 1e-9)
        XCTAssertEqual(facts["sum.money"]!, 1, accuracy: 1e-9)
        XCTAssertEqual(facts["water.river.trigram"]!, facts["water.money.trigram"]!, accuracy: 1e-12)
        XCTAssertGreaterThan(facts["water.river.combined"]!, facts["water.money.combined"]!)
        XCTAssertGreaterThan(facts["money.money.combined"]!, facts["money.river.combined"]!)
        XCTAssertGreaterThan(facts["water.river.combined"]!, facts["water.river.trigram"]!)
        XCTAssertGreaterThan(facts["money.money.combined"]!, facts["money.money.trigram"]!)
    }

    func testCountsPairRiverWithWaterNotLoan() throws {
        let facts = try steps()[1]!.facts
        XCTAssertGreaterThan(facts["count(river,water)"]!, 10)
        XCTAssertEqual(facts["count(river,loan)"], 0)
        XCTAssertGreaterThan(facts["count(money,loan)"]!, 5)
        XCTAssertGreaterThan(facts["count(bank,river)"]!, 0)
        XCTAssertGreaterThan(facts["count(bank,money)"]!, 0)
    }

    func testPMICorrectsForFrequency() throws {
        let facts = try steps()[2]!.facts
        XCTAssertGreaterThan(facts["count(the,river)"]!, facts["count(water,river)"]!, "raw counts favour 'the'")
        // PPMI shrinks the's lead: raw, 'the' meets river several times as often as water does;
        // by PPMI the two are about level.
        let rawLead = facts["count(the,river)"]! / facts["count(water,river)"]!
        let ppmiLead = facts["ppmi(the,river)"]! / facts["ppmi(river,water)"]!
        XCTAssertGreaterThan(rawLead, 3)
        XCTAssertLessThan(ppmiLead, 1.5)
        XCTAssertEqual(facts["ppmi(river,loan)"] ?? 0, 0)
    }

    func testSimilarWordsHaveCloseVectors() throws {
        let ppmi = try steps()[3]!.facts, svd = try steps()[4]!.facts
        XCTAssertGreaterThan(ppmi["cos_ppmi(river,water)"]!, ppmi["cos_ppmi(river,loan)"]!)
        XCTAssertGreaterThan(svd["cos_svd(river,water)"]!, svd["cos_svd(river,loan)"]!)
        XCTAssertGreaterThan(svd["cos_svd(money,loan)"]!, 0.3)
    }

    func testStaticBankBlendsBothSenses() throws {
        let facts = try steps()[5]!.facts
        XCTAssertGreaterThan(facts["cos_svd(bank,river)"]!, 0.2)
        XCTAssertGreaterThan(facts["cos_svd(bank,money)"]!, 0.2)
    }

    /// The story's point: in context, each "bank" leans toward its own sense.
    func testAttentionResolvesBank() throws {
        let hard = try steps()[6]!.facts, soft = try steps()[7]!.facts
        XCTAssertGreaterThan(hard["hard.river.water"]!, hard["hard.river.money"]!)
        XCTAssertGreaterThan(hard["hard.money.money"]!, hard["hard.money.water"]!)
        XCTAssertGreaterThan(soft["soft.river.water"]!, soft["soft.river.money"]!)
        XCTAssertGreaterThan(soft["soft.money.money"]!, soft["soft.money.water"]!)
        // Identical static vectors (cosine 1) end up measurably apart, more so with two layers.
        XCTAssertLessThan(soft["soft.cos(bank1,bank2)"]!, 0.9)
        XCTAssertLessThan(soft["soft2.cos(bank1,bank2)"]!, soft["soft.cos(bank1,bank2)"]!)
        XCTAssertLessThan(soft["soft.river.moved"]!, 1)
    }
}

/// `firth senses` on the tutorial corpus, with the tutorial's knobs: the two banks come apart,
/// each with neighbours of its own sense.
final class TutorialSensesTests: XCTestCase {
    func testTheTwoBanksComeApartWithTheirOwnNeighbours() throws {
        let store = try makeTemporaryStore(self)
        var options = Ingester.Options()
        options.include = "*.txt"
        _ = try Ingester(store: store, options: options).ingest(paths: [packageRoot.appendingPathComponent("Corpora/tutorial").path])
        let (_, vectors, _) = try TutorialDemo(store: store).prepare()
        let senses = try ContextualSenses(word: "bank", contexts: ["we fished from the river bank", "the bank raised its interest rate"],
                                          attention: SentenceAttention(space: vectors), tokenizer: try store.tokenizer())
        XCTAssertLessThan(senses.cosine(0, 1), 0.85, "identical static vectors end up measurably apart")
        let neighbors = senses.neighbors(count: 5, in: vectors).map { Set($0.map(\.word)) }
        let river: Set = ["water", "shore", "stream", "fish", "mud", "boat", "boats", "reeds", "willows", "banks"]
        let money: Set = ["money", "loan", "loans", "cash", "savings", "account", "deposit", "charges", "treasurer", "credit", "pay", "debt"]
        XCTAssertFalse(neighbors[0].isDisjoint(with: river), "river bank's neighbours: \(neighbors[0])")
        XCTAssertTrue(neighbors[0].isDisjoint(with: money), "river bank's neighbours: \(neighbors[0])")
        XCTAssertFalse(neighbors[1].isDisjoint(with: money), "money bank's neighbours: \(neighbors[1])")
        XCTAssertTrue(neighbors[1].isDisjoint(with: ["water", "shore", "stream", "fish", "mud"]), "money bank's neighbours: \(neighbors[1])")
    }
}
