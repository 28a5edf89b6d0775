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
    static func table(named space: String?, subcorpus: String? = nil, in store: CorpusStore, quiet: Bool = false) throws -> CooccurrenceTable {
        let what = subcorpus.map { "co-occurrence table of subcorpus '\($0)'" } ?? "co-occurrence table"
        let command = subcorpus.map { "firth count --subcorpus \($0) --db \(store.path)" } ?? "firth count --db \(store.path)"
        return try StoreAccess.ensuring(making: what, instead: "count one with `\(command)` where it can be written") {
            try store.ensure(TableRequest(name: space, subcorpus: subcorpus), making: StoreAccess.missingParts(quiet: quiet)).value
        }
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
        try ParameterFlags.validate { try smoothing.validate() }
    }
}

extension AssociationMeasure: ExpressibleByArgument {}
