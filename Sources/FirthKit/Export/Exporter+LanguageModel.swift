import Foundation

extension Exporter {
    /// Writes an n-gram model in the ARPA back-off format, which KenLM (`build_binary`, the
    /// `kenlm` Python module), SRILM and speech toolkits read.
    ///
    /// The file lists, per order, every stored n-gram as `log10 P <TAB> words <TAB> log10 γ`: the
    /// interpolated probability of its last word after the others and, below the highest order,
    /// the backoff weight of the n-gram as a context (0 when it is none). A reader that backs
    /// off the ARPA way — the longest stored n-gram, times the backoffs of the longer contexts —
    /// gets exactly the model's interpolated probabilities. `<s>` is never predicted, so its
    /// probability is written as −99, the usual stand-in for log10 0.
    ///
    /// - Returns: the n-grams written.
    @discardableResult
    public func languageModel(_ table: NGramTable) throws -> Int {
        guard format == .arpa else {
            throw FirthError.invalidOption("a language model is written in the ARPA format, not \(format.rawValue)")
        }
        let vocabulary = try store.ngramVocabulary(of: table)
        let out = output.main
        out.write("\\data\\\n")
        for order in table.orders { out.write("ngram \(order.n)=\(order.ngramCount)\n") }
        var written = 0
        for n in 1...table.parameters.order {
            out.write("\n\\\(n)-grams:\n")
            let highest = n == table.parameters.order
            try store.forEachNGramWithWords(of: table, order: n) { entry in
                let probability = entry.probability > 0 ? Self.arpaNumber(log10(entry.probability)) : "-99"
                var line = probability + "\t" + entry.words.map { vocabulary[$0] }.joined(separator: " ")
                if !highest { line += "\t" + Self.arpaNumber(log10(entry.backoff)) }
                out.write(line + "\n")
                written += 1
            }
        }
        out.write("\n\\end\\\n")
        return written
    }

    /// log10 values with 7 decimals (KenLM stores them as float32: about 7 significant digits).
    static func arpaNumber(_ value: Double) -> String {
        value == 0 ? "0" : String(format: "%.7f", value)
    }

    private var format: ExportFormat { output.format }
}
