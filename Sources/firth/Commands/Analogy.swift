import ArgumentParser
import Foundation
import FirthKit

struct Analogy: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analogy",
        abstract: "Solve A : B :: C : ? with vector arithmetic (B - A + C), by 3CosAdd and 3CosMul.",
        discussion: "Example: firth analogy man king woman   (man is to king as woman is to ?)")

    @Argument(help: "A (as in A is to B).") var a: String
    @Argument(help: "B.") var b: String
    @Argument(help: "C (as C is to ?).") var c: String
    @OptionGroup var store: StoreOptions
    @OptionGroup var vectorOptions: VectorOptions
    @OptionGroup var output: OutputOptions
    @Option(name: .long, help: "How many answers to list per method.") var top = 5

    func run() throws {
        let store = try store.openForReading()
        let vectors = try vectorOptions.vectors(in: store)
        let (na, nb, nc) = (try store.normalize(a), try store.normalize(b), try store.normalize(c))
        var table = Table(columns: ["method", "rank", "answer", "score"], title: "\(na) : \(nb) :: \(nc) : ?  (in \(vectors.name))")
        for (method, answers) in [("3CosAdd", try vectors.mostSimilar(positive: [nb, nc], negative: [na], count: top)),
                                  ("3CosMul", try vectors.mostSimilarCosMul(positive: [nb, nc], negative: [na], count: top))] {
            for (rank, answer) in answers.enumerated() {
                table.append([.text(method), .integer(rank + 1), .text(answer.word), .real(Double(answer.similarity))])
            }
        }
        output.print(table)
    }
}
