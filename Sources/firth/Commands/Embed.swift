import ArgumentParser
import Foundation
import FirthKit

struct Embed: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Make word vectors: a truncated SVD of a co-occurrence table's PPMI matrix.",
        discussion: """
        Each word's PPMI row is a long, sparse vector (one entry per context word). The SVD finds \
        the few directions along which those rows vary most and keeps d of them: words with \
        similar company end up with similar short, dense vectors. The vectors are stored with \
        their parameters (see `firth spaces`) for the query commands.

        The other way to word vectors is prediction: `firth skipgram` (word2vec), better at \
        strict similarity, slower; `firth combine` averages the two (BENCHMARKS.md).

        Example: firth embed --dimensions 300 --eigen-weight 0.5
        """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var space: SpaceOptions
    @OptionGroup(title: "SVD") var embedding: EmbeddingOptions

    @Option(name: .long, help: ArgumentHelp("Name of the embedding (default: spelled from its parameters).", valueName: "name"))
    var name: String?

    @Flag(name: .long, help: "Make the vectors again even if identical ones are stored.")
    var force = false

    @OptionGroup var progressOptions: ProgressOptions

    func run() throws {
        let store = try store.open()
        let table = try space.table(in: store, quiet: progressOptions.quiet)
        let (result, reused) = try EmbeddingBuilder(store: store, progress: progressOptions.progress("embed"))
            .embed(table: table, parameters: embedding.parameters, name: name, force: force)
        if !progressOptions.quiet {
            printError(reused
                ? "reused the stored embedding '\(result.name)'; --force makes it again"
                : String(format: "embedded '%@': %d words × %d dimensions in %.2f s", result.name, result.vocabularySize, result.dimensions, result.seconds))
        }
    }
}
