import ArgumentParser
import FirthKit

/// `--space`: which co-occurrence table a query reads; made with default knobs when there is none.
struct SpaceOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The co-occurrence table to use (see `firth spaces`); default: the most recent one.",
        discussion: "When the corpus has none yet, one is counted with the default knobs of `firth count`.",
        valueName: "name"))
    var space: String?

    func table(in store: CorpusStore, quiet: Bool = false) throws -> CooccurrenceTable {
        try Self.table(named: space, in: store, quiet: quiet)
    }

    /// The table of `subcorpus` (the one named `space`, which must be of it, or its most recent
    /// one, counted with the defaults of `firth count` when it has none); without a subcorpus,
    /// the table named `space` or the whole corpus's default.
    static func table(named space: String?, subcorpus: String?, in store: CorpusStore, quiet: Bool = false) throws -> CooccurrenceTable {
        guard let subcorpus else { return try table(named: space, in: store, quiet: quiet) }
        if let space {
            let table = try table(named: space, in: store, quiet: quiet)
            guard table.parameters.subcorpus == subcorpus else {
                throw FirthError.invalidOption("the table '\(space)' was not counted from subcorpus '\(subcorpus)'; its tables end in @\(subcorpus) (see `firth spaces`)")
            }
            return table
        }
        _ = try store.subcorpus(named: subcorpus)
        if let latest = try store.cooccurrenceTables().last(where: { $0.parameters.subcorpus == subcorpus }) { return latest }
        return try StoreAccess.writing(store, making: "co-occurrence table of subcorpus '\(subcorpus)'",
                                       instead: "count one with `firth count --subcorpus \(subcorpus) --db \(store.path)` where it can be written") { writer in
            if let made = try writer.cooccurrenceTables().last(where: { $0.parameters.subcorpus == subcorpus }) { return made }
            if !quiet { printError("no co-occurrence table of '\(subcorpus)' yet: counting one with the defaults of `firth count`") }
            var parameters = CountParameters()
            parameters.subcorpus = subcorpus
            return try CooccurrenceCounter(store: writer, progress: Progress(label: "count", enabled: !quiet)).count(parameters).table
        }
    }

    static func table(named space: String?, in store: CorpusStore, quiet: Bool = false) throws -> CooccurrenceTable {
        if space == nil, try !store.cooccurrenceTables().contains(where: { $0.parameters.subcorpus == nil }) {
            // Making the table writes: this step becomes a writer (and checks again under the
            // writer lock, in case another command counted one meanwhile).
            return try StoreAccess.writing(store, making: "co-occurrence table",
                                           instead: "count one with `firth count --db \(store.path)` where it can be written") { writer in
                if let made = try writer.cooccurrenceTables().last(where: { $0.parameters.subcorpus == nil }) { return made }
                if !quiet { printError("no co-occurrence table yet: counting one with the defaults of `firth count`") }
                return try CooccurrenceCounter(store: writer, progress: Progress(label: "count", enabled: !quiet))
                    .count(CountParameters()).table
            }
        }
        let table = try store.cooccurrenceTable(named: space)
        if table.isStale && !quiet {
            printError("note: '\(table.name)' was counted before the corpus last changed; `firth count` brings it up to date")
        }
        return table
    }
}

/// `--measure`, `--context-smoothing`, `--shift`: how association is scored.
struct AssociationOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "How to score association: count, pmi, ppmi, npmi, logdice, tscore or llr.",
        discussion: "Raw counts favour frequent words (the, of); PMI corrects for frequency but favours rare pairs; logDice and log-likelihood (llr) are robust choices for collocations."))
    var measure: AssociationMeasure = .ppmi

    @Option(name: .long, help: ArgumentHelp(
        "Context distribution smoothing α for PPMI (cds; 1 = none).",
        discussion: "Raising context counts to 0.75 lowers PMI's bias toward rare contexts (Levy et al. 2015).",
        valueName: "α"))
    var contextSmoothing = 0.75

    @Option(name: .long, help: ArgumentHelp("Shift k for PPMI: subtract ln k (1 = none; SGNS with k negative samples behaves like k).", valueName: "k"))
    var shift = 1.0

    var smoothing: AssociationMeasure.Smoothing { .init(contextSmoothing: contextSmoothing, shift: shift) }

    func validate() throws {
        do { try smoothing.validate() } catch let error as FirthError { throw ValidationError(error.description) }
    }
}

extension AssociationMeasure: ExpressibleByArgument {}
