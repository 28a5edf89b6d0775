import ArgumentParser
import Foundation
import FirthKit

@main
struct Firth: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "firth",
        abstract: "Show how meaning comes out of counting and matrix arithmetic.",
        discussion: """
        "You shall know a word by the company it keeps" (J. R. Firth, 1957).
        The pipeline: ingest text => count co-occurrences => PMI => SVD word vectors => attention.
        Start with `firth demo`, which walks through it on a small bundled corpus.
        """,
        version: FirthKit.version,
        subcommands: [
            Demo.self,
            Ingest.self, Stats.self, Vocab.self, Concordance.self,
            SubcorpusCommand.self, Keywords.self, DispersionCommand.self, Shift.self,
            Count.self, Spaces.self, Collocates.self, Cooccurrence.self,
            NGrams.self, Perplexity.self,
            Predict.self, Generate.self, Substitutes.self,
            Embed.self, SkipGram.self, Combine.self, Neighbors.self, Similarity.self, Analogy.self, OddOneOut.self, Evaluate.self,
            Attend.self, Senses.self,
            Export.self, ImportVectors.self, Report.self,
            Serve.self,
        ])

    /// Runs the command; a ``FirthError`` becomes one line on stderr and exit status 1.
    static func main() {
        do {
            var command = try parseAsRoot(joiningNegativeNumbers(Array(CommandLine.arguments.dropFirst())))
            try command.run()
        } catch let error as FirthError {
            printError("firth: error: \(userMessage(error))")
            Foundation.exit(1)
        } catch {
            // No raw SQLite or Foundation text reaches the terminal: say it in the user's terms.
            if let message = userMessage(forSystemError: error) {
                printError("firth: error: \(message)")
                Foundation.exit(1)
            }
            exit(withError: error)
        }
    }
}
