import Foundation
import XCTest
@testable import FirthKit

final class ContextEvaluationTests: XCTestCase {
    func testBestThreshold() {
        let (t, accuracy) = ContextEvaluation.bestThreshold([(0.1, false), (0.2, false), (0.3, true), (0.4, false), (0.9, true)])
        XCTAssertEqual(t, 0.25, accuracy: 1e-6)
        XCTAssertEqual(accuracy, 0.8)
        // All identical cosines: one class for everything, so accuracy is the majority share.
        let (_, flat) = ContextEvaluation.bestThreshold([(1, true), (1, false), (1, false)])
        XCTAssertEqual(flat, 2.0 / 3, accuracy: 1e-12)
    }

    let vectors = WordVectors(name: "toy", words: ["river", "water", "loan", "money", "bank"], vectors: DenseMatrix([
        [1, 0.1], [0.9, 0.2], [0.1, 1], [0.2, 0.9], [0.7, 0.7],
    ]))

    func evaluation() -> ContextEvaluation {
        var s = SentenceAttention.Settings()
        s.frequencyWeighting = nil
        return ContextEvaluation(space: vectors, tokenizer: Tokenizer(), settings: s)
    }

    func testWordInContextOnAToyFolder() throws {
        let folder = try makeFolder(self, [
            "train.data.txt": "bank\tN\t1-1\triver bank water\tloan bank money\nbank\tN\t0-0\tbank river\tbank water\n",
            "train.gold.txt": "F\nT\n",
            "dev.data.txt": "bank\tN\t2-0\tmoney loan bank\tbank loan\nbank\tN\t1-1\twater bank .\tmoney bank\nzzz\tN\t0-0\tzzz\tzzz\n",
            "dev.gold.txt": "T\nF\nT\n",
        ])
        let results = try evaluation().wordInContext(folder: folder.path)
        XCTAssertEqual(results.map(\.method), ["static", "uniform average", "attention soft", "attention hard"])
        let byMethod = Dictionary(uniqueKeysWithValues: results.map { ($0.method, $0) })
        XCTAssertEqual(byMethod["static"]!.covered, 2)
        XCTAssertEqual(byMethod["static"]!.total, 3)
        // Contextual vectors separate the senses: the different-sense pair has the lower cosine.
        XCTAssertEqual(byMethod["attention soft"]!.trainAccuracy, 1)
        XCTAssertEqual(byMethod["attention soft"]!.accuracy, 1, "dev: same (money/loan), different (water/money), uncovered counted as same")
        XCTAssertEqual(byMethod["static"]!.accuracy, 2.0 / 3, accuracy: 1e-12, "static: every cosine 1, so all 'same'")
    }

    func testSenseFileClassification() throws {
        let folder = try makeFolder(self, ["s.tsv": """
            # sentence, position, label
            river water bank\t2\triver
            bank by the river\tbank\triver
            water bank river\t1\triver
            loan bank money\tbank\tmoney
            money and loan bank\t3\tmoney
            bank money\t0\tmoney
            """])
        let evaluation = evaluation()
        let examples = try evaluation.labelledOccurrences(file: folder.appendingPathComponent("s.tsv").path)
        XCTAssertEqual(examples.map(\.label), ["river", "river", "river", "money", "money", "money"])
        XCTAssertEqual(examples.map(\.occurrence.target), [2, 0, 1, 1, 3, 0])
        let results = evaluation.senseClassification(examples, folds: 3)
        let centroid = results.first { $0.method == "attention soft" && $0.classifier == "nearest centroid" }!
        XCTAssertEqual(centroid.accuracy, 1)
        let staticCentroid = results.first { $0.method == "static" && $0.classifier == "nearest centroid" }!
        XCTAssertLessThan(staticCentroid.accuracy, 1, "one static vector cannot tell the senses apart")
        XCTAssertEqual(results.first!.classifier, "majority class")
    }

    func testBadSenseLinesNameTheLine() throws {
        let folder = try makeFolder(self, ["bad.tsv": "river bank\t7\triver\n"])
        XCTAssertThrowsError(try evaluation().labelledOccurrences(file: folder.appendingPathComponent("bad.tsv").path)) { error in
            XCTAssertTrue("\(error)".contains("bad.tsv:1: position 7 is outside the sentence's 2 words"), "\(error)")
        }
    }
}
