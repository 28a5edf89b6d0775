import ArgumentParser
import Foundation
import FirthKit

struct Shift: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show how a word's company changes between two subcorpora (vectors aligned by orthogonal Procrustes).",
        discussion: """
        Each part gets its own SVD vectors (from its most recent count table, counted and \
        embedded with the defaults when it has none, so this command may write). Their axes are \
        arbitrary, so the first part's vectors are rotated onto the second's: the rotation R that \
        minimizes |X R - Y| over the words both parts know, R = U V' from the SVD U S V' of X'Y \
        (orthogonal Procrustes, as in Hamilton et al. 2016). A word's change is 1 - cosine of its \
        two aligned vectors: 0 = the same company, 1 = unrelated.

        With WORD: its nearest words in each part, those that joined and left its \
        neighbourhood, and its change. Without: the --top words that changed most among words \
        seen --min-count times in each part (rare words move by noise: their vectors rest on a \
        few contexts). The scale of the noise: compare two random halves of one part.

        Examples:
          firth shift america --from early --to modern
          firth shift --from early --to modern --top 20 --dimensions 100
        """)

    @Argument(help: "The word to follow (leave out to list the words that changed most).")
    var word: String?

    @Option(name: .long, help: ArgumentHelp("The earlier (first) subcorpus.", valueName: "name"))
    var from: String

    @Option(name: .long, help: ArgumentHelp("The later (second) subcorpus.", valueName: "name"))
    var to: String

    @Option(name: .long, help: "Without WORD: list the N words that changed most.")
    var top = 20

    @Option(name: .long, help: "Without WORD: rank only words seen at least K times in each part.")
    var minCount = 20

    @Option(name: .long, help: "With WORD: nearest words shown in each part.")
    var neighbors = 10

    @OptionGroup(title: "SVD of each part") var embedding: EmbeddingOptions
    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var progressOptions: ProgressOptions

    func validate() throws {
        if from == to { throw ValidationError("--from and --to name the same subcorpus.") }
        if top < 1 || neighbors < 1 || minCount < 1 { throw ValidationError("--top, --neighbors and --min-count must be at least 1.") }
    }

    func vectors(of part: String, in store: CorpusStore) throws -> WordVectors {
        let table = try SpaceOptions.table(named: nil, subcorpus: part, in: store, quiet: progressOptions.quiet)
        let made = try EmbeddingPipeline(method: .svd, svd: embedding.parameters)
            .make(in: store, table: table, progress: progressOptions.progress("embed \(part)"))
        return try store.wordVectors(named: made.embedding.name)
    }

    func run() throws {
        let store = try store.openForWriting()
        // Overlapping parts are refused here, and the floor needs each part's frequencies.
        let frequencies = try store.partFrequencies(target: try store.subcorpus(named: from), reference: try store.subcorpus(named: to))
        let shift = try SemanticShift(from: try vectors(of: from, in: store), to: try vectors(of: to, in: store))
        if let word {
            let n = try shift.neighborhood(of: try store.normalize(word), count: neighbors)
            var table = Table(columns: ["rank", "in_\(from)", "cosine_\(from)", "in_\(to)", "cosine_\(to)"],
                              title: String(format: "'%@' from %@ to %@: change %.3f (1 - cosine after alignment over %d shared words)",
                                            n.word, from, to, n.change, shift.shared.count))
            for i in 0..<max(n.from.count, n.to.count) {
                let a = i < n.from.count ? n.from[i] : nil, b = i < n.to.count ? n.to[i] : nil
                table.append([.integer(i + 1), a.map { .text($0.word) } ?? .empty, a.map { .real(Double($0.similarity)) } ?? .empty,
                              b.map { .text($0.word) } ?? .empty, b.map { .real(Double($0.similarity)) } ?? .empty])
            }
            output.print(table)
            if output.format == .table {
                print("joined: \(n.joined.joined(separator: " "))")
                print("left:   \(n.left.joined(separator: " "))")
            }
            return
        }
        let floor = Dictionary(uniqueKeysWithValues: frequencies.map { ($0.word, min($0.target, $0.reference)) })
        var table = Table(columns: ["rank", "word", "change", "in_\(from)", "in_\(to)"],
                          title: "the words that changed most from \(from) to \(to) (seen \(minCount)+ times in each; \(shift.shared.count) shared words aligned)")
        let counts = Dictionary(uniqueKeysWithValues: frequencies.map { ($0.word, ($0.target, $0.reference)) })
        for (rank, change) in shift.mostChanged(top: top, where: { (floor[$0] ?? 0) >= minCount }).enumerated() {
            let (a, b) = counts[change.word] ?? (0, 0)
            table.append([.integer(rank + 1), .text(change.word), .real(change.change), .integer(a), .integer(b)])
        }
        output.print(table)
    }
}
