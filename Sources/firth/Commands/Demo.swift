import ArgumentParser
import Foundation
import FirthKit

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Walk through the pipeline on the bundled tutorial corpus, step by step.",
        discussion: "Ingests Corpora/tutorial into a temporary database (or --db) on first run and shows what is stored.")

    @Option(name: .long, help: ArgumentHelp("Keep the demo's database in this file instead of a temporary one.", valueName: "file"))
    var db: String?

    @Option(name: .long, help: ArgumentHelp("The tutorial corpus folder.", valueName: "folder"))
    var tutorial: String?

    func run() throws {
        let folder = try tutorial ?? DemoCorpus.locate()
        let path = db ?? FileManager.default.temporaryDirectory.appendingPathComponent("firth-demo-\(getpid()).sqlite").path
        defer { if db == nil { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } } }
        let store = try CorpusStore(path: path)
        if try store.corpusInfo() == nil {
            _ = try Ingester(store: store, options: { var o = Ingester.Options(); o.collection = "tutorial"; o.include = "*.txt"; return o }())
                .ingest(paths: [folder])
        }
        let stats = try store.statistics()
        print("Step 0. The corpus: \(stats.documents) documents, \(stats.tokens) tokens, \(stats.types) distinct words, \(stats.sentences) sentences.\n")
        print("The most frequent words (function words dominate raw counts):")
        print(try store.vocabulary(top: 10).render(.table))
        print("\"bank\" in context — two senses share one spelling:")
        for line in try store.concordance(of: "bank", width: 30, limit: 8) {
            print("  \(String(repeating: " ", count: max(0, 30 - line.left.count)))\(line.left)  [\(line.keyword)]  \(line.right)")
        }
    }
}

/// Finds the bundled tutorial corpus: ./Corpora/tutorial, or beside the source tree of this build.
enum DemoCorpus {
    static func locate() throws -> String {
        var candidates = [FileManager.default.currentDirectoryPath + "/Corpora/tutorial"]
        // .build/<config>/firth → the package root is three levels up.
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        candidates.append(executable.deletingLastPathComponent().appendingPathComponent("../../../Corpora/tutorial").standardized.path)
        candidates.append(executable.deletingLastPathComponent().appendingPathComponent("../../Corpora/tutorial").standardized.path)
        if let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) { return found }
        throw FirthError.badInput(location: candidates[0], reason: "the tutorial corpus was not found; run from the Firth source folder or pass --tutorial FOLDER")
    }
}
