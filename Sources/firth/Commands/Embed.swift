import ArgumentParser
import Foundation
import FirthKit

struct Embed: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Make word vectors: by counting (SVD of PPMI), by prediction (skip-gram), or both.",
        discussion: """
        Counting: each word's PPMI row is a long, sparse vector (one entry per context word). The \
        SVD finds the few directions along which those rows vary most and keeps d of them: words \
        with similar company end up with similar short, dense vectors. A few seconds.

        Prediction: word2vec's skip-gram reads the text and nudges each word's vector toward the \
        words around it (`firth skipgram` has all its knobs). Minutes on millions of words.

        The default, --method combined, makes both and averages their cosines (`firth combine`): \
        on the benchmark corpus the SVD is better at relatedness and analogies, skip-gram at strict \
        similarity, and only their mean comes within noise of the best peer tool on every benchmark \
        (BENCHMARKS.md). All three embeddings are stored with their parameters (see `firth spaces`); \
        queries use the combination. --method svd alone is the quick way to explore.

        Examples:
          firth embed
          firth embed --method svd --dimensions 100 --eigen-weight 0
          firth embed --reproducible   # skip-gram's threads in rounds: the same digits on every run
        """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var space: SpaceOptions

    @Option(name: .long, help: ArgumentHelp(
        "svd (counting), skipgram (prediction) or combined (both, cosines averaged).",
        discussion: "svd takes seconds and is what the tutorial explains; combined adds skip-gram's minutes for better strict similarity (SimLex-999; BENCHMARKS.md has the figures). With skipgram or combined, --seed sets skip-gram's too; so does --dimensions with skipgram, and with combined when it is below skip-gram's own default (--skipgram-dimensions sets it apart)."))
    var method: EmbeddingMethod = .combined

    @OptionGroup(title: "SVD") var embedding: EmbeddingOptions

    @Option(name: .long, help: ArgumentHelp(
        "Skip-gram: dimensions of its vectors (default: --dimensions with --method skipgram; with combined, --dimensions or skip-gram's own default, whichever is smaller).",
        discussion: "In the combination skip-gram's part needs fewer dimensions than the SVD's: fewer scored as well on the benchmark corpus at less CPU (BENCHMARKS.md).",
        valueName: "d"))
    var skipgramDimensions: Int?

    @Option(name: .long, help: ArgumentHelp(
        "Skip-gram: passes over the corpus.",
        discussion: "A few million words need more than word2vec's choice for billions; fewer than the default lost relatedness on the benchmark corpus (see `firth skipgram --help`, BENCHMARKS.md)."))
    var epochs = SkipGramParameters().epochs

    @Option(name: .long, help: ArgumentHelp(
        "Skip-gram: training threads (default: one per core).",
        discussion: "They share one model without locks, as in word2vec and gensim: fastest, but the digits change from run to run; --reproducible or --threads 1 gives the same vectors on every run (see `firth skipgram --help`)."))
    var threads = SkipGramParameters().threads

    @Flag(name: .long, help: "Skip-gram: threads train in rounds summed in a fixed order, so the same seed gives the same vectors (see `firth skipgram --help`).")
    var reproducible = false

    @Option(name: .long, help: ArgumentHelp("Name of the embedding queries will use (default: spelled from its parameters).", valueName: "name"))
    var name: String?

    @Option(name: .long, help: ArgumentHelp(
        "Make the vectors of this subcorpus (the SVD of its most recent count table, skip-gram on its documents).",
        discussion: "The embeddings are named after it (…@NAME). Queries never default to a subcorpus's vectors: pass --embedding to use them.",
        valueName: "name"))
    var subcorpus: String?

    @Flag(name: .long, help: "Make the vectors again even if identical ones are stored.")
    var force = false

    @OptionGroup var progressOptions: ProgressOptions

    var pipeline: EmbeddingPipeline {
        var skipGram = SkipGramParameters()
        skipGram.dimensions = skipgramDimensions ?? (method == .skipgram ? embedding.dimensions : min(embedding.dimensions, skipGram.dimensions))
        skipGram.seed = embedding.seed
        skipGram.epochs = epochs
        skipGram.threads = threads
        skipGram.lockFree = reproducible ? nil : true
        skipGram.subcorpus = subcorpus
        return EmbeddingPipeline(method: method, svd: embedding.parameters, skipGram: skipGram)
    }

    func validate() throws {
        try ParameterFlags.validate { try pipeline.skipGram.validate() }
    }

    func run() throws {
        let started = Date()
        let store = try store.openForWriting()
        let table = method == .skipgram ? nil : try SpaceOptions.table(named: space.space, subcorpus: subcorpus, in: store, quiet: progressOptions.quiet)
        let made = try pipeline.make(in: store, table: table, name: name, force: force, progress: progressOptions.progress("embed"))
        guard !progressOptions.quiet else { return }
        for part in made.parts {
            printError(String(format: "  part '%@': %d words × %d dimensions (made in %.2f s)",
                              part.name, part.vocabularySize, part.dimensions, part.seconds))
        }
        let result = made.embedding
        printError(made.reused
            ? "reused the stored embedding '\(result.name)'; --force makes it again"
            : String(format: "embedded '%@': %d words × %d dimensions in %.2f s",
                     result.name, result.vocabularySize, result.dimensions, Date().timeIntervalSince(started)))
    }
}

extension EmbeddingMethod: ExpressibleByArgument {}
