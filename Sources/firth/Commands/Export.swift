import ArgumentParser
import Foundation
import FirthKit

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a vocabulary, matrix, embedding, neighbour list or attention to a file for other tools.",
        discussion: """
        WHAT is one of:
          vocab        the frequency list: rank, word, count, per million
          counts       the co-occurrence counts of a table (--space)
          pmi, ppmi, npmi, logdice, tscore, llr
                       that measure of the counts (--context-smoothing, --shift)
          collocates   the strongest collocates of each of --words, by --measure
          embeddings   the vectors of an embedding (--embedding)
          neighbors    the --top nearest words of each of --words, by cosine
          attention    self-attention over --sentence: its weights (csv, tsv) or the
                       contextual vectors of its words (word2vec, glove, projector)
          lm           an n-gram language model (--format arpa; --order, --min-count,
                       --hold-out choose it, made first if the database has none)

        Matrices are sparse by default: one row word,context,value per stored cell (every \
        non-zero count or PPMI; every observed pair for the other measures). --layout dense with \
        --words or --top writes a block instead: a header row of words, then one row per word; \
        a pair never seen is 0 for counts and PPMI and empty for the other measures. Export is \
        streamed from the database: the full PPMI of a large corpus needs no more memory than a \
        small one. Numbers read back to exactly the stored value (float32 for embeddings and \
        attention, float64 for the rest).

        Formats: csv (RFC 4180) and tsv for any table; word2vec (a "count dimensions" header, \
        what gensim's KeyedVectors.load_word2vec_format reads), glove (the same without the \
        header) and projector for embeddings, dense counts or PPMI, and attention's contextual \
        vectors. projector writes the two files of TensorBoard's Embedding Projector: --out X.tsv \
        gets the vectors and X.metadata.tsv beside it gets the words.

        A file is written as FILE.partial and renamed when complete, so a failed export leaves \
        nothing behind; an existing file is kept unless --force. --out - writes to standard output.

        Examples:
          firth export ppmi --out ppmi.csv
          firth export counts --layout dense --words river,water,loan --out -
          firth export embeddings --format word2vec --out vectors.txt
          firth export embeddings --format projector --top 10000 --out vectors.tsv
          firth export neighbors --words river,bank --top 5 --out neighbors.csv
          firth export attention --sentence "the bank approved the loan" --out -
          firth export lm --format arpa --order 3 --out model.arpa
        """)

    /// What can be exported.
    enum What: String, ExpressibleByArgument, CaseIterable {
        case vocab, counts, pmi, ppmi, npmi, logdice, tscore, llr, collocates, embeddings, neighbors, attention, lm

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
            case .vocab, .collocates, .embeddings, .neighbors, .attention, .lm: return nil
            }
        }
    }

    @Argument(help: ArgumentHelp("What to export: vocab, counts, pmi, ppmi, npmi, logdice, tscore, llr, collocates, embeddings, neighbors, attention or lm.", valueName: "what"))
    var what: What

    @Option(name: .long, help: ArgumentHelp(
        "The file to write, or - for standard output.",
        discussion: "With --format projector, the metadata goes beside it: X.tsv and X.metadata.tsv. A link is written through (the file it points to is replaced, with --force; the link stays); a device such as /dev/null is written in place; a folder or a disk is refused.",
        valueName: "file"))
    var out: String

    @Option(name: .long, help: ArgumentHelp(
        "csv or tsv (tables, for spreadsheets and pandas); word2vec, glove or projector (word vectors, for gensim, GloVe tools, TensorBoard); arpa (language models, for KenLM and SRILM).",
        valueName: "format"))
    var format: ExportFormat = .csv

    @Flag(name: .long, help: "Replace FILE if it exists (it is never replaced otherwise).")
    var force = false

    @Option(name: .long, help: ArgumentHelp(
        "Matrices and attention: sparse (one row per non-zero cell: word,context,value) or dense (a block over --words or --top words; attention: each layer's matrix).",
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
        discussion: "For a projector export 10,000 vectors is plenty; for a dense matrix a few thousand at most.",
        valueName: "N"))
    var top: Int?

    @Option(name: .long, help: ArgumentHelp(
        "vocab: leave out words seen fewer than K times (default 1). collocates: leave out pairs seen fewer than K times (default 2, as `firth collocates`).",
        valueName: "K"))
    var minCount: Double?

    @Option(name: .long, help: ArgumentHelp("attention: the sentence to attend over (tokenized as the corpus was).", valueName: "text"))
    var sentence: String?

    @OptionGroup var store: StoreOptions
    @OptionGroup(title: "Association (matrices and collocates)") var association: AssociationOptions
    @OptionGroup(title: "Vectors (embeddings, neighbors, attention)") var vectors: AttentionSpaceOptions
    @OptionGroup(title: "Attention") var attentionOptions: AttentionOptions
    @Option(name: .long, help: ArgumentHelp("lm: the longest n-gram, 1 to 5 (default 3). --min-count K counts words seen fewer than K times as <unk> (default 1).", valueName: "N"))
    var order: Int?

    @Option(name: .long, help: ArgumentHelp("lm: the model counted without this share of the documents (see `firth ngrams --hold-out`).", valueName: "percent"))
    var holdOut: String?

    @Option(name: .long, help: ArgumentHelp("lm: the seed of the hold-out draw.", valueName: "N"))
    var holdOutSeed = 1
    @OptionGroup var progressOptions: ProgressOptions

    private var space: SpaceOptions { vectors.space }
    private var vectorOptions: VectorOptions { vectors.vectorOptions }

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
        case .attention:
            if sentence == nil { throw ValidationError("Give the sentence to attend over: --sentence \"the bank approved the loan\".") }
            if listed || top != nil { throw ValidationError("attention exports every word of --sentence; --words and --top do not apply.") }
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
        } else if layout != nil && what != .attention {
            throw ValidationError("--layout is for matrices (counts, pmi, ppmi, ...) and attention, not \(what.rawValue).")
        }
        if sentence != nil && what != .attention { throw ValidationError("--sentence is for attention.") }
        if what != .lm && (order != nil || holdOut != nil) { throw ValidationError("--order and --hold-out are for lm.") }
        if (what == .lm) != (format == .arpa) {
            throw ValidationError(what == .lm ? "A language model is written as --format arpa." : "--format arpa is for `firth export lm`.")
        }
        if format.holdsOnlyVectors && what.measure == nil && what != .embeddings && what != .attention && what != .lm {
            throw ValidationError("\(what.rawValue) is a table, not word vectors: export it as csv or tsv.")
        }
        if format == .projector && out == "-" {
            throw ValidationError("--format projector writes two files (vectors and metadata): give --out FILE.tsv, not -.")
        }
    }

    func run() throws {
        let store = try store.openForReading()
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
            case .attention:
                try attentionOptions.checkLength(of: sentence ?? "", tokenizer: try store.tokenizer(), what: "--sentence")
                let space = try self.vectors.vectorSpace(in: store, quiet: quiet)
                let result = SentenceAttention(space: space, settings: attentionOptions.settings)
                    .attend(try store.tokenizer().words(sentence ?? ""))
                guard !result.positions.isEmpty else {
                    throw FirthError.badInput(location: "--sentence", reason: "no word of '\(sentence ?? "")' is in the vocabulary")
                }
                source = " in '\(space.spaceName)'"
                rows = try exporter.attention(result, layout: layout ?? .sparse)
            case .lm:
                let parameters = NGramParameters(order: order ?? 3, minCount: Int(minCount ?? 1),
                                                 holdOut: try NGramOptions.fraction(holdOut), seed: holdOutSeed)
                let loaded = try store.languageModelForQuery(parameters, progress: progressOptions.progress("export"))
                if loaded.made && !quiet {
                    printError("the database had no current n-gram model '\(loaded.table.name)': made it now")
                }
                source = " '\(loaded.table.name)' (n-grams)"
                rows = try exporter.languageModel(loaded.table)
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
