import Foundation
import XCTest
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import FirthKit

final class DispersionPlotTests: XCTestCase {
    /// war: C "war war bomb" at 0, 1; D "bomb peace war bomb war" at 2, 4; A "war peace war" at 0, 2; B none.
    func testOffsetsAndTicksOfTheFourSpeeches() throws {
        let store = try makeStore(self, files: speeches)
        let offsets = try store.occurrenceOffsets(of: try store.wordID("war"), in: nil)
        XCTAssertEqual(offsets.map(\.offsets), [[0, 1], [2, 4], [0, 2], []])
        let plot = DispersionPlot(word: "war", rows: offsets.map { .init(label: $0.document.source, tokens: $0.document.tokens, offsets: $0.offsets) })
        // Tick at offset × 480 / tokens: 0, 160 | 192, 384 | 0, 320 | none.
        XCTAssertEqual(plot.rows.map(plot.ticks), [[0, 160], [192, 384], [0, 320], []])
        let document = try XMLDocument(data: Data(plot.svg().utf8), options: [])
        XCTAssertEqual(try document.elements("//line[@class='tick-mark']").count, 6)
        XCTAssertEqual(try document.elements("//text[@class='label']").map { $0.stringValue ?? "" },
                       ["1950-C.txt", "1960-D.txt", "1900-A.txt", "1920-B.txt"])
        XCTAssertEqual(try document.elements("/svg/title").first?.stringValue, "dispersion of 'war': 6 occurrences in 3 of 4 documents")

        try store.defineSubcorpus(named: "modern", SubcorpusDefinition(condition: "year >= 1945"))
        XCTAssertEqual(try store.occurrenceOffsets(of: try store.wordID("war"), in: try store.subcorpus(named: "modern")).map(\.offsets), [[0, 1], [2, 4]])
    }

    func testManyOccurrencesShareAPixelAndLabelsAreEscaped() throws {
        let plot = DispersionPlot(word: "<a&b>", rows: [.init(label: "x/\"q\"&.txt", tokens: 1_000_000, offsets: Array(0..<100_000))])
        XCTAssertEqual(plot.ticks(plot.rows[0]).count, 48)   // 100,000 of 1,000,000 tokens: the first tenth of 480 pixels
        let document = try XMLDocument(data: Data(plot.svg().utf8), options: [])
        XCTAssertEqual(try document.elements("//text[@class='label']").first?.stringValue, "\"q\"&.txt")
    }
}
