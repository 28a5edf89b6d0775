import ArgumentParser
import Foundation
import FirthKit

struct OddOneOut: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "odd-one-out",
        abstract: "Find the word that does not belong: the one farthest from the others' mean vector.",
        discussion: "Example: firth odd-one-out river water stream loan")

    @Argument(help: "Three or more words.") var words: [String]
    @OptionGroup var store: StoreOptions
    @OptionGroup var vectorOptions: VectorOptions

    func validate() throws {
        if words.count < 3 { throw ValidationError("Give at least three words.") }
    }

    func run() throws {
        let store = try store.openForReading()
        let vectors = try vectorOptions.vectors(in: store)
        print(try vectors.doesntMatch(try words.map(store.normalize)))
    }
}
