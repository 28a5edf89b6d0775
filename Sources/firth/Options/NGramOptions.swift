import ArgumentParser
import Foundation
import FirthKit

/// The knobs of an n-gram model: `--order`, `--min-count`, `--hold-out`, `--seed`.
struct NGramOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The longest n-gram, 1 to 5.",
        discussion: "Longer n-grams predict better where the text repeats itself, but each order is seen fewer times: gains shrink past 3 or 4 on a corpus of a few million words."))
    var order = 3

    @Option(name: .long, help: ArgumentHelp(
        "Words seen fewer than K times in the training text count as <unk>.",
        discussion: "1 (the default, as KenLM's lmplz) keeps every word, and <unk> gets only a uniform share. 2 or more teaches the model how often unknown words come, at the cost of the rare words themselves."))
    var minCount = 1

    @Option(name: .long, help: ArgumentHelp(
        "Leave this share of the documents out of the counts, to measure the model on (e.g. 10%).",
        discussion: "A seeded, repeatable draw of whole documents, recorded with the model; `firth perplexity --hold-out` measures on exactly those documents.",
        valueName: "percent"))
    var holdOut: String?

    @Option(name: .long, help: "Seed of the hold-out draw.")
    var seed = 1

    /// `10%`, `10` and `0.1` all mean a tenth.
    var holdOutFraction: Double? {
        get throws { try Self.fraction(holdOut) }
    }

    /// Parses a hold-out share: `10%`, `10` or `0.1`.
    static func fraction(_ holdOut: String?) throws -> Double? {
        do {
            guard let holdOut else { return nil }
            let trimmed = holdOut.trimmingCharacters(in: .whitespaces)
            let isPercent = trimmed.hasSuffix("%")
            guard let value = Double(isPercent ? String(trimmed.dropLast()) : trimmed) else {
                throw ValidationError("--hold-out takes a share of the documents such as 10% (got '\(holdOut)').")
            }
            let fraction = isPercent || value >= 1 ? value / 100 : value
            guard fraction > 0 && fraction < 1 else {
                throw ValidationError("--hold-out must be more than 0% and less than 100% (got '\(holdOut)').")
            }
            return fraction
        }
    }

    var parameters: NGramParameters {
        get throws { NGramParameters(order: order, minCount: minCount, holdOut: try holdOutFraction, seed: seed) }
    }

    func validate() throws {
        if !(1...NGramParameters.maximumOrder).contains(order) {
            throw ValidationError("--order must be between 1 and \(NGramParameters.maximumOrder) (got \(order)).")
        }
        if minCount < 1 { throw ValidationError("--min-count must be at least 1 (got \(minCount)).") }
        _ = try holdOutFraction
    }
}
