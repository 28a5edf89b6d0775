import Foundation
import GRDB
import XCTest
@testable import FirthKit

/// Issue 13: input that is odd but readable is read honestly, and what cannot be read is
/// reported with its line, never merged or silently changed.
final class InputHandlingTests: XCTestCase {
    private func words(_ store: CorpusStore) throws -> [String] {
        try store.dbQueue.read { db in
            try String.fetchAll(db, sql: "SELECT word FROM tokens JOIN words USING (word_id) ORDER BY position")
        }
    }

    private func sources(_ store: CorpusStore) throws -> [String] {
        try store.dbQueue.read { db in try String.fetchAll(db, sql: "SELECT source FROM documents ORDER BY document_id") }
    }

    private func ingest(_ files: [String: Data], paths: (URL) -> [String] = { [$0.path] },
                        options: Ingester.Options = Ingester.Options()) throws -> (CorpusStore, Ingester.Report) {
        let folder = try makeTemporaryFolder(self)
        for (name, data) in files { try data.write(to: folder.appendingPathComponent(name)) }
        let store = try makeTemporaryStore(self)
        let report = try Ingester(store: store, options: options).ingest(paths: paths(folder))
        return (store, report)
    }

    // MARK: - Decoding

    func testUTF8WithAStrayByteIsNotReadAsLatin1() throws {
        // "Über alles" with one stray 0xFF on line 2: Ü stays Ü, the bad byte becomes U+FFFD.
        let bytes = Data("Über alles\nzwei ".utf8) + Data([0xFF]) + Data(" drei\n".utf8)
        let decoded = try TextDecoding.decode(bytes)
        XCTAssertEqual(decoded.encoding, .utf8)
        XCTAssertEqual(decoded.text, "Über alles\nzwei \u{FFFD} drei\n")
        XCTAssertEqual(decoded.replacements, 1)
        XCTAssertEqual(decoded.replacementLines, [2])
        let (store, report) = try ingest(["u.txt": bytes])
        XCTAssertEqual(report.warnings.count, 1)
        XCTAssertTrue(report.warnings[0].hasSuffix("u.txt: 1 invalid byte sequence in otherwise valid UTF-8 replaced with U+FFFD (line 2)"), report.warnings[0])
        XCTAssertEqual(try words(store), ["über", "alles", "zwei", "drei"])
    }

    func testReplacementsAreCountedWithTheirLines() throws {
        var bytes = Data("é é é\n".utf8)
        bytes += Data([0x61, 0xC3, 0x0A, 0x62, 0xFE, 0x0A])   // a truncated é on line 2, 0xFE on line 3
        let decoded = try TextDecoding.decode(bytes)
        XCTAssertEqual(decoded.encoding, .utf8)
        XCTAssertEqual(decoded.replacements, 2)
        XCTAssertEqual(decoded.replacementLines, [2, 3])
        XCTAssertEqual(decoded.text, "é é é\na\u{FFFD}\nb\u{FFFD}\n")
    }

    func testMostlyInvalidBytesAreStillLatin1() throws {
        // One valid two-byte sequence (C3 A9) against three bad bytes: evidence for Latin-1.
        let decoded = try TextDecoding.decode(Data([0xE6, 0x20, 0xC3, 0xA9, 0x20, 0xE6, 0x20, 0xF8]))
        XCTAssertEqual(decoded.encoding, .windows1252)
        XCTAssertEqual(decoded.text, "æ Ã© æ ø")
    }

    func testUTF16AndUTF32WithByteOrderMarks() throws {
        let text = "Straße 𝄞\r\nzwei"
        let cases: [(Data, TextDecoding.Encoding)] = [
            (Data([0xFF, 0xFE]) + text.data(using: .utf16LittleEndian)!, .utf16LE),
            (Data([0xFE, 0xFF]) + text.data(using: .utf16BigEndian)!, .utf16BE),
            (Data([0xFF, 0xFE, 0, 0]) + text.data(using: .utf32LittleEndian)!, .utf32LE),
            (Data([0, 0, 0xFE, 0xFF]) + text.data(using: .utf32BigEndian)!, .utf32BE),
        ]
        for (data, encoding) in cases {
            let decoded = try TextDecoding.decode(data)
            XCTAssertEqual(decoded.encoding, encoding)
            XCTAssertEqual(decoded.text, "Straße 𝄞\nzwei")
            XCTAssertEqual(decoded.replacements, 0)
        }
        let (store, report) = try ingest(["w.txt": cases[0].0])
        XCTAssertEqual(report.warnings, [])
        XCTAssertEqual(try words(store), ["straße", "zwei"])
    }

