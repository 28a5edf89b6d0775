import Foundation
import XCTest
@testable import FirthKit

/// `firth attend --format json` goes through JSONEncoder: the same keys as before, and valid
/// JSON whatever the numbers (a number that is not finite is null).
final class AttentionReportTests: XCTestCase {
    let vectors = WordVectors(name: "toy", words: ["river", "water", "loan", "money", "bank"], vectors: DenseMatrix([
        [1, 0.1], [0.9, 0.2], [0.1, 1], [0.2, 0.9], [0.7, 0.7],
    ]))

    func report(_ words: [String]) -> AttentionReport {
        var settings = SentenceAttention.Settings()
        settings.frequencyWeighting = nil
        let result = SentenceAttention(space: vectors, settings: settings).attend(words)
        return AttentionReport(result: result, space: vectors, settings: settings)
    }

    func parse(_ json: String) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any], json)
    }

    func testTheJSONHasEveryFieldWithItsValues() throws {
        let report = report(["river", "bank", "zzz", "loan"])
        let object = try parse(report.json())
        XCTAssertEqual(Set(object.keys), ["space", "tokens", "words", "positions", "out_of_vocabulary", "temperature", "mode",
                                          "exclude_self", "layers", "residual", "window", "weights", "movement",
                                          "static_vectors", "contextual_vectors"])
        XCTAssertEqual(object["tokens"] as? [String], ["river", "bank", "zzz", "loan"])
        XCTAssertEqual(object["words"] as? [String], ["river", "bank", "loan"])
        XCTAssertEqual(object["positions"] as? [Int], [0, 1, 3])
        XCTAssertEqual(object["out_of_vocabulary"] as? [String], ["zzz"])
        XCTAssertEqual(object["mode"] as? String, "soft")
        XCTAssertEqual(object["exclude_self"] as? Bool, true)
        XCTAssertEqual(object["layers"] as? Int, 1)
        XCTAssertTrue(object["window"] is NSNull)
        let weights = try XCTUnwrap(object["weights"] as? [[[Double]]])
        XCTAssertEqual(weights.count, 1)
        for (i, row) in weights[0].enumerated() {
            XCTAssertEqual(row.reduce(0, +), 1, accuracy: 1e-6)
            XCTAssertEqual(row[i], 0)
            for (j, weight) in row.enumerated() {
                XCTAssertEqual(weight, Double(report.result.layers[0].weights[i, j]), accuracy: 1e-7)
            }
        }
        XCTAssertEqual((object["static_vectors"] as? [[Double]])?.count, 3)
        XCTAssertEqual((object["contextual_vectors"] as? [[Double]])?.first?.count, 2)
        // A Float keeps its shortest spelling, as the hand-written JSON had it.
        XCTAssertTrue(report.json().contains("\"residual\":1,"), report.json())
        // Keys in sorted order, the same in every process (Linux's JSONEncoder would shuffle them).
        XCTAssertTrue(report.json().hasPrefix("{\"contextual_vectors\":"), report.json())
    }

    /// NaN and infinity have no JSON spelling: they are written as null and the rest stays valid.
    func testNumbersThatAreNotFiniteAreNull() throws {
        var report = report(["river", "bank"])
        report.result.temperature = .nan
        report.settings.residual = .infinity
        report.result.layers[0].weights[0, 1] = .nan
        report.result.staticVectors[1, 0] = -.infinity
        let object = try parse(report.json())
        XCTAssertTrue(object["temperature"] is NSNull)
        XCTAssertTrue(object["residual"] is NSNull)
        let weights = try XCTUnwrap(object["weights"] as? [[[Any]]])
        XCTAssertTrue(weights[0][0][1] is NSNull)
        XCTAssertEqual(weights[0][1][0] as? Double, 1)
        let staticVectors = try XCTUnwrap(object["static_vectors"] as? [[Any]])
        XCTAssertTrue(staticVectors[1][0] is NSNull)
        XCTAssertNotNil(staticVectors[0][0] as? Double)
    }
}
