import ArgumentParser
import Foundation
import FirthKit

struct SkipGram: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "skipgram",
        abstract: "Make word vectors by prediction: word2vec's skip-gram with negative sampling.",
        discussion: """
        Instead of counting pairs and factoring the PPMI matrix (`firth embed --method svd`), skip-gram reads \
        the text window by window and nudges each word's vector toward the words around it and \
        away from a few random words. It ends up factoring a shifted PMI matrix too (Levy & \
        Goldberg 2014), but weighted by how often each pair occurs: on the benchmark corpus it is \
        better at strict similarity (SimLex-999) and worse at relatedness (WS-353) and analogies \
        than the SVD defaults (BENCHMARKS.md). It reads the corpus, not a count table, and is \
        much slower than the SVD (BENCHMARKS.md has the times); it uses every core, and with \
        --reproducible (or --threads 1) the same seed gives the same vectors on every run. `firth embed` runs it with \
        these defaults and combines it with the SVD; this command has every knob.

        Example: firth skipgram --epochs 5 --dimensions 100
        """)

    @OptionGroup var store: StoreOptions

    @Option(name: .long, help: ArgumentHelp(
        "Dimensions d of the word vectors.",
        discussion: "More dimensions keep finer distinctions but need more text and time; 100-300 is usual. The default scored as well as more dimensions in the combination of `firth embed` on the benchmark corpus, at less CPU (BENCHMARKS.md)."))
    var dimensions = SkipGramParameters().dimensions

    @Option(name: .long, help: ArgumentHelp(
        "Largest distance to a context word (each word draws its own window in 1...N).",
        discussion: "As with counting, small windows (2) favour words that can replace each other, larger ones (5-10) words of one topic."))
    var window = 5

    @Option(name: .long, help: ArgumentHelp(
        "Negative samples k: random words pushed away for each real pair.",
        discussion: "5-15 is usual; more is slower and helps small corpora a little. The implicit matrix is PMI - ln k."))
    var negative = 5

    @Option(name: .long, help: ArgumentHelp(
        "Passes over the corpus.",
        discussion: "word2vec's default is for billions of words; a few million need more: on the benchmark corpus the default scored well above word2vec's, and fewer passes lost relatedness (BENCHMARKS.md). Time grows linearly; lower it for a quick look."))
    var epochs = SkipGramParameters().epochs

    @Option(name: .long, help: ArgumentHelp(
        "Subsampling threshold t: thin out words more frequent than about t (word2vec); 0 keeps all.",
        discussion: "Dropping some 'the' and 'of' gives the content words more of the training and speeds it up.",
        valueName: "t"))
    var subsample = 1e-3

    @Option(name: .long, help: ArgumentHelp(
        "Initial learning rate α; it falls linearly to --min-learning-rate.",
        discussion: "Too high diverges, too low learns slowly; word2vec's 0.025 works for skip-gram.",
        valueName: "α"))
    var learningRate = 0.025

    @Option(name: .long, help: ArgumentHelp("Learning rate at the end of training.", valueName: "α"))
    var minLearningRate = 0.0001

    @Option(name: .long, help: ArgumentHelp(
        "Words seen fewer than K times are left out (and removed from the text first).",
        discussion: "Rare words get too few updates to learn a vector; 5 matches `firth count`."))
    var minCount = 5

    @Option(name: .long, help: "Seed of every random draw: with --reproducible or --threads 1, the same seed gives the same vectors.")
    var seed = 1

    @Option(name: .long, help: ArgumentHelp(
        "Training threads (default: one per core).",
        discussion: "The threads share one model without locks, as word2vec's and gensim's do (Hogwild): the fastest way, but which thread writes first changes from run to run, and so do the vectors' digits. --reproducible gives the same digits on every run; --threads 1 trains strictly in order, as word2vec.c does on one thread, also the same on every run."))
    var threads = SkipGramParameters().threads

    @Flag(name: .long, help: ArgumentHelp(
        "Threads train in rounds summed in a fixed order: the same seed and --threads give the same vectors.",
        discussion: "Each thread trains its own copy of the vectors on its share of the text for up to 50,000 words (at least 32 rounds a pass); then their changes are summed in a fixed order and every copy starts again from the sum. Seeing each other's changes only at the end of a round costs some strict similarity (SimLex-999) on the benchmark corpus (BENCHMARKS.md), which is why it is not the default."))
    var reproducible = false

    @Option(name: .long, help: ArgumentHelp(
        "Remove the top N principal components afterwards (all-but-the-top, Mu & Viswanath 2018).",
        discussion: "Off by default: on the benchmark corpus removing 2 helped relatedness (WS-353) but hurt SimLex, the set skip-gram is best at (BENCHMARKS.md)."))
    var removeTopComponents = 0

    @Option(name: .long, help: ArgumentHelp(
        "Train on this subcorpus's documents only (see `firth subcorpus`).",
        discussion: "Its own frequencies decide the vocabulary (--min-count), the subsampling and the negatives; the embedding is named …@NAME, and queries use it only when asked by name (--embedding).",
        valueName: "name"))
    var subcorpus: String?

    @Option(name: .long, help: ArgumentHelp("Name of the embedding (default: spelled from its parameters).", valueName: "name"))
    var name: String?

    @Flag(name: .long, help: "Train again even if identical vectors are stored.")
    var force = false

    @OptionGroup var progressOptions: ProgressOptions

    var parameters: SkipGramParameters {
        var p = SkipGramParameters()
        p.dimensions = dimensions
        p.window = window
        p.negative = negative
        p.epochs = epochs
        p.subsample = subsample
        p.learningRate = learningRate
        p.minLearningRate = minLearningRate
        p.minCount = minCount
        p.seed = seed
        p.threads = threads
        p.lockFree = reproducible ? nil : true
        p.removeTopComponents = removeTopComponents
        p.subcorpus = subcorpus
        return p
    }

    func validate() throws {
        try ParameterFlags.validate { try parameters.validate() }
    }

    func run() throws {
        let store = try store.openForWriting()
        let trainer = SkipGramTrainer(store: store, progress: progressOptions.progress("skipgram"))
        let (result, reused) = try trainer.train(parameters, name: name, force: force)
        if !progressOptions.quiet {
            printError(reused
                ? "reused the stored embedding '\(result.name)'; --force trains it again"
                : String(format: "trained '%@': %d words × %d dimensions in %.2f s", result.name, result.vocabularySize, result.dimensions, result.seconds))
            if let run = trainer.lastRun {
                printError(String(format: "  training alone: %.2f s, %.0f running words/s on %d thread%@; CPU %.2f s, %.0f words/s per CPU second",
                                  run.seconds, Double(run.words) / max(run.seconds, 1e-9), parameters.threads,
                                  parameters.threads == 1 ? "" : "s", run.cpuSeconds, Double(run.words) / max(run.cpuSeconds, 1e-9)))
            }
        }
    }
}
