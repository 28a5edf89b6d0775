import XCTest
@testable import FirthKit

final class TableTests: XCTestCase {
    func hostile() -> Table {
        var table = Table(columns: ["word", "count", "score"], title: "a title")
        table.append([.text("a,b \"quoted\"\nline"), .integer(1200), .real(0.5, digits: 2)])
        table.append([.text("tab\there\\"), .integer(-3), .empty])
        return table
    }

    func testCSVQuotesAsRFC4180() {
        XCTAssertEqual(hostile().render(.csv),
                       "word,count,score\r\n\"a,b \"\"quoted\"\"\nline\",1200,0.5\r\ntab\there\\,-3,\r\n")
    }

    func testTSVEscapesInsteadOfQuoting() {
        XCTAssertEqual(hostile().render(.tsv), "word\tcount\tscore\na,b \"quoted\"\\nline\t1200\t0.5\ntab\\there\\\\\t-3\t\n")
    }

    func testJSONKeepsTypes() {
        XCTAssertEqual(hostile().render(.json), """
            [
              {"word": "a,b \\"quoted\\"\\nline", "count": 1200, "score": 0.5},
              {"word": "tab\\there\\\\", "count": -3, "score": null}
            ]

            """)
    }

    func testHumanTableAlignsNumbersAndGroupsThousands() {
        var table = Table(columns: ["word", "count"])
        table.append([.text("river"), .integer(1234567)])
        table.append([.text("a"), .integer(5)])
        XCTAssertEqual(table.render(.table), "word       count\n-----  ---------\nriver  1,234,567\na              5\n")
        XCTAssertEqual(Table(columns: ["x"]).render(.table), "x\n-\n(no rows)\n")
    }

    /// JSON strings are escaped as JSONEncoder escapes them (the independent computation):
    /// every ASCII character, and words with accents, CJK and emoji.
    func testJSONStringsAreEscapedAsJSONEncoderEscapesThem() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        var samples = (0..<128).map { String(UnicodeScalar(UInt8($0))) }
        samples += ["", "river", "a/b", "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "café", "naïve\u{7F}",
                    "東京", "🙂 emoji", "tab\there\\", "line\u{2028}sep", "\u{0}\u{1F}end"]
        for sample in samples {
            XCTAssertEqual(Table.jsonString(sample), String(decoding: try encoder.encode(sample), as: UTF8.self),
                           sample.unicodeScalars.map { String($0.value) }.joined(separator: " "))
        }
    }
}
