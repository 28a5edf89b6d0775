import ArgumentParser
import Foundation
import FirthKit

struct Combine: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "combine",
        abstract: "Combine stored embeddings into one whose cosine is the weighted mean of theirs.",
        discussion: """
        Each word's vectors from the parts are laid end to end (each scaled by the square root \
        of its weight), so the similarity of two words in the result is the weighted mean of \
        their similarities in the parts. Counting + SVD (`firth embed --method svd`) is good at relatedness \
        and analogies, skip-gram (`firth skipgram`) at strict similarity; on the benchmark \
        corpus their equal mean beats both on WS-353, MEN and the analogies and is between \
        them on SimLex-999 (BENCHMARKS.md). Only words every part knows are kept.

        `firth embed` does this by default, with the defaults of both methods; `firth combine` is \
        for other choices.

        Examples:
          firth embed --method svd && firth skipgram --window 10 && firth combine
          firth combine svd300.p0.5.w6.both.harmonic.document.min5 sgns200.w5.neg5.e15.t2.min5 --weights 1 2
        """)

    @Argument(help: ArgumentHelp(
        "Two or more embeddings (see `firth spaces`).",
        discussion: "None: the most recent SVD embedding (`firth embed`) and the most recent skip-gram one (`firth skipgram`).",
        valueName: "embedding"))
    var embeddings: [String] = []

    @Option(name: .long, parsing: .upToNextOption, help: ArgumentHelp(
        "The share of each embedding in the combined cosine, one number per embedding (default: equal).",
        discussion: "Raise an embedding's weight to move the result toward what it is good at.",
        valueName: "w"))
    var weights: [Double] = []

    @Option(name: .long, help: ArgumentHelp("Name of the result (default: the parts' names joined by '+').", valueName: "name"))
    var name: String?

    @Flag(name: .long, help: "Replace an embedding of the same name (it is never replaced otherwise).")
    var force = false

    @OptionGroup var store: StoreOptions
    @OptionGroup var progressOptions: ProgressOptions

    func validate() throws {
        guard embeddings.count != 1 else { throw ValidationError("name at least two embeddings to combine, or none (see `firth spaces`)") }
        guard weights.isEmpty || weights.count == max(2, embeddings.count) else {
            throw ValidationError("--weights needs one number per embedding: \(max(2, embeddings.count)) embeddings, \(weights.count) weights")
        }
        guard weights.allSatisfy({ $0 > 0 }) else { throw ValidationError("--weights must be positive") }
    }

    func run() throws {
        let store = try store.openForWriting()
        let names = embeddings.isEmpty ? try store.defaultCombinationParts() : embeddings
        let embedding = try store.combineEmbeddings(names, weights: weights.isEmpty ? nil : weights, name: name, replace: force)
        if !progressOptions.quiet {
            printError(String(format: "combined '%@': %d words × %d dimensions in %.2f s",
                              embedding.name, embedding.vocabularySize, embedding.dimensions, embedding.seconds))
        }
    }
}
