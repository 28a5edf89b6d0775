import Foundation

/// An error that says what went wrong and what to do about it.
///
/// Every error Firth reports to a user is one of these cases. Its `description` is one line that
/// names the file, line or word involved, and what to do about it. The library names parameters
/// and steps its own way (`minCount`, the `count` step); ``text`` keeps them apart, so that the
/// command line prints the same line with its flags and commands (`firth count --min-count 3`).
///
/// ```swift
/// do { _ = try store.wordID("bnak") }
/// catch let error as FirthError { print(error) }   // unknown word 'bnak' (did you mean: bank, back?)
/// ```
public enum FirthError: Error, CustomStringConvertible, Equatable {
    /// The database was written by a newer Firth: its schema has migrations this build does not know.
    case databaseFromNewerVersion(path: String, unknownMigrations: [String])
    /// The database was made by an older Firth and must be upgraded (by opening it for writing)
    /// before it can be read.
    case olderSchema(path: String)
    /// The file is not a Firth database (or is corrupt).
    case notAFirthDatabase(path: String, reason: String)
    /// The database has no corpus yet: nothing was ingested.
    case emptyCorpus(path: String)
    /// No database file at `path`, where one was to be read.
    case noDatabase(path: String)
    /// A word is not in the vocabulary; `suggestions` are the closest spellings that are.
    case unknownWord(String, suggestions: [String])
    /// An input could not be read or parsed; `location` is `file` or `file:line`.
    case badInput(location: String, reason: String)
    /// An option value that cannot work, with the reason.
    case invalidOption(String)
    /// A parameter value that cannot work: the parameter as the library names it (`window`,
    /// `minCount`, the property of its parameters type) and what it must be. The command line
    /// names the flag instead (`--window`, `--min-count`).
    case invalidParameter(String, reason: String)
    /// A request that cannot work as given, in a message that names the parameters that would
    /// answer it (`use layout sparse`); the command line names their flags (`use --layout sparse`).
    case invalidParameters(ParameterText)
    /// Something of that name is stored and the caller did not ask to replace it; `what` is
    /// "an embedding". The command line names its --name and --force.
    case nameTaken(what: String, name: String)
    /// A stored table the command needs does not exist yet; `hint` says which step makes it.
    case missing(what: String, hint: ParameterText)
    /// The output file exists and the caller did not ask to overwrite it. The command line
    /// names its --out and --force.
    case outputExists(path: String)
    /// Another process holds the database's ``WriterLock``; `pid` is its process id if known.
    case databaseBusy(path: String, pid: Int32?)
    /// The database cannot be written here (read-only disk or folder, missing folder).
    case cannotWrite(path: String, reason: String)
    /// The disk holding the database filled up; what was committed before is intact.
    case diskFull(path: String)
    /// The database failed in a way the user can act on; `reason` says how, in their terms.
    case databaseFailure(path: String, reason: String)

    public var description: String { text.description }

    /// The message, with the parameters and steps that would answer it kept apart for a reader
    /// to spell its own way (``ParameterText/rendered(naming:step:)``).
    public var text: ParameterText {
        switch self {
        case let .databaseFromNewerVersion(path, unknown):
            return "\(path) was written by a newer version of Firth (it has migrations \(unknown.joined(separator: ", ")) "
                + "that this version does not know); upgrade firth to open it — nothing was changed"
        case let .olderSchema(path):
            return "\(path) was made by an older version of Firth and has to be upgraded first: "
                + "run a command that writes to it (such as \(step: Step("count", database: path))) where it can be written"
        case let .notAFirthDatabase(path, reason):
            return "\(path) is not a Firth database: \(reason)"
        case let .emptyCorpus(path):
            return "\(path) has no documents yet; add some with \(step: Step("ingest", "FILE...", database: path))"
        case let .noDatabase(path):
            return "\(path): no such database; create it with \(step: Step("ingest", "FILE...", database: path))"
        case let .unknownWord(word, suggestions):
            let hint = suggestions.isEmpty ? "" : " (did you mean: \(suggestions.joined(separator: ", "))?)"
            return "unknown word '\(word)': it is not in the vocabulary\(hint)"
        case let .badInput(location, reason):
            return "\(location): \(reason)"
        case let .invalidOption(message):
            return "\(message)"
        case let .invalidParameter(name, reason):
            return "\(parameter: name) \(reason)"
        case let .invalidParameters(text):
            return text
        case let .nameTaken(what, name):
            return "\(what) named '\(name)' exists; choose another name, or replace it"
        case let .missing(what, hint):
            return "\(what) does not exist yet; \(hint)"
        case let .outputExists(path):
            return "\(path) already exists; choose another output, or overwrite it"
        case let .databaseBusy(path, pid):
            return "another firth command is writing to \(path)\(pid.map { " (pid \($0))" } ?? ""); "
                + "try again when it has finished — nothing was changed"
        case let .cannotWrite(path, reason):
            return "cannot write to \(path): \(reason)"
        case let .diskFull(path):
            return "the disk holding \(path) is full; what was stored before is intact — free some space and run the same command again"
        case let .databaseFailure(path, reason):
            return "\(path): \(reason)"
        }
    }
}
