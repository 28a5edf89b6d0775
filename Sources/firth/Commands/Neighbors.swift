import ArgumentParser
import Foundation
import FirthKit

struct Neighbors: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "neighbors",
        abstract: "List the words nearest in meaning to each word: highest cosine similarity.",
        discussion: """
        Words that keep the same company get similar vectors, so their cosine is high. \
        A word can also be an expression: "king - man + woman".

        Examples:
          firth neighbors river money
          firth neighbors river --using ppmi      (before compression, straight from the counts)
        """)

    enum Space: String, ExpressibleByArgument, CaseIterable { case svd, ppmi }

    @Argument(help: "Words (or expressions like \"king - man + woman\").")
    var words: [String]

    @OptionGroup var store: StoreOptions
    @OptionGroup var vectorOptions: VectorOptions
    @OptionGroup var space: SpaceOptions
    @OptionGroup var output: OutputOptions

    @Option(name: .long, help: "How many neighbours to list per word.")
    var top = 10

    @Option(name: .long, help: ArgumentHelp(
        "Which vectors: svd (the stored embedding) or ppmi (the sparse PPMI rows of a co-occurrence table).",
        discussion: "Comparing the two shows what the SVD's compression keeps and what it smooths over."))
    var using: Space = .svd

    @OptionGroup(title: "PPMI (with --using ppmi)") var association: AssociationOptions

    func validate() throws {
        if top < 1 { throw ValidationError("--top must be at least 1.") }
    }

    func run() throws {
        let store = try store.openForReading()
        var table = Table(columns: ["word", "rank", "neighbor", "similarity"])
        var failed = false
        let query: (String) throws -> [WordVectors.Neighbor]
        switch using {
        case .svd:
            let vectors = try vectorOptions.vectors(in: store)
            table.title = "nearest words by cosine in \(vectors.name)"
            query = { word in
                if word.contains(" ") {
                    let (positive, negative) = try WordVectors.parseExpression(word)
                    return try vectors.mostSimilar(positive: try positive.map(store.normalize), negative: try negative.map(store.normalize), count: top)
                }
                return try vectors.mostSimilar(to: try store.normalize(word), count: top)
            }
        case .ppmi:
            let counts = try space.table(in: store)
            let ppmi = try PPMIMatrix.load(from: store, table: counts, smoothing: association.smoothing)
            table.title = "nearest words by cosine of PPMI rows in \(counts.name)"
            query = { word in try ppmi.mostSimilar(to: try store.normalize(word), count: top) }
        }
        for word in words {
            do {
                for (rank, neighbor) in try query(word).enumerated() {
                    table.append([.text(word), .integer(rank + 1), .text(neighbor.word), .real(Double(neighbor.similarity))])
                }
            } catch let error as FirthError {
                printError("firth: error: \(error)")
                failed = true
            }
        }
        output.print(table)
        if failed { throw ExitCode(1) }
    }
}
