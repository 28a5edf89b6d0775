import ArgumentParser
import FirthKit

/// The command line's names for the library's parameters: the library says `minCount`, the
/// command line `--min-count`.
///
/// A flag is its parameter's name in kebab case, as ArgumentParser spells a `.long` option of
/// that property; an option group whose flag differs passes the exception (`--attention-window`
/// for attention's `window`).
enum ParameterFlags {
    /// Parameters whose flag is not their name in kebab case, wherever they are met.
    static let renamed = ["maxVocabulary": "--max-vocab", "database": "--db"]

    /// `minCount` → `--min-count`.
    static func flag(for parameter: String, renamed exceptions: [String: String] = [:]) -> String {
        if let flag = exceptions[parameter] ?? renamed[parameter] { return flag }
        var flag = "--"
        for character in parameter {
            if character.isUppercase { flag += "-" + character.lowercased() } else { flag.append(character) }
        }
        return flag
    }

    /// Runs a library check for an option group's `validate()`: an invalid parameter is refused
    /// before anything runs, in one line that names its flag.
    static func validate(renamed exceptions: [String: String] = [:], _ check: () throws -> Void) throws {
        do { try check() } catch let error as FirthError { throw ValidationError(message(error, renamed: exceptions)) }
    }

    /// The error's one line, with the flags and commands that answer it: the flag in place of
    /// each parameter's name, the command for each step; for a taken name, --name and --force;
    /// for an existing output, --out and --force.
    static func message(_ error: FirthError, renamed exceptions: [String: String] = [:]) -> String {
        switch error {
        case let .invalidParameter(name, reason): return "\(flag(for: name, renamed: exceptions)) \(reason)"
        case let .nameTaken(what, name): return "\(what) named '\(name)' exists; choose another --name or pass --force to replace it"
        case let .outputExists(path): return "\(path) already exists; choose another --out or pass --force to overwrite it"
        default: return error.text.rendered(naming: { flag(for: $0, renamed: exceptions) }, step: command)
        }
    }

    /// A step as the command that runs it, in backquotes: firth count --min-count 3 --db corpus.sqlite.
    static func command(for step: Step) -> String {
        let flags = step.parameters.map { p in flag(for: p.name) + (p.value.map { " \($0)" } ?? "") }
            + (step.database.map { ["--db \($0)"] } ?? [])
        return "`" + (["firth"] + step.words + flags).joined(separator: " ") + "`"
    }
}
