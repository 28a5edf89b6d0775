import ArgumentParser
import Foundation
import FirthKit

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a self-contained HTML report of the corpus: frequencies, co-occurrence, a map of words, attention.",
        discussion: """
        One HTML file with inline SVG charts and CSS, readable offline, on a laptop or a phone,
        and in grayscale print: the corpus summary and its frequency curve (Zipf), count and
        PPMI heatmaps of a few words, a 2-D map of their vectors and neighbours, attention over
        each --sentence, and every parameter needed to make it again.

        Without --words, the words are chosen from the data: on the tutorial corpus its words
        (bank, river, water, fish, mud, loan, money, interest) when all are among its 200 most
        frequent words (unless --data-words); else, of the 200 most frequent words, those whose company differs
        most from the average company (the count-weighted mean of their PMI row, a KL
        divergence): function words keep company with everything at chance level, so theirs is
        near 0. No stop-word list is involved.

        Examples:
          firth report --out report.html
          firth report --out report.html --words bank,river,money --sentence "we fished from the river bank" --focus bank
        """)

    @OptionGroup var store: StoreOptions

    @Option(name: .long, help: ArgumentHelp(
        "The HTML file to write, or - for standard output.",
        discussion: "Written as FILE.partial and renamed when complete. A link is written through (the file it points to is replaced, with --force); a device such as /dev/null is written in place; a folder or a disk is refused.",
        valueName: "file"))
    var out: String

    @Flag(name: .long, help: "Replace --out if it exists.")
    var force = false

    @Option(name: .long, parsing: .singleValue, help: ArgumentHelp(
        "Words of the heatmaps and the map, comma-separated (default: chosen from the data).", valueName: "w1,w2,..."))
    var words: [String] = []

    @Option(name: .long, help: ArgumentHelp("How many words to choose when --words is not given (2-40).", valueName: "n"))
    var wordCount = 8

    @Flag(name: .long, help: "Choose the words from the data (PMI mass) even where the tutorial's words are all among the most frequent.")
    var dataWords = false

    @Option(name: .long, parsing: .singleValue, help: ArgumentHelp("A sentence to run attention over (repeatable).", valueName: "text"))
    var sentence: [String] = []

    @Option(name: .long, help: ArgumentHelp("Show neighbours before and after attention for this word only (default: every word).", valueName: "word"))
    var focus: String?

    @Option(name: .long, help: "Nearest neighbours per word on the map and in the attention tables.")
    var neighbors = 5

    @Option(name: .long, parsing: .singleValue, help: ArgumentHelp("Add a dispersion plot of this word: a bar per document, a tick per occurrence (repeatable).", valueName: "word"))
    var dispersion: [String] = []

    @Option(name: .long, help: ArgumentHelp("Draw the dispersion plots over the documents of this subcorpus only.", valueName: "name"))
    var subcorpus: String?

    @OptionGroup(title: "Vectors") var spaceOptions: AttentionSpaceOptions
    @OptionGroup(title: "Attention") var attention: AttentionOptions
    @OptionGroup var progressOptions: ProgressOptions

    var wordList: [String]? {
        let list = words.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return list.isEmpty ? nil : list
    }

    func validate() throws {
        guard !out.isEmpty else { throw ValidationError("Give the file to write with --out.") }
        guard (2...40).contains(wordCount) else { throw ValidationError("--word-count must be between 2 and 40.") }
        guard (1...50).contains(neighbors) else { throw ValidationError("--neighbors must be between 1 and 50.") }
        if let list = wordList, list.count > 40 { throw ValidationError("Give at most 40 words: a heatmap of more is unreadable.") }
    }

    func run() throws {
        // Checked before the work (links, devices and folders too), and again when writing.
        do {
            if out != "-" { _ = try StreamWriter.checkTarget(out, force: force) }
        } catch FirthError.outputExists {
            throw FirthError.badInput(location: "--out", reason: "'\(out)' exists; add --force to replace it")
        }
        let quiet = progressOptions.quiet
        let store = try store.openForReading()
        for text in sentence { try attention.checkLength(of: text, tokenizer: try store.tokenizer(), what: "--sentence") }
        let table = try spaceOptions.space.table(in: store, quiet: quiet)
        let vectors = try spaceOptions.vectorOptions.vectors(in: store, quiet: quiet)
        let start = Date()
        var options = ReportBuilder.Options()
        options.words = wordList
        options.wordCount = wordCount
        options.tutorialWords = !dataWords
        options.sentences = sentence
        options.focus = focus
        options.neighbors = neighbors
        options.attention = attention.settings
        options.dispersionWords = dispersion
        options.dispersionSubcorpus = subcorpus
        let attentionSpace: any VectorSpace = spaceOptions.using == .svd ? vectors : try spaceOptions.vectorSpace(in: store, quiet: quiet)
        let report = try ReportBuilder(store: store, table: table, vectors: vectors, attentionSpace: attentionSpace, options: options).build()
        let html = report.html()
        // Through a temporary file renamed into place; a device (/dev/null) is written in place,
        // never replaced by a file.
        let writer = try StreamWriter(path: out, force: force)
        writer.write(html)
        try writer.commit()
        if !quiet {
            printError(String(format: "wrote %@ (%@ bytes) in %.2f s: %d words, %d sentences, from '%@' and '%@'",
                              out, "\(html.utf8.count)", Date().timeIntervalSince(start), report.words.count, sentence.count, table.name, vectors.name))
        }
    }
}