    func testUTF16WithoutAByteOrderMarkIsRecognizedByItsNULs() throws {
        let decoded = try TextDecoding.decode("river bank".data(using: .utf16LittleEndian)!)
        XCTAssertEqual(decoded.encoding, .utf16LE)
        XCTAssertEqual(decoded.text, "river bank")
        XCTAssertTrue(decoded.warning(source: "f")!.contains("decoded as UTF-16LE"))
        XCTAssertEqual(try TextDecoding.decode("abcd".data(using: .utf16BigEndian)!).text, "abcd")
        // Too short to tell: binary, as before.
        XCTAssertThrowsError(try TextDecoding.decode(Data([0x61, 0x00])))
    }

    func testAnUnpairedSurrogateIsReplacedAndANULCharacterIsBinary() throws {
        let decoded = try TextDecoding.decode(Data([0xFF, 0xFE, 0x61, 0, 0x00, 0xD8, 0x62, 0]))
        XCTAssertEqual(decoded.text, "a\u{FFFD}b")
        XCTAssertEqual(decoded.replacements, 1)
        XCTAssertThrowsError(try TextDecoding.decode(Data([0xFF, 0xFE, 0x61, 0, 0, 0, 0x62, 0]))) { error in
            XCTAssertEqual(error as? TextDecoding.Failure, .binary(offset: 4))
        }
        // Odd NULs that are not UTF-16's pattern: binary, as before.
        XCTAssertThrowsError(try TextDecoding.decode(Data([0x41, 0x00, 0x00, 0x42, 0x43, 0x44])))
    }

    // MARK: - Benchmark files

    func testBenchmarkFilesInUTF16AreReadAndBinaryOrEmptyOnesAreErrors() throws {
        let folder = try makeTemporaryFolder(self)
        let pairs = folder.appendingPathComponent("pairs.txt")
        try (Data([0xFF, 0xFE]) + "tiger\tcat\t7.35\nBook paper 7.46\n".data(using: .utf16LittleEndian)!).write(to: pairs)
        XCTAssertEqual(try BenchmarkFiles.wordPairs(at: pairs.path).map(\.second), ["cat", "paper"])
        let binary = folder.appendingPathComponent("binary.txt")
        try Data([0x61, 0x20, 0x62, 0x20, 0x31, 0x00, 0x0A, 0x63]).write(to: binary)
        XCTAssertThrowsError(try BenchmarkFiles.wordPairs(at: binary.path)) { error in
            XCTAssertEqual("\(error)", "\(binary.path): has a NUL byte at offset 5 (binary, not text)")
        }
        let empty = folder.appendingPathComponent("empty.txt")
        try Data("# only a comment\n".utf8).write(to: empty)
        XCTAssertThrowsError(try BenchmarkFiles.wordPairs(at: empty.path)) { error in
            XCTAssertEqual("\(error)", "\(empty.path): has no word pairs ('word1 word2 score' lines)")
        }
        XCTAssertThrowsError(try BenchmarkFiles.analogies(at: empty.path))
    }

    // MARK: - Invisible characters

    func testInvisibleFormatCharactersDoNotSplitWords() {
        let tokenizer = Tokenizer()
        XCTAssertEqual(tokenizer.words("co\u{AD}operate"), ["cooperate"])
        XCTAssertEqual(tokenizer.words("in\u{200D}side out\u{200C}side"), ["inside", "outside"])
        XCTAssertEqual(tokenizer.words("word\u{2060}joiner \u{FEFF}bom"), ["wordjoiner", "bom"])
        XCTAssertEqual(tokenizer.words("don\u{AD}'t"), ["don't"])
        // They end nothing either: a sentence end followed by one still ends the sentence.
        XCTAssertEqual(tokenizer.tokenize("Ends.\u{200D} Next").map(\.sentence), [0, 1])
        // Ordinary text is untouched, and a zero-width space still separates.
        XCTAssertEqual(tokenizer.words("well-known rivers"), ["well", "known", "rivers"])
        XCTAssertEqual(tokenizer.words("a\u{200B}b"), ["a", "b"])
    }

    // MARK: - Folders and links

