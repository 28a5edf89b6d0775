import ArgumentParser
import Foundation
import FirthKit

struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score word vectors against human judgements: word similarity and analogies.",
        discussion: """
        Similarity sets (word1 word2 score) are scored by Spearman's rank correlation between the
        human scores and the cosines; analogy sets (a b c d, with ': section' lines) by accuracy
        of 3CosAdd and 3CosMul. Only pairs and questions whose words are all in the vocabulary
        are scored, and the coverage (n of N) is always printed beside the score.

        Examples:
          firth evaluate --similarity ../shared/benchmarks/similarity/EN-WS-353-ALL.txt
          firth evaluate --benchmarks ../shared/benchmarks
        """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var vectorOptions: VectorOptions
    @OptionGroup var output: OutputOptions

    @Option(name: .long, parsing: .upToNextOption, help: ArgumentHelp("Word-pair similarity files.", valueName: "file"))
    var similarity: [String] = []

    @Option(name: .long, parsing: .upToNextOption, help: ArgumentHelp("Analogy question files.", valueName: "file"))
    var analogy: [String] = []

    @Option(name: .long, help: ArgumentHelp(
        "A benchmarks folder laid out like ../shared/benchmarks: every file of similarity/ and analogy/.", valueName: "folder"))
    var benchmarks: String?

    @Flag(name: .long, help: "With analogies, print one row per section (the Google set has 14).")
    var sections = false

    @OptionGroup var progressOptions: ProgressOptions

    func validate() throws {
        if similarity.isEmpty && analogy.isEmpty && benchmarks == nil {
            throw ValidationError("Name something to evaluate: --similarity FILE, --analogy FILE or --benchmarks FOLDER.")
        }
    }

    func run() throws {
        var similarityFiles = similarity, analogyFiles = analogy
        if let benchmarks {
            let list = { (sub: String, suffix: String) -> [String] in
                let folder = URL(fileURLWithPath: benchmarks).appendingPathComponent(sub)
                return ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
                    .filter { $0.hasSuffix(suffix) }.sorted().map { folder.appendingPathComponent($0).path }
            }
            similarityFiles += list("similarity", ".txt")
            analogyFiles += list("analogy", ".txt")
            if similarityFiles.isEmpty && analogyFiles.isEmpty {
                throw FirthError.badInput(location: benchmarks, reason: "has no similarity/*.txt or analogy/*.txt files")
            }
        }
        let store = try store.open()
        let vectors = try vectorOptions.vectors(in: store, quiet: progressOptions.quiet)
        var table = Table(columns: ["benchmark", "measure", "score", "covered", "total"], title: "evaluation of \(vectors.name)")
        for file in similarityFiles {
            let result = vectors.evaluateWordPairs(try BenchmarkFiles.wordPairs(at: file), name: Self.name(file))
            table.append([.text(result.name), .text("spearman"), .real(result.spearman), .integer(result.covered), .integer(result.total)])
        }
        for file in analogyFiles {
            let result = vectors.evaluateAnalogies(try BenchmarkFiles.analogies(at: file), name: Self.name(file),
                                                   progress: progressOptions.progress("analogies"))
            for section in (sections ? result.sections : []) + [result.overall] {
                let label = section.name == "all" ? result.name : "\(result.name): \(section.name)"
                table.append([.text(label), .text("3cosadd"), .real(section.accuracyAdd), .integer(section.covered), .integer(section.total)])
                table.append([.text(label), .text("3cosmul"), .real(section.accuracyMul), .integer(section.covered), .integer(section.total)])
            }
        }
        output.print(table)
    }

    static func name(_ path: String) -> String {
        URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
    }
}
