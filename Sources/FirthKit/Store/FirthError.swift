import Foundation

/// An error that says what went wrong and what to do about it.
///
/// Every error Firth reports to a user is one of these cases. Its `description` is one line that
/// names the file, line or word involved, so the CLI can print it as is and exit non-zero.
///
/// ```swift
/// do { try store.requireWord("bnak") }
/// catch let error as FirthError { print(error) }   // unknown word 'bnak' (did you mean: bank, back?)
/// ```
public enum FirthError: Error, CustomStringConvertible, Equatable {
    /// The database was written by a newer Firth: its schema has migrations this build does not know.
    case databaseFromNewerVersion(path: String, unknownMigrations: [String])
    /// The file is not a Firth database (or is corrupt).
    case notAFirthDatabase(path: String, reason: String)
    /// The database has no corpus yet: nothing was ingested.
    case emptyCorpus(path: String)
    /// A word is not in the vocabulary; `suggestions` are the closest spellings that are.
    case unknownWord(String, suggestions: [String])
    /// An input could not be read or parsed; `location` is `file` or `file:line`.
    case badInput(location: String, reason: String)
    /// An option value that cannot work, with the reason.
    case invalidOption(String)
    /// A stored table the command needs does not exist yet; `hint` says which command makes it.
    case missing(what: String, hint: String)
    /// The output file exists and `--force` was not given.
    case outputExists(path: String)

    public var description: String {
        switch self {
        case let .databaseFromNewerVersion(path, unknown):
            return "\(path) was written by a newer version of Firth (it has migrations \(unknown.joined(separator: ", ")) "
                + "that this version does not know); upgrade firth to open it — nothing was changed"
        case let .notAFirthDatabase(path, reason):
            return "\(path) is not a Firth database: \(reason)"
        case let .emptyCorpus(path):
            return "\(path) has no documents yet; add some with `firth ingest FILE... --db \(path)`"
        case let .unknownWord(word, suggestions):
            let hint = suggestions.isEmpty ? "" : " (did you mean: \(suggestions.joined(separator: ", "))?)"
            return "unknown word '\(word)': it is not in the vocabulary\(hint)"
        case let .badInput(location, reason):
            return "\(location): \(reason)"
        case let .invalidOption(message):
            return message
        case let .missing(what, hint):
            return "\(what) does not exist yet; \(hint)"
        case let .outputExists(path):
            return "\(path) already exists; choose another --out or pass --force to overwrite it"
        }
    }
}