    func testSymbolicLinksToFilesAndFoldersAreFollowedAndLoopsReported() throws {
        let corpus = try makeTemporaryFolder(self)
        let elsewhere = try makeTemporaryFolder(self)
        try Data("linked file".utf8).write(to: elsewhere.appendingPathComponent("f.txt"))
        try FileManager.default.createDirectory(at: elsewhere.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try Data("linked folder".utf8).write(to: elsewhere.appendingPathComponent("sub/g.txt"))
        try Data("own words".utf8).write(to: corpus.appendingPathComponent("a.txt"))
        let fm = FileManager.default
        try fm.createSymbolicLink(atPath: corpus.appendingPathComponent("b.txt").path, withDestinationPath: elsewhere.appendingPathComponent("f.txt").path)
        try fm.createSymbolicLink(atPath: corpus.appendingPathComponent("c").path, withDestinationPath: elsewhere.appendingPathComponent("sub").path)
        try fm.createSymbolicLink(atPath: corpus.appendingPathComponent("d.txt").path, withDestinationPath: "a.txt")   // same file twice
        try fm.createSymbolicLink(atPath: corpus.appendingPathComponent("loop").path, withDestinationPath: corpus.path)
        try fm.createSymbolicLink(atPath: corpus.appendingPathComponent("gone.txt").path, withDestinationPath: "missing.txt")
        let store = try makeTemporaryStore(self)
        let report = try Ingester(store: store).ingest(paths: [corpus.path])
        XCTAssertEqual(report.documentsAdded, 3)
        XCTAssertEqual(try words(store), ["own", "words", "linked", "file", "linked", "folder"])
        XCTAssertEqual(report.errors.count, 1)
        XCTAssertTrue(report.errors[0].description.contains("gone.txt: skipped, it is a symbolic link to something that does not exist ('missing.txt')"), report.errors[0].description)
        XCTAssertEqual(report.warnings.count, 2, "\(report.warnings)")
        XCTAssertTrue(report.warnings.contains { $0.hasSuffix("d.txt: the same file as \(corpus.path)/a.txt (a link); read once") }, "\(report.warnings)")
        XCTAssertTrue(report.warnings.contains { $0.contains("loop: a symbolic link back to") && $0.hasSuffix("not followed again (a loop)") }, "\(report.warnings)")
    }

    func testASymbolicLinkGivenAsTheInputIsRead() throws {
        let folder = try makeTemporaryFolder(self)
        try Data("through the link".utf8).write(to: folder.appendingPathComponent("real.txt"))
        let link = folder.appendingPathComponent("link.txt").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "real.txt")
        let store = try makeTemporaryStore(self)
        let report = try Ingester(store: store).ingest(paths: [link])
        XCTAssertEqual(report.documentsAdded, 1)
        XCTAssertEqual(try words(store), ["through", "the", "link"])
    }

    // MARK: - Malformed records

    func testMalformedCSVRecordsAreReportedWithTheirLinesAndNeverMerged() throws {
        let csv = """
            id,text
            1,"a stray "quote" here"
            2,clean words
            3,"never closed
            4,after the open quote
            5,"quoted, with comma"
            6,too,many
            7,a "quote" inside is kept
            8,"two
            lines"

            9,last
            """
        let (store, report) = try ingest(["t.csv": Data(csv.utf8)])
        XCTAssertEqual(report.errors.count, 3, "\(report.errors)")
        XCTAssertTrue(report.errors[0].description.hasSuffix("t.csv:2: field 2 has text after its closing quote (line 2); a quote inside a quoted field is written \"\"; the record was skipped"), report.errors[0].description)
        XCTAssertTrue(report.errors[1].description.hasSuffix("t.csv:4: field 2 has text after its closing quote (line 6); a quote inside a quoted field is written \"\"; the record was skipped"), report.errors[1].description)
        XCTAssertTrue(report.errors[2].description.hasSuffix("t.csv:7: 3 fields where the header has 2; the record was skipped"), report.errors[2].description)
        XCTAssertEqual(try sources(store).map { String($0.split(separator: "/").last!) },
                       ["t.csv:3", "t.csv:5", "t.csv:6", "t.csv:8", "t.csv:9", "t.csv:12"])
        XCTAssertEqual(try words(store), ["clean", "words", "after", "the", "open", "quote", "quoted", "with", "comma",
                                          "a", "quote", "inside", "is", "kept", "two", "lines", "last"])
    }

    func testAQuoteNeverClosedAtTheEndIsReported() throws {
        let (store, report) = try ingest(["t.csv": Data("text,id\nfine,1\n\"open to the end,2\n".utf8)])
        XCTAssertEqual(report.errors.count, 1)
        XCTAssertTrue(report.errors[0].description.hasSuffix("t.csv:3: field 1 opens a quote on line 3 that is never closed; the record was skipped"), report.errors[0].description)
        XCTAssertEqual(try words(store), ["fine"])
    }

    func testCSVParserAgreesWithRFC4180() {
        let text = "a,\"b\"\"c\",\nd\n\n,\n\"x\ny\",z"
        var text2 = text
        let records: [[String]] = text2.withUTF8 { bytes in
            var parser = CSVParser(bytes: bytes)
            var out: [[String]] = []
            while case let .record(fields, _) = parser.next() { out.append(fields) }
            return out
        }
        XCTAssertEqual(records, [["a", "b\"c", ""], ["d"], ["", ""], ["x\ny", "z"]])
    }

    func testJSONLinesWithTwoObjectsOnALineIsReportedNotMerged() throws {
        let jsonl = #"{"text": "one"} {"text": "two"}"# + "\n" + #"{"text": "three"}"# + "\n"
        let (store, report) = try ingest(["r.jsonl": Data(jsonl.utf8)])
        XCTAssertEqual(report.errors.count, 1)
        XCTAssertTrue(report.errors[0].description.hasSuffix("r.jsonl:1: not a JSON object; the line was skipped"), report.errors[0].description)
        XCTAssertEqual(try words(store), ["three"])
    }
}
