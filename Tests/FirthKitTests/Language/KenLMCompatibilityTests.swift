import Foundation
import XCTest
@testable import FirthKit

/// Firth's estimate against KenLM's `lmplz`, on the same sentences.
///
/// `Fixtures/tutorial-sentences.txt` is six files of `Corpora/tutorial` as Firth tokenizes them,
/// one sentence per line; `Fixtures/tutorial-o3.arpa` is what `lmplz -o 3` (KenLM, built from
/// its sources) wrote for that file. Same counts, same estimator: the same probabilities and
/// backoffs, n-gram by n-gram.
final class KenLMCompatibilityTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// An ARPA file as `words → (log10 p, log10 backoff)`, and the counts of its header.
    static func parseARPA(_ text: String) -> (counts: [Int], entries: [String: (Double, Double)]) {
        var counts: [Int] = []
        var entries: [String: (Double, Double)] = [:]
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("ngram ") { counts.append(Int(line.split(separator: "=")[1])!); continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count >= 2, let p = Double(fields[0]) else { continue }
            entries[String(fields[1])] = (p, fields.count > 2 ? Double(fields[2])! : 0)
        }
        return (counts, entries)
    }

    func makeTrigramStore() throws -> (CorpusStore, LoadedLanguageModel) {
        let store = try makeTemporaryStore(self)
        var options = Ingester.Options()
        options.sentencePerLine = true
        let report = try Ingester(store: store, options: options)
            .ingest(paths: [Self.fixtures.appendingPathComponent("tutorial-sentences.txt").path])
        XCTAssertEqual(report.errors, [])
        return (store, try store.languageModel(NGramParameters(order: 3)))
    }

    func testProbabilitiesAndBackoffsEqualLmplz() throws {
        let (store, loaded) = try makeTrigramStore()
        let kenlm = Self.parseARPA(try String(contentsOf: Self.fixtures.appendingPathComponent("tutorial-o3.arpa"), encoding: .utf8))
        XCTAssertEqual(loaded.table.ngramCounts, kenlm.counts)
        XCTAssertEqual(loaded.table.sentences, 655)

        let arpa = try exportARPA(store, loaded.table)
        let firth = Self.parseARPA(arpa)
        XCTAssertEqual(firth.counts, kenlm.counts)
        XCTAssertEqual(Set(firth.entries.keys), Set(kenlm.entries.keys))
        var compared = 0
        for (words, (p, b)) in kenlm.entries {
            guard let (q, c) = firth.entries[words] else { continue }
            if words != "<s>" { XCTAssertEqual(q, p, accuracy: 1e-5, "log10 P of '\(words)'") }
            XCTAssertEqual(c, b, accuracy: 1e-5, "log10 backoff of '\(words)'")
            compared += 1
        }
        XCTAssertEqual(compared, kenlm.counts.reduce(0, +))
        // The in-memory model scores each n-gram as the ARPA file says.
        let model = loaded.model
        for (words, (p, _)) in kenlm.entries where words != "<s>" {
            let ids = model.ids(of: words.split(separator: " ").map(String.init))
            XCTAssertEqual(model.log10Probability(of: ids.last!, after: ids.dropLast()), p, accuracy: 1e-5, words)
        }
    }

    func exportARPA(_ store: CorpusStore, _ table: NGramTable) throws -> String {
        let folder = try makeTemporaryFolder(self)
        let path = folder.appendingPathComponent("model.arpa").path
        let output = try ExportOutput(path: path, format: .arpa, force: false)
        try Exporter(store: store, output: output).languageModel(table)
        try output.commit()
        return try String(contentsOfFile: path, encoding: .utf8)
    }
}

/// KenLM itself (the `kenlm` Python module, installed by `make test`) reads Firth's ARPA export
/// and scores held-out sentences: its log10 scores must equal Firth's own.
final class KenLMPythonTests: XCTestCase {
    func testKenLMScoresHeldOutSentencesAsFirthDoes() throws {
        guard let python = Self.pythonWithKenLM() else {
            throw XCTSkip("the Python module kenlm is not installed (pip install kenlm; `make test` installs it as root): the KenLM check is skipped")
        }
        let store = try makeTemporaryStore(self)
        var options = Ingester.Options()
        options.sentencePerLine = true
        _ = try Ingester(store: store, options: options)
            .ingest(paths: [KenLMCompatibilityTests.fixtures.appendingPathComponent("tutorial-sentences.txt").path])
        let folder = try makeTemporaryFolder(self)
        for order in [2, 4] {
            let loaded = try store.languageModel(NGramParameters(order: order))
            let arpa = folder.appendingPathComponent("o\(order).arpa")
            let output = try ExportOutput(path: arpa.path, format: .arpa, force: false)
            try Exporter(store: store, output: output).languageModel(loaded.table)
            try output.commit()
            // Held-out text: two tutorial files the model never saw, with unknown words.
            let text = try ["market.txt", "school.txt"].map {
                try String(contentsOf: packageRoot.appendingPathComponent("Corpora/tutorial/\($0)"), encoding: .utf8)
            }.joined(separator: "\n\n")
            let sentences = SentenceSplitter(tokenizer: try store.tokenizer()).sentences(in: text)
            let input = folder.appendingPathComponent("held-out-\(order).txt")
            try sentences.map { $0.joined(separator: " ") }.joined(separator: "\n").write(to: input, atomically: true, encoding: .utf8)
            let script = """
                import kenlm, sys
                model = kenlm.Model(sys.argv[1])
                for line in open(sys.argv[2]):
                    print(repr(model.score(line.strip(), bos=True, eos=True)))
                """
            let scores = try Self.run(python, ["-c", script, arpa.path, input.path])
                .split(separator: "\n").map { Double($0)! }
            XCTAssertEqual(scores.count, sentences.count)
            var oovs = 0
            for (sentence, kenlm) in zip(sentences, scores) {
                let ids = loaded.model.sentenceIDs(sentence)
                let firth = (1..<ids.count).reduce(0.0) { $0 + loaded.model.log10Probability(of: ids[$1], after: ids[..<$1]) }
                XCTAssertEqual(firth, kenlm, accuracy: 1e-4, sentence.joined(separator: " "))
                oovs += sentence.filter { !loaded.model.contains($0) }.count
            }
            XCTAssertGreaterThan(oovs, 0, "the held-out text should have unknown words")
        }
    }

    static func pythonWithKenLM() -> String? {
        for python in ["/usr/bin/env"] {
            if (try? run(python, ["python3", "-c", "import kenlm"])) != nil { return python }
        }
        return nil
    }

    /// Runs a program and returns its standard output; throws on a non-zero exit.
    @discardableResult
    static func run(_ program: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = program == "/usr/bin/env" && arguments.first != "python3" ? ["python3"] + arguments : arguments
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("kenlm-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: out) }
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw FirthError.badInput(location: program, reason: "exit \(process.terminationStatus)") }
        return try String(contentsOf: out, encoding: .utf8)
    }
}
