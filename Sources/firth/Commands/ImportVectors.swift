import ArgumentParser
import Foundation
import FirthKit

struct ImportVectors: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-vectors",
        abstract: "Store word vectors made elsewhere (word2vec or GloVe text) to evaluate and query them.",
        discussion: """
        The file holds one word and its values per line, separated by spaces; word2vec text
        starts with a "count dimensions" line, GloVe text does not. The vectors become an
        embedding like those of `firth embed` (see `firth spaces`), stored at unit length: the
        queries compare directions (cosine), not lengths. No corpus is needed: a database of
        imported vectors alone answers `evaluate`, `neighbors`, `similarity` and `analogy`.
        A malformed line stops the import with its file:line and nothing is stored.

        Examples:
          firth import-vectors glove.6B.100d.txt --db glove.sqlite
          firth evaluate --embedding glove.6B.100d --benchmarks ../shared/benchmarks --db glove.sqlite
          firth import-vectors model.txt --name sgns --format word2vec
        """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case auto, word2vec, glove }

    @Argument(help: ArgumentHelp("The vectors file (word2vec or GloVe text; binary word2vec is not read).", valueName: "file"))
    var file: String

    @Option(name: .long, help: ArgumentHelp(
        "Name of the embedding, used by --embedding (default: the file name without its extension).", valueName: "name"))
    var name: String?

    @Option(name: .long, help: ArgumentHelp(
        "auto (a first line of two integers is a word2vec header), word2vec or glove.",
        discussion: "Choose glove for a header-less file whose first line looks like a header (a number followed by one value).",
        valueName: "auto|word2vec|glove"))
    var format: Format = .auto

    @Flag(name: .long, help: "Replace an embedding of the same name (it is never replaced otherwise).")
    var force = false

    @OptionGroup var store: StoreOptions
    @OptionGroup var progressOptions: ProgressOptions

    func run() throws {
        let format = format == .auto ? nil : VectorFormat(rawValue: format.rawValue)
        let store: CorpusStore, embedding: Embedding, detected: VectorFormat
        if FileManager.default.fileExists(atPath: self.store.path) {
            store = try self.store.openForWriting()
            (embedding, detected) = try store.importVectors(at: file, name: name, format: format, replace: force)
        } else {
            // The file is read and checked before the database is made: a bad file leaves none behind.
            let started = Date()
            let contents = try VectorFileReader.read(path: file, format: format)
            store = try self.store.openForWriting(creating: true)
            embedding = try store.importVectors(contents, name: name ?? CorpusStore.importedName(path: file),
                                                replace: force, started: started)
            detected = contents.format
        }
        if !progressOptions.quiet {
            printError(String(format: "imported '%@' (%@): %d words × %d dimensions in %.2f s into %@",
                              embedding.name, detected.rawValue, embedding.vocabularySize, embedding.dimensions,
                              embedding.seconds, store.path))
        }
    }
}
