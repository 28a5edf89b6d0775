import ArgumentParser
import FirthKit

struct Keywords: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keywords",
        abstract: "List the words unusually frequent (or rare) in a subcorpus against a reference: keyness.",
        discussion: """
        For each word, its frequency a in the target (c tokens) and b in the reference (d tokens) \
        give four figures, the ones AntConc and Sketch Engine report:
          log_likelihood  G² = 2(a ln(a/E1) + b ln(b/E2)), E1 = c(a+b)/(c+d), E2 = d(a+b)/(c+d)
                          (Rayson & Garside 2000): how sure the difference is; 3.84 is p = 0.05,
                          10.83 is p = 0.001 for one word
          log_ratio       log2((a/c)/(b/d)) (Hardie 2014): how big it is; +1 = twice as frequent
                          in the target, -1 = half; a zero frequency counts 0.5
          percent_diff    100 (a/c - b/d)/(b/d) (Gabrielatos & Marchi 2012); empty when b = 0
          p_bonferroni    P(chi-square with 1 df >= G²) times the number of words compared: with
                          thousands of words tested, some pass p < 0.05 by chance; this does not
        Positive keywords are more frequent in the target, negative ones less; each list is \
        ordered by G². Only words seen --min-count times in the two parts together are compared, \
        and only those with p_bonferroni below --significance are listed.

        Examples:
          firth keywords --subcorpus modern                  # against the rest of the corpus
          firth keywords --subcorpus modern --reference early
          firth keywords --reference-db other.sqlite         # the whole corpus against another
        """)

    @Option(name: .long, help: ArgumentHelp("The target subcorpus (see `firth subcorpus`); without it, the whole corpus (against --reference-db).", valueName: "name"))
    var subcorpus: String?

    @Option(name: .long, help: ArgumentHelp("The reference subcorpus (default: the documents not in the target).", valueName: "name"))
    var reference: String?

    @Option(name: .customLong("reference-db"), help: ArgumentHelp("Compare with the whole corpus of another Firth database (words matched by spelling).", valueName: "file"))
    var referenceDB: String?

    @Option(name: .long, help: "Compare only words seen at least K times in the two parts together (rare words give unstable figures).")
    var minCount = 5

    @Option(name: .long, help: ArgumentHelp("List only keywords whose Bonferroni-corrected p-value is below this (1: all words).", valueName: "p"))
    var significance = 0.05

    @Option(name: .long, help: "Show at most N positive and N negative keywords.")
    var top = 20

    @Flag(name: .long, help: "Show only the positive keywords (more frequent in the target).")
    var positiveOnly = false

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if reference != nil && referenceDB != nil { throw ValidationError("give --reference or --reference-db, not both.") }
        if subcorpus == nil && referenceDB == nil { throw ValidationError("name the target with --subcorpus NAME (or compare the whole corpus with --reference-db FILE).") }
        if minCount < 1 { throw ValidationError("--min-count must be at least 1.") }
        if top < 1 { throw ValidationError("--top must be at least 1.") }
        if !(significance > 0 && significance <= 1) { throw ValidationError("--significance must be above 0 and at most 1 (got \(significance)).") }
    }

    func run() throws {
        let store = try store.openForReading()
        let against: KeywordReference
        if let referenceDB {
            against = .database(try CorpusStore(path: referenceDB, readOnly: true))
        } else if let reference {
            against = .subcorpus(reference)
        } else {
            against = .rest
        }
        let list = try store.keywords(of: subcorpus, against: against, minCount: minCount, significance: significance)
        let referenceName = referenceDB ?? reference ?? "the rest of the corpus"
        var table = Table(columns: ["rank", "keyword", "word", "target", "reference", "target_pm", "reference_pm",
                                    "log_likelihood", "log_ratio", "percent_diff", "p_bonferroni"],
                          title: "keywords of \(subcorpus ?? "the corpus") (\(list.targetTokens) tokens) against \(referenceName) "
                              + "(\(list.referenceTokens) tokens); \(list.comparisons) words compared")
        let groups = positiveOnly ? [("+", list.positive)] : [("+", list.positive), ("-", list.negative)]
        for (sign, scores) in groups {
            for (rank, s) in scores.prefix(top).enumerated() {
                table.append([.integer(rank + 1), .text(sign), .text(s.word), .integer(s.target), .integer(s.reference),
                              .real(s.targetPerMillion, digits: 1), .real(s.referencePerMillion, digits: 1),
                              .real(s.logLikelihood, digits: 2), .real(s.logRatio, digits: 2),
                              s.percentDifference.map { .real($0, digits: 1) } ?? .empty, .real(s.bonferroni, digits: 4)])
            }
        }
        output.print(table)
    }
}
