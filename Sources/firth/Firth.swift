import ArgumentParser
import FirthKit

@main
struct Firth: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "firth",
        abstract: "Show how meaning comes out of counting and matrix arithmetic.",
        version: FirthKit.version,
        subcommands: [])
}
