/// A step of the pipeline that would answer a message, in the library's names: the command line
/// spells it as a command with flags.
///
/// An error that says what to do next (make an n-gram model, count with a lower minimum) names
/// the step and its parameters, not a command line: the library's reader sees `ngrams` and
/// `minCount`, the command line's `firth ngrams --min-count 3` (it passes its spelling to
/// ``ParameterText/rendered(naming:step:)``).
///
/// ```swift
/// let step = Step("count", parameters: [.init("minCount", value: "3")])
/// step.description                       // `count` with minCount 3
/// let text: ParameterText = "count again (\(step: step))"
/// text.description                       // count again (`count` with minCount 3)
/// ```
public struct Step: Equatable, Sendable, CustomStringConvertible {
    /// A parameter given to the step, with its value, or none when the message names it alone.
    public struct Parameter: Equatable, Sendable {
        public var name: String
        public var value: String?

        public init(_ name: String, value: String? = nil) {
            self.name = name
            self.value = value
        }
    }

    /// The command's words, with its arguments: `["ngrams"]`, `["subcorpus", "drop", "old"]`,
    /// `["ingest", "FILE..."]`.
    public var words: [String]
    public var parameters: [Parameter]
    /// The database the step would run on, when the message names it (the command line adds
    /// its database flag; the library's reader already holds the store).
    public var database: String?

    public init(_ words: String..., parameters: [Parameter] = [], database: String? = nil) {
        self.words = words
        self.parameters = parameters
        self.database = database
    }

    /// The step in the library's names: its command's words in backquotes, then the parameters
    /// given (see the example above).
    public var description: String {
        let given = parameters.map { p in p.value.map { "\(p.name) \($0)" } ?? p.name }
        return "`\(words.joined(separator: " "))`" + (given.isEmpty ? "" : " with " + given.joined(separator: ", "))
    }
}
