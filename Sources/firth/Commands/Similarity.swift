import ArgumentParser
import Foundation
import FirthKit

struct Similarity: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "similarity",
        abstract: "Print the cosine similarity of two words (1: same direction, 0: unrelated).")

    @Argument(help: "The first word.") var first: String
    @Argument(help: "The second word.") var second: String
    @OptionGroup var store: StoreOptions
    @OptionGroup var vectorOptions: VectorOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let store = try store.openForReading()
        let vectors = try vectorOptions.vectors(in: store)
        let (a, b) = (try store.normalize(first), try store.normalize(second))
        var table = Table(columns: ["word1", "word2", "similarity"], title: "cosine similarity in \(vectors.name)")
        table.append([.text(a), .text(b), .real(Double(try vectors.similarity(a, b)))])
        output.print(table)
    }
}
