import Foundation
import XCTest
@testable import FirthKit

final class WordVectorsTests: XCTestCase {
    // king - man + woman lands on queen in this hand-made space.
    let vectors = WordVectors(name: "toy", words: ["king", "queen", "man", "woman", "apple", "pear"], vectors: DenseMatrix([
        [1, 1, 0, 0], [1, 0, 1, 0], [0, 1, 0, 0.1], [0, 0, 1, 0.1], [0, 0, 0, 1], [0, 0.1, 0, 1],
    ]))

    func testSimilarityAndNeighbors() throws {
        XCTAssertEqual(try vectors.similarity("king", "queen"), 0.5, accuracy: 1e-6)   // (1,1,0,0)·(1,0,1,0)/2
        XCTAssertEqual(try vectors.mostSimilar(to: "apple", count: 1).map(\.word), ["pear"])
        XCTAssertEqual(try vectors.mostSimilar(to: "king", count: 10).count, 5, "the word itself is left out")
        XCTAssertThrowsError(try vectors.similarity("kng", "queen")) { error in
            XCTAssertEqual(error as? FirthError, .unknownWord("kng", suggestions: ["king"]))
        }
    }

    func testAnalogies() throws {
        XCTAssertEqual(try vectors.mostSimilar(positive: ["king", "woman"], negative: ["man"], count: 1).map(\.word), ["queen"])
        XCTAssertEqual(try vectors.mostSimilarCosMul(positive: ["king", "woman"], negative: ["man"], count: 1).map(\.word), ["queen"])
        let parsed = try WordVectors.parseExpression("king - man + woman")
        XCTAssertEqual(parsed.positive, ["king", "woman"])
        XCTAssertEqual(parsed.negative, ["man"])
        XCTAssertEqual(try WordVectors.parseExpression("-man+woman").negative, ["man"])
        XCTAssertThrowsError(try WordVectors.parseExpression("king man"))
        XCTAssertThrowsError(try WordVectors.parseExpression("king -"))
    }

    func testDoesntMatch() throws {
        XCTAssertEqual(try vectors.doesntMatch(["king", "queen", "man", "apple"]), "apple")
    }

    func testSpearmanWithTies() {
        XCTAssertEqual(Statistics.ranks([10, 20, 20, 30]), [1, 2.5, 2.5, 4])
        XCTAssertEqual(Statistics.spearman([1, 2, 3, 4], [10, 20, 30, 40]), 1, accuracy: 1e-12)
        XCTAssertEqual(Statistics.spearman([1, 2, 3, 4], [4, 3, 2, 1]), -1, accuracy: 1e-12)
        // Hand-computed: ranks x = 1,2,3,4; y = 2,1,4,3 → ρ = 1 − 6·4/(4·15) = 0.6.
        XCTAssertEqual(Statistics.spearman([1, 2, 3, 4], [5, 1, 9, 7]), 0.6, accuracy: 1e-12)
    }

    func testEvaluateWordPairsReportsCoverage() {
        let pairs = [BenchmarkFiles.WordPair(first: "king", second: "queen", score: 8),
                     BenchmarkFiles.WordPair(first: "apple", second: "pear", score: 9),
                     BenchmarkFiles.WordPair(first: "king", second: "apple", score: 1),
                     BenchmarkFiles.WordPair(first: "king", second: "unicorn", score: 5)]
        let result = vectors.evaluateWordPairs(pairs, name: "toy")
        XCTAssertEqual(result.covered, 3)
        XCTAssertEqual(result.total, 4)
        XCTAssertEqual(result.spearman, 1, accuracy: 1e-12)
    }

    func testEvaluateAnalogiesBySection() {
        let questions = [BenchmarkFiles.AnalogyQuestion(section: "royal", a: "man", b: "king", c: "woman", d: "queen"),
                         BenchmarkFiles.AnalogyQuestion(section: "royal", a: "man", b: "king", c: "woman", d: "pear"),
                         BenchmarkFiles.AnalogyQuestion(section: "fruit", a: "apple", b: "pear", c: "x", d: "y")]
        let result = vectors.evaluateAnalogies(questions)
        XCTAssertEqual(result.sections.map(\.name), ["royal", "fruit"])
        XCTAssertEqual(result.sections[0].covered, 2)
        XCTAssertEqual(result.sections[0].correctAdd, 1)
        XCTAssertEqual(result.sections[0].correctMul, 1)
        XCTAssertEqual(result.sections[1].covered, 0)
        XCTAssertEqual(result.overall.total, 3)
        XCTAssertEqual(result.overall.accuracyAdd, 0.5)
    }

