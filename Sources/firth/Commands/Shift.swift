import ArgumentParser
import Foundation
import FirthKit

struct Shift: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shift",
        abstract: "Show how a word's company changes between two subcorpora (vectors aligned by orthogonal Procrustes).",
        discussion: """
        Each part gets its own SVD vectors (from its most recent count table, counted and \
        embedded with the defaults when it has none: only then does this command write to the \
        database; otherwise it opens it read-only). Their axes are \
        arbitrary, so the first part's vectors are rotated onto the second's: the rotation R that \
        minimizes |X R - Y| over the words both parts know, R = U V' from the SVD U S V' of X'Y \
        (orthogonal Procrustes, as in Hamilton et al. 2016). A word's change is 1 - cosine of its \
        two aligned vectors: 0 = the same company, 1 = unrelated.

        With WORD: its nearest words in each part, those that joined and left its \
        neighbourhood, and its change. Without: the --top words that changed most among words \
        seen --min-count times in each part (rare words move by noise: their vectors rest on a \
        few contexts).

        The noise: how much a word "changes" between two random halves of one part, where \
        nothing changed but the sample. The --noise part (--from by default) is split into two \
        halves of whole documents drawn with --noise-seed (stored as subcorpora \
        PART.half1.seedS and PART.half2.seedS, counted and embedded as the parts are), and the \
        same change score is computed between them: a word's change is worth reading only \
        where it clearly exceeds its noise. --noise none skips it (half the work).

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

    @Option(name: .long, help: ArgumentHelp("Which part to split into two random halves for the noise: from, to or none.", valueName: "part"))
    var noise = NoisePart.from

    @Option(name: .long, help: "Seed of the random halves: the same seed gives the same halves.")
    var noiseSeed: UInt64 = 1

    @OptionGroup(title: "SVD of each part") var embedding: EmbeddingOptions
    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var progressOptions: ProgressOptions

    func validate() throws {
        if from == to { throw ValidationError("--from and --to name the same subcorpus.") }
        if top < 1 || neighbors < 1 || minCount < 1 { throw ValidationError("--top, --neighbors and --min-count must be at least 1.") }
    }

    enum NoisePart: String, ExpressibleByArgument, CaseIterable { case from, to, none }

    /// The SVD vectors of `part` (counted as `table`), made (becoming a writer for that step)
    /// only when missing.
    func vectors(of part: String, table: CooccurrenceTable, parameters: EmbeddingParameters, in store: CorpusStore) throws -> WordVectors {
        if let stored = try store.embeddings().first(where: {
            $0.tableID == table.id && $0.source.svd == parameters && $0.name == parameters.name(table: table.name)
        }) {
            return try store.wordVectors(named: stored.name)
        }
        let made = try StoreAccess.writing(store, making: "SVD embedding of subcorpus '\(part)'",
                                           instead: "embed it with `firth embed --method svd --subcorpus \(part) --db \(store.path)` where it can be written") { writer in
            try EmbeddingPipeline(method: .svd, svd: parameters).make(in: writer, table: table, progress: progressOptions.progress("embed \(part)"))
        }
        return try store.wordVectors(named: made.embedding.name)
    }

    /// The noise part and the names of its two random halves, defined (becoming a writer for
    /// that step) when missing; nil with --noise none.
    func noiseHalves(in store: CorpusStore) throws -> (part: String, names: [String])? {
        let part: String
        switch noise {
        case .none: return nil
        case .from: part = from
        case .to: part = to
        }
        let (halves, stored) = try store.randomHalves(of: part, seed: noiseSeed)
        if !stored {
            try StoreAccess.writing(store, making: "random halves of subcorpus '\(part)'",
                                    instead: "run it once where the database can be written, or use --noise none") { writer in
                try writer.defineRandomHalves(halves)
            }
        }
        return (part, [halves.names.first, halves.names.second])
    }

    func run() throws {
        let store = try store.openForReading()
        // Checked before anything is made: overlapping parts, and a word that does not occur in
        // one of them (its occurrences per document: reading every token of both parts, as the
        // frequency floor below does, took most of a run whose vectors were stored).
        let fromPart = try store.subcorpus(named: from), toPart = try store.subcorpus(named: to)
        let shared = Set(try store.members(of: fromPart).map(\.documentID)).intersection(try store.members(of: toPart).map(\.documentID)).count
        if shared > 0 {
            throw FirthError.invalidOption("subcorpora '\(from)' and '\(to)' share \(shared) document\(shared == 1 ? "" : "s"); a shift compares two parts without common documents")
        }
        let spelled = try word.map { try store.normalize($0) }
        if let spelled {
            func occurs(in part: String) throws -> Bool {
                do {
                    return try store.dispersion(of: [spelled], in: part).measures[0].counts.contains { $0 > 0 }
                } catch FirthError.unknownWord {
                    return false
                }
            }
            let absent = try [from, to].filter { try !occurs(in: $0) }
            if !absent.isEmpty {
                throw FirthError.invalidOption("'\(spelled)' does not occur in \(absent.map { "subcorpus '\($0)'" }.joined(separator: " or ")); a shift needs it in both parts")
            }
        }
        let halves = try noiseHalves(in: store)
        let parts = [from, to] + (halves?.names ?? [])
        let tables = try parts.map { try SpaceOptions.table(named: nil, subcorpus: $0, in: store, quiet: progressOptions.quiet) }
        // Aligning needs the same number of dimensions in every part, and an SVD has at most as
        // many as its part has words: a small part (a half, above all) lowers them for all.
        var parameters = embedding.parameters
        if let smallest = zip(parts, tables).min(by: { $0.1.vocabularySize < $1.1.vocabularySize }),
           smallest.1.vocabularySize < parameters.dimensions {
            if !progressOptions.quiet {
                printError("note: \(smallest.1.vocabularySize) dimensions, not \(parameters.dimensions): subcorpus '\(smallest.0)' has only \(smallest.1.vocabularySize) words in its count, and every part is embedded alike")
            }
            parameters.dimensions = smallest.1.vocabularySize
        }
        let vectors = try zip(parts, tables).map { try self.vectors(of: $0, table: $1, parameters: parameters, in: store) }
        let shift = try SemanticShift(from: vectors[0], to: vectors[1])
        let noisy = try halves.map { (shift: try SemanticShift(from: vectors[2], to: vectors[3]), part: $0.part) }
        let noiseNote = noisy.map { "noise: the same score between two random halves of \($0.part) (seed \(noiseSeed))" } ?? "no noise baseline (--noise none)"
        if let spelled {
            let n = try shift.neighborhood(of: spelled, count: neighbors)
            let noise = noisy?.shift.change(of: spelled)
            var table = Table(columns: ["rank", "in_\(from)", "cosine_\(from)", "in_\(to)", "cosine_\(to)", "change", "noise"],
                              title: String(format: "'%@' from %@ to %@: change %.3f (1 - cosine after alignment over %d shared words); %@",
                                            n.word, from, to, n.change, shift.shared.count,
                                            noisy == nil ? noiseNote : noise.map { String(format: "noise %.3f (%@)", $0, noiseNote) }
                                                ?? "no noise: '\(n.word)' has no vector in a half of \(noisy!.part)"))
            for i in 0..<max(n.from.count, n.to.count) {
                let a = i < n.from.count ? n.from[i] : nil, b = i < n.to.count ? n.to[i] : nil
                table.append([.integer(i + 1), a.map { .text($0.word) } ?? .empty, a.map { .real(Double($0.similarity)) } ?? .empty,
                              b.map { .text($0.word) } ?? .empty, b.map { .real(Double($0.similarity)) } ?? .empty,
                              .real(n.change), noise.map { .real($0) } ?? .empty])
            }
            output.print(table)
            if output.format == .table {
                print("joined: \(n.joined.joined(separator: " "))")
                print("left:   \(n.left.joined(separator: " "))")
            }
            return
        }
        // The floor needs each part's frequencies of its frequent words only: a word with vectors
        // in both parts is in both count tables' vocabularies, which hold its frequency there.
        func frequent(_ table: CooccurrenceTable) throws -> [String: Int] {
            Dictionary(uniqueKeysWithValues: try store.frequentWords(of: table, atLeast: minCount).map { ($0.word, $0.frequency) })
        }
        let inFrom = try frequent(tables[0]), inTo = try frequent(tables[1])
        let ranked = shift.mostChanged(top: top, where: { inFrom[$0] != nil && inTo[$0] != nil })
        let noises = ranked.compactMap { noisy?.shift.change(of: $0.word) }.sorted()
        let median = noises.isEmpty ? nil : (noises[(noises.count - 1) / 2] + noises[noises.count / 2]) / 2
        var table = Table(columns: ["rank", "word", "change", "noise", "in_\(from)", "in_\(to)"],
                          title: "the words that changed most from \(from) to \(to) (seen \(minCount)+ times in each; \(shift.shared.count) shared words aligned); "
                              + noiseNote + (median.map { String(format: ", median %.3f over these words", $0) } ?? ""))
        for (rank, change) in ranked.enumerated() {
            let (a, b) = (inFrom[change.word] ?? 0, inTo[change.word] ?? 0)
            table.append([.integer(rank + 1), .text(change.word), .real(change.change),
                          noisy?.shift.change(of: change.word).map { .real($0) } ?? .empty, .integer(a), .integer(b)])
        }
        output.print(table)
    }
}
