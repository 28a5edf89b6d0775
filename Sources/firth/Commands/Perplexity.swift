import ArgumentParser
import Foundation
import FirthKit

struct Perplexity: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "perplexity",
        abstract: "Measure language models on held-out text: perplexity, cross-entropy, OOV rate.",
        discussion: """
        Scores every word (and each sentence's end, </s>) of text the models never saw, under the \
        unigram model and the n-gram model side by side. Perplexity is 10^(-average log10 P): the \
        number of equally likely words the model is as unsure as; cross-entropy is its log2, in \
        bits per word. Lower is better, and only comparable on the same text and vocabulary.

        Words the model does not know are scored as <unk> but reported apart (OOVs) and left out of \
        the perplexity, as KenLM's query does; "with OOVs" keeps them.

        The held-out text is either the files given (read with the corpus's tokenizer) or, with \
        --hold-out, a seeded share of the corpus's own documents, which the models are then counted \
        without. Models missing from the database are made first, and that is said on stderr.

        Examples:
          firth perplexity --hold-out 10% --order 4
          firth perplexity test.txt --sentence-per-line
        """)

    @Argument(help: "Held-out text files (not part of the corpus).")
    var files: [String] = []

    @OptionGroup var store: StoreOptions
    @OptionGroup(title: "The model") var model: NGramOptions
    @OptionGroup var output: OutputOptions

    @Flag(name: .long, help: ArgumentHelp(
        "Read every line of the files as one sentence (KenLM's convention), whatever its punctuation."))
    var sentencePerLine = false

    @OptionGroup var progressOptions: ProgressOptions

    @OptionGroup(title: "The context column") var contextOptions: ContextOptions

    @Flag(name: .long, help: ArgumentHelp(
        "Leave out the column of the n-gram with context (`firth predict`), which reads each sentence's document before it.",
        discussion: "The context column needs word vectors (--embedding; default the most recent) and is left out when the database has none. For a fair measure the vectors must not have seen the held-out text: with --hold-out (and no --embedding) they are the SVD vectors of the training documents alone, a subcorpus named training.holdP.seedS, counted and embedded with the defaults of `firth count` and `firth embed --method svd` the first time; held-out files are fair against any database that does not contain them."))
    var noContext = false

    func validate() throws {
        if files.isEmpty && model.holdOut == nil {
            throw ValidationError("Give held-out files, or --hold-out to measure on a share of the corpus the model is counted without.")
        }
        if !files.isEmpty && model.holdOut != nil {
            throw ValidationError("Give either held-out files or --hold-out, not both.")
        }
    }

    func run() throws {
        let store = try store.openForReading()
        let parameters = try model.parameters
        let ngram = try loadModel(store, parameters)
        let unigram = parameters.order == 1 ? ngram : try loadModel(store, parameters.with(order: 1))

        let documents: [[[String]]]
        if files.isEmpty {
            documents = try store.heldOutDocuments(of: ngram.table).map { try store.sentences(ofDocuments: [$0]) }
        } else {
            let splitter = SentenceSplitter(tokenizer: try store.tokenizer(), sentencePerLine: sentencePerLine)
            documents = try files.map { path -> [[String]] in
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw FirthError.badInput(location: path, reason: "cannot read the file")
                }
                do { return splitter.sentences(in: try TextDecoding.decode(data).text) }
                catch { throw FirthError.badInput(location: path, reason: "not a text file (\(error))") }
            }
        }
        let sentences = documents.flatMap { $0 }
        guard !sentences.isEmpty else { throw FirthError.badInput(location: files.first ?? store.path, reason: "no words to score") }

        var columns: [PerplexityColumn] = [.ngram(unigram.model)]
        if parameters.order > 1 { columns.append(.ngram(ngram.model)) }
        var scores = PerplexityEvaluation(vocabulary: ngram.model, columns: columns).evaluate(sentences)
        let hasVectors = try contextOptions.vectorOptions.embedding != nil || !store.embeddings().isEmpty
        if parameters.order > 1, !noContext, hasVectors {
            let model = try contextModel(ngram, in: store)
            scores.append(model.score(documents: documents, name: "\(parameters.order)-gram + context",
                                      progress: progressOptions.progress("context")))
        } else if parameters.order > 1, !noContext, !progressOptions.quiet, output.format == .table {
            printError("no word vectors in the database: the context column is left out (`firth embed` makes them)")
        }

        var table = Table(columns: ["model", "perplexity", "cross_entropy_bits", "perplexity_with_oovs",
                                   "oovs", "oov_rate", "tokens", "sentences"])
        for s in scores {
            table.append([.text(s.model), .real(s.perplexity, digits: 2), .real(s.crossEntropy, digits: 4),
                          .real(s.perplexityIncludingOOVs, digits: 2), .integer(s.oovs), .real(s.oovRate, digits: 4),
                          .integer(s.tokens), .integer(s.sentences)])
        }
        output.print(table)
    }

    /// The context model; with --hold-out and no --embedding, over vectors of the training
    /// documents only (made first when missing, which writes to the database).
    private func contextModel(_ ngram: LoadedLanguageModel, in store: CorpusStore) throws -> ContextLanguageModel {
        guard model.holdOut != nil, contextOptions.vectorOptions.embedding == nil else {
            return try contextOptions.model(ngram.model, in: store, quiet: progressOptions.quiet)
        }
        let settings = contextOptions.settings
        try settings.validate()
        var embedding = try store.storedTrainingEmbedding(of: ngram.table)
        if embedding == nil {
            embedding = try StoreAccess.writing(store, making: "vectors of the training documents",
                                                instead: "run this once where the database can be written") { writer in
                if !progressOptions.quiet {
                    printError("no vectors of the training documents alone yet: counting them and their SVD with the defaults of "
                               + "`firth count` and `firth embed --method svd`")
                }
                return try writer.trainingEmbedding(of: ngram.table, progress: progressOptions.progress("vectors")).embedding
            }
        }
        return ContextLanguageModel(ngram: ngram.model, vectors: try store.wordVectorsForQuery(named: embedding!.name), settings: settings)
    }

    private func loadModel(_ store: CorpusStore, _ parameters: NGramParameters, ) throws -> LoadedLanguageModel {
        let loaded = try store.languageModelForQuery(parameters, progress: progressOptions.progress("perplexity"))
        if loaded.made && !progressOptions.quiet {
            printError(String(format: "the database had no current n-gram model '%@': made it now (%.2f s)",
                              loaded.table.name, loaded.table.seconds))
        }
        return loaded
    }
}