    func testBenchmarkFileParsing() throws {
        let folder = try makeFolder(self, ["pairs.txt": "King\tQueen\t8.5\nold  new 2\n", "q.txt": ": capital\nAthens Greece Oslo Norway\n: other\na b c d\n",
                                           "bad.txt": "one two\n"])
        XCTAssertEqual(try BenchmarkFiles.wordPairs(at: folder.appendingPathComponent("pairs.txt").path),
                       [.init(first: "king", second: "queen", score: 8.5), .init(first: "old", second: "new", score: 2)])
        let questions = try BenchmarkFiles.analogies(at: folder.appendingPathComponent("q.txt").path)
        XCTAssertEqual(questions.map(\.section), ["capital", "other"])
        XCTAssertEqual(questions[0].d, "norway")
        XCTAssertThrowsError(try BenchmarkFiles.wordPairs(at: folder.appendingPathComponent("bad.txt").path)) { error in
            XCTAssertTrue("\(error)".hasSuffix("bad.txt:1: expected 'word1 word2 score', got 'one two'"), "\(error)")
        }
    }

    func testSplitHalvesByAHashOfTheWords() throws {
        // FNV-1a's published 64-bit test vectors.
        XCTAssertEqual(BenchmarkFiles.Split.hash(""), 0xcbf2_9ce4_8422_2325)
        XCTAssertEqual(BenchmarkFiles.Split.hash("a"), 0xaf63_dc4c_8601_ec8c)
        // Computed apart (Python): "cat dog" 0x122cd9f8658329a9 and "new old" 0x13ce324ea87da7b4 have
        // the top bit 0 (tuning), "king queen" 0xf74b358e718b7694 has it 1 (report).
        XCTAssertEqual(BenchmarkFiles.Split.hash("king queen"), 0xf74b_358e_718b_7694)
        let folder = try makeFolder(self, ["pairs.txt": "King\tQueen\t8.5\nold  new 2\ndog cat 3\n",
                                           "q.txt": ": capital\nAthens Greece Oslo Norway\n: other\na b c d\n"])
        let pairs = folder.appendingPathComponent("pairs.txt").path
        XCTAssertEqual(try BenchmarkFiles.wordPairs(at: pairs, split: .tuning).map(\.first), ["old", "dog"],
                       "a pair's words are hashed in alphabetical order: 'cat dog', 'new old'")
        XCTAssertEqual(try BenchmarkFiles.wordPairs(at: pairs, split: .report).map(\.first), ["king"])
        XCTAssertEqual(try BenchmarkFiles.wordPairs(at: pairs).count, 3)
        let questions = folder.appendingPathComponent("q.txt").path
        XCTAssertEqual(try BenchmarkFiles.analogies(at: questions, split: .tuning).map(\.a), ["a"])       // 0x2986b940988b46fb
        XCTAssertEqual(try BenchmarkFiles.analogies(at: questions, split: .report).map(\.a), ["athens"]) // 0xc067950b34b0ad98
    }

    func testTheSharedBenchmarksParse() throws {
        let folder = sharedFolder.appendingPathComponent("benchmarks")
        try XCTSkipUnless(FileManager.default.fileExists(atPath: folder.path), "../shared/benchmarks is not present")
        XCTAssertEqual(try BenchmarkFiles.wordPairs(at: folder.appendingPathComponent("similarity/EN-WS-353-ALL.txt").path).count, 353)
        XCTAssertEqual(try BenchmarkFiles.wordPairs(at: folder.appendingPathComponent("similarity/EN-SIMLEX-999.txt").path).count, 999)
        XCTAssertEqual(try BenchmarkFiles.wordPairs(at: folder.appendingPathComponent("similarity/EN-MEN-TR-3k.txt").path).count, 3000)
        let analogies = try BenchmarkFiles.analogies(at: folder.appendingPathComponent("analogy/questions-words.txt").path)
        XCTAssertEqual(analogies.count, 19_544)
        XCTAssertEqual(Set(analogies.map(\.section)).count, 14)
        // The halves, counted apart (Python, the same hash): tuning / report.
        for (file, tuning, report) in [("similarity/EN-WS-353-ALL.txt", 187, 166), ("similarity/EN-SIMLEX-999.txt", 486, 513),
                                       ("similarity/EN-MEN-TR-3k.txt", 1501, 1499)] {
            let path = folder.appendingPathComponent(file).path
            XCTAssertEqual(try BenchmarkFiles.wordPairs(at: path, split: .tuning).count, tuning, file)
            XCTAssertEqual(try BenchmarkFiles.wordPairs(at: path, split: .report).count, report, file)
        }
        let google = folder.appendingPathComponent("analogy/questions-words.txt").path
        XCTAssertEqual(try BenchmarkFiles.analogies(at: google, split: .tuning).count, 9801)
        XCTAssertEqual(try BenchmarkFiles.analogies(at: google, split: .report).count, 9743)
    }
}
