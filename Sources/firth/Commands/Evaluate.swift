import ArgumentParser
import Foundation
import FirthKit

struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Score word vectors against human judgements: word similarity and analogies.",
        discussion: """
        Similarity sets (word1 word2 score) are scored by Spearman's rank correlation between the \
        human scores and the cosines; analogy sets (a b c d, with ': section' lines) by accuracy \
        of 3CosAdd and 3CosMul. Only pairs and questions whose words are all in the vocabulary \
        are scored, and the coverage (n of N) is always printed beside the score.

        Context sensitivity: --wic scores Word-in-Context (same sense or not, by the cosine of the \
        target's two contextual vectors against a threshold fitted on train, accuracy on dev); \
        --senses scores a labelled sense file by cross-validated classification. Both compare \
        static vectors, uniform averaging of the context, and attention, side by side; --senses \
        adds substitute vectors (the words that could stand in the target's place, from the n-gram \
        model: `firth substitutes`), from both sides of the target and from its left side alone.

        Examples:
          firth evaluate --similarity ../shared/benchmarks/similarity/EN-WS-353-ALL.txt
          firth evaluate --benchmarks ../shared/benchmarks
          firth evaluate --benchmarks ../shared/benchmarks --split tuning
          firth evaluate --wic ../shared/benchmarks/wic --layers 2
          firth evaluate --senses bundled:senses
        """)

    @OptionGroup var store: StoreOptions
    @OptionGroup(title: "Vectors") var spaceOptions: AttentionSpaceOptions
    @OptionGroup(title: "Attention (for --wic and --senses)") var attention: AttentionOptions
    @OptionGroup var output: OutputOptions

    @Option(name: .long, parsing: .upToNextOption, help: ArgumentHelp("Word-pair similarity files.", valueName: "file"))
    var similarity: [String] = []

    @Option(name: .long, parsing: .upToNextOption, help: ArgumentHelp("Analogy question files.", valueName: "file"))
    var analogy: [String] = []

    @Option(name: .long, help: ArgumentHelp(
        "A benchmarks folder laid out like ../shared/benchmarks: every file of similarity/ and analogy/.", valueName: "folder"))
    var benchmarks: String?

    @Option(name: .long, help: ArgumentHelp(
        "Score every pair and question (all), or one of two fixed halves: tuning (to choose settings on) or report (to report them on).",
        discussion: "An item's half comes from a hash of its words alone, so a pair is in the same half in every file that has it (WS-353 and its SIM and REL parts). Choose on one half, report the other: a default fitted to the figures that show it works proves nothing.",
        valueName: "half"))
    var split: BenchmarkFiles.Split = .all

    @Flag(name: .long, help: "With analogies, print one row per section (the Google set has 14).")
    var sections = false

    @Option(name: .long, help: ArgumentHelp("A Word-in-Context folder (train.data.txt, train.gold.txt, dev.data.txt, dev.gold.txt).", valueName: "folder"))
    var wic: String?

    @Option(name: .long, parsing: .upToNextOption, help: ArgumentHelp(
        "Labelled sense files: sentence<TAB>position<TAB>label per line (position: 0-based word index, or the word). bundled:senses is the set compiled into firth (Corpora/senses/benchmark-senses.tsv: 506 sentences, 11 words); ./bundled:senses is a file of that name.",
        valueName: "file"))
    var senses: [String] = []

    @Option(name: .long, help: "Folds of the cross-validation for --senses.")
    var folds = 5

    @Option(name: .long, help: ArgumentHelp(
        "With --senses: the substitutes kept in each occurrence's substitute vector (0: no substitute rows).",
        discussion: "The vector is the probability-weighted mean of the K most probable substitutes' vectors (`firth substitutes`). A few substitutes are the sharpest description of one use; more smooth it toward the word's usual company.",
        valueName: "K"))
    var substituteTop = 100

    @Option(name: .long, help: ArgumentHelp(
        "With --senses: α, the share of the sentence's uniform average mixed into the substitute vector (0 to 1).",
        discussion: "0 compares the substitutes alone. The substitutes say what could stand in the target's place, the uniform average what the sentence is about; Baskaya et al. (2013) model each word together with its substitutes. The default was chosen on part of the senses file (BENCHMARKS.md).",
        valueName: "α"))
    var substituteMix = 0.7

    @Flag(name: .long, inversion: .prefixedNo, help: ArgumentHelp(
        "With --senses: leave the target word itself out of its substitutes' mean.",
        discussion: "The word often fits its own place best, but its vector is the same in every use: kept in, it pulls every use toward one point."))
    var substituteExcludeTarget = true

    @OptionGroup(title: "The n-gram model (for the substitute rows of --senses)") var ngramOptions: NGramOptions

    @OptionGroup var progressOptions: ProgressOptions

    func validate() throws {
        if similarity.isEmpty && analogy.isEmpty && benchmarks == nil && wic == nil && senses.isEmpty {
            throw ValidationError("Name something to evaluate: --similarity FILE, --analogy FILE, --benchmarks FOLDER, --wic FOLDER or --senses FILE.")
        }
        if folds < 2 { throw ValidationError("--folds must be at least 2.") }
        if substituteTop < 0 { throw ValidationError("--substitute-top must be 0 or more (got \(substituteTop)).") }
        if !(0...1).contains(substituteMix) { throw ValidationError("--substitute-mix must be between 0 and 1 (got \(substituteMix)).") }
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
        let store = try store.openForReading()
        if !similarityFiles.isEmpty || !analogyFiles.isEmpty {
            try evaluateVectors(store: store, similarityFiles: similarityFiles, analogyFiles: analogyFiles)
        }
        if wic != nil || !senses.isEmpty {
            try evaluateContexts(store: store)
        }
    }

    func evaluateVectors(store: CorpusStore, similarityFiles: [String], analogyFiles: [String]) throws {
        let vectors = try spaceOptions.vectorOptions.vectors(in: store, quiet: progressOptions.quiet)
        var table = Table(columns: ["benchmark", "measure", "score", "covered", "total"],
                          title: "evaluation of \(vectors.name)" + (split == .all ? "" : ", \(split.rawValue) half"))
        for file in similarityFiles {
            let result = vectors.evaluateWordPairs(try BenchmarkFiles.wordPairs(at: file, split: split), name: Self.name(file))
            table.append([.text(result.name), .text("spearman"), .real(result.spearman), .integer(result.covered), .integer(result.total)])
        }
        for file in analogyFiles {
            let result = vectors.evaluateAnalogies(try BenchmarkFiles.analogies(at: file, split: split), name: Self.name(file),
                                                   progress: progressOptions.progress("analogies"))
            for section in (sections ? result.sections : []) + [result.overall] {
                let label = section.name == "all" ? result.name : "\(result.name): \(section.name)"
                table.append([.text(label), .text("3cosadd"), .real(section.accuracyAdd), .integer(section.covered), .integer(section.total)])
                table.append([.text(label), .text("3cosmul"), .real(section.accuracyMul), .integer(section.covered), .integer(section.total)])
            }
        }
        output.print(table)
    }

    func evaluateContexts(store: CorpusStore) throws {
        let space = try spaceOptions.vectorSpace(in: store, quiet: progressOptions.quiet)
        let evaluation = ContextEvaluation(space: space, tokenizer: try store.tokenizer(), settings: attention.settings)
        let settings = attention.settings
        let description = "τ = \(settings.temperature), residual λ = \(settings.residual), self \(settings.excludeSelf ? "excluded" : "included")"
        if let wic {
            var table = Table(columns: ["method", "dev accuracy", "train accuracy", "threshold", "covered", "total"],
                              title: "Word-in-Context in \(space.spaceName) (\(description))")
            for r in try evaluation.wordInContext(folder: wic, progress: progressOptions.progress("evaluate")) {
                table.append([.text(r.method), .real(r.accuracy), .real(r.trainAccuracy), .real(Double(r.threshold)),
                              .integer(r.covered), .integer(r.total)])
            }
            output.print(table)
        }
        for file in senses {
            let examples = try BundledCorpora.files(named: file).map { files in
                try files.flatMap { try evaluation.labelledOccurrences(data: $0.data, source: $0.name) }
            } ?? evaluation.labelledOccurrences(file: file)
            var table = Table(columns: ["method", "classifier", "accuracy", "covered", "total"],
                              title: "senses in \(Self.name(file)), \(folds)-fold cross-validation, in \(space.spaceName) (\(description))")
            for r in evaluation.senseClassification(examples, folds: folds, additional: try substituteMethods(evaluation, store: store)) {
                table.append([.text(r.method), .text(r.classifier), .real(r.accuracy), .integer(r.covered), .integer(r.total)])
            }
            if output.format == .table && wic != nil { print("") }
            output.print(table)
        }
    }

    /// The substitute rows of --senses: both sides, and the left side alone to show what the right adds.
    func substituteMethods(_ evaluation: ContextEvaluation, store: CorpusStore) throws -> [ContextEvaluation.VectorMethod] {
        guard substituteTop > 0 else { return [] }
        let ngram = try loadNGram(ngramOptions, store: store, progress: progressOptions)
        return [true, false].map { right in
            evaluation.substituteMethod(ngram, settings: .init(top: substituteTop, rightContext: right, contextMix: substituteMix,
                                                                    excludeTarget: substituteExcludeTarget))
        }
    }

    static func name(_ path: String) -> String {
        URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
    }
}

extension BenchmarkFiles.Split: ExpressibleByArgument {}
