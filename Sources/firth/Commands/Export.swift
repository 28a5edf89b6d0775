import ArgumentParser
import Foundation
import FirthKit

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a vocabulary, matrix, collocates, embedding or neighbour list to a file for other tools.",
        discussion: """
        WHAT is one of:
          vocab        the frequency list: rank, word, count, per million
          counts       the co-occurrence counts of a table (--space)
          pmi, ppmi, npmi, logdice, tscore, llr
                       that association measure of the counts (--context-smoothing, --shift)
          collocates   the strongest collocates of --words, by --measure
          embeddings   the vectors of an embedding (--embedding)
          neighbors    the --top nearest words of each of --words, by cosine
        (attention, for a sentence, is not in this build: the attention stage is not merged yet.)

        Matrices are sparse by default: one row word,context,value per stored cell (every
        non-zero count or PPMI; every observed pair for the other measures). --layout dense with
        --words or --top writes a block instead: a header row of words, then one row per word.
        Export is streamed from the database: the full PPMI of a large corpus needs no more
        memory than a small one. Numbers read back to exactly the stored value (float32 for
        embeddings, float64 for the rest).

        Formats: csv (RFC 4180) and tsv for any table; word2vec (a "count dimensions" header,
        what gensim's KeyedVectors.load_word2vec_format reads), glove (the same without the
        header) and projector for embeddings and dense counts/ppmi. projector writes two files
        for TensorBoard's Embedding Projector: --out X.tsv gets the vectors and X.metadata.tsv
        beside it gets the words.

        A file is written under FILE.partial and renamed when complete; an existing file is
        kept unless --force. --out - writes to standard output.

        Examples:
          firth export ppmi --out ppmi.csv
          firth export counts --layout dense --words river,water,loan,money --out - --format tsv
          firth export embeddings --format word2vec --out vectors.txt
          firth export embeddings --format projector --top 10000 --out vectors.tsv
          firth export neighbors --words river,bank --top 5 --out neighbors.csv
        """)

    /// What can be exported. Hook for the attention stage: when FirthKit has `SentenceAttention`,
    /// add `case attention` here (with a `--sentence` option) and an `Exporter` method that
    /// writes its token × token weights through `DelimitedWriter`, as `matrix` does.
    enum What: String, ExpressibleByArgument, CaseIterable {
        case vocab, counts, pmi, ppmi, npmi, logdice, tscore, llr, collocates, embeddings, neighbors

        /// The association measure of a matrix export; nil for the other kinds.
        var measure: AssociationMeasure? {
            switch self {
            case .counts: return .count
            case .pmi: return .pmi
            case .ppmi: return .ppmi
            case .npmi: return .npmi
            case .logdice: return .logdice
            case .tscore: return .tscore
            case .llr: return .llr
            case .vocab, .collocates, .embeddings, .neighbors: return nil
            }
        }
    }

    @Argument(help: ArgumentHelp("What to export: vocab, counts, pmi, ppmi, npmi, logdice, tscore, llr, collocates, embeddings or neighbors.", valueName: "what"))
    var what: What

    @Option(name: .long, help: ArgumentHelp(
        "The file to write, or - for standard output.",
        discussion: "With --format projector, the metadata goes beside it: X.tsv and X.metadata.tsv.",
        valueName: "file"))
    var out: String

    @Option(name: .long, help: ArgumentHelp(
        "csv or tsv (tables, for spreadsheets and pandas); word2vec, glove or projector (word vectors, for gensim, GloVe tools, TensorBoard).",
        valueName: "format"))
    var format: ExportFormat = .csv

    @Flag(name: .long, help: "Replace FILE if it exists (it is never replaced otherwise).")
    var force = false

    @Option(name: .long, help: ArgumentHelp(
        "Matrices: sparse (one row per non-zero cell: word,context,value) or dense (a block over --words or --top words).",
        discussion: "Sparse is small for any vocabulary; dense is easy to read in a spreadsheet or load as an array, but only for a few thousand words.",
        valueName: "sparse|dense"))
    var layout: Exporter.Layout?

    @Option(name: .long, help: ArgumentHelp(
        "The words to export, separated by commas (dense rows and columns, collocates and neighbours of each, or the vectors of these words).",
        valueName: "a,b,c"))
    var words: String?

    @Option(name: .long, help: ArgumentHelp("Read the word list from a file, one word per line (for long lists, or words with commas).", valueName: "file"))
    var wordsFrom: String?

    @Option(name: .long, help: ArgumentHelp(
        "The N most frequent words (vocab, matrices, embeddings), or the N best per word (collocates, neighbors: default 20 and 10).",
        discussion: "For a projector export 10,000 vectors is plenty; for a dense matrix a few thousand at most."))
    var top: Int?

    @Option(name: .long, help: ArgumentHelp(
        "vocab: leave out words seen fewer than K times (default 1). collocates: leave out pairs seen fewer than K times (default 2, as `firth collocates`).",
        valueName: "K"))
    var minCount: Double?

    @OptionGroup var store: StoreOptions
    @OptionGroup var space: SpaceOptions
    @OptionGroup(title: "Association (matrices and collocates)") var association: AssociationOptions
    @OptionGroup var vectorOptions: VectorOptions
    @OptionGroup var progressOptions: ProgressOptions

    func validate() throws {
        if words != nil && wordsFrom != nil { throw ValidationError("Give --words or --words-from, not both.") }
        if let top, top < 1 { throw ValidationError("--top must be at least 1.") }
        if let minCount, minCount < 1 { throw ValidationError("--min-count must be at least 1.") }
        let listed = words != nil || wordsFrom != nil
        switch what {
        case .collocates, .neighbors:
            if !listed { throw ValidationError("Name the words whose \(what.rawValue) to export: --words a,b,c or --words-from FILE.") }
        case .vocab:
            if listed { throw ValidationError("vocab takes --top and --min-count, not a word list.") }
        default:
            if listed && top != nil { throw ValidationError("Give a word list or --top, not both.") }
        }
        if what.measure != nil {
            if association.measure != .ppmi {
                throw ValidationError("--measure chooses the score of collocates; a matrix names its measure: firth export \(association.measure == .count ? "counts" : association.measure.rawValue).")
            }
            if layout == .dense && !listed && top == nil {
                throw ValidationError("A dense matrix needs --words, --words-from or --top N: the whole vocabulary × vocabulary matrix is nearly all zeros (use --layout sparse for all of it).")
            }
            if format.holdsOnlyVectors && layout != .dense {
                throw ValidationError("--format \(format.rawValue) writes one vector per word: add --layout dense with --words or --top, or use csv or tsv.")
            }
        } else if layout != nil {
            throw ValidationError("--layout is for matrices (counts, pmi, ppmi, ...), not \(what.rawValue).")
        }
        if format.holdsOnlyVectors && what.measure == nil && what != .embeddings {
            throw ValidationError("\(what.rawValue) is a table, not word vectors: export it as csv or tsv.")
        }
        if format == .projector && out == "-" {
            throw ValidationError("--format projector writes two files (vectors and metadata): give --out FILE.tsv, not -.")
        }
    }

    func run() throws {
        let store = try store.open()
        let quiet = progressOptions.quiet
        let list: [String]? = try wordsFrom.map(WordSelection.wordList(at:))
            ?? words.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        let selection: WordSelection = list.map { .words($0) } ?? top.map { .top($0) } ?? .all
        let started = Date()
        let output = try ExportOutput(path: out, format: format, force: force)
        let exporter = Exporter(store: store, output: output)
        let rows: Int
        var source = ""
        do {
            switch what {
            case .vocab:
                rows = try exporter.vocabulary(top: top, minCount: Int(minCount ?? 1))
            case .counts, .pmi, .ppmi, .npmi, .logdice, .tscore, .llr:
                let table = try space.table(in: store, quiet: quiet)
                source = " of '\(table.name)'"
                rows = try exporter.matrix(MatrixExporter(store: store, table: table, measure: what.measure!, smoothing: association.smoothing),
                                           layout: layout ?? .sparse, selection: selection)
            case .collocates:
                let table = try space.table(in: store, quiet: quiet)
                source = " in '\(table.name)'"
                rows = try exporter.collocates(of: list ?? [], in: table, measure: association.measure, smoothing: association.smoothing,
                                               minCount: minCount ?? 2, top: top ?? 20)
            case .embeddings:
                let embedding = try vectorOptions.embedding(in: store, quiet: quiet)
                source = " of '\(embedding.name)'"
                rows = try exporter.embedding(EmbeddingExporter(store: store, embedding: embedding), selection: selection)
            case .neighbors:
                let vectors = try vectorOptions.vectors(in: store, quiet: quiet)
                source = " in '\(vectors.name)'"
                rows = try exporter.neighbors(of: list ?? [], in: vectors, count: top ?? 10)
            }
            try output.commit()
        } catch {
            output.discard()
            throw error
        }
        if !quiet {
            let destination = out == "-" ? "standard output" : output.paths.joined(separator: " and ")
            printError(String(format: "exported %d rows of %@%@ to %@ in %.2f s",
                              rows, what.rawValue, source, destination, Date().timeIntervalSince(started)))
        }
    }
}

extension ExportFormat: ExpressibleByArgument {}
extension Exporter.Layout: ExpressibleByArgument {}
