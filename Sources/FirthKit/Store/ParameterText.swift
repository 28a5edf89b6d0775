/// A message that names parameters and steps, so that each reader can name them its own way.
///
/// The library says `top`, the command line `--top`: a message written once with
/// ``StringInterpolation/appendInterpolation(parameter:)`` reads with the parameters' names in
/// its ``description`` and with anything else through ``rendered(naming:step:)`` (the command line
/// passes its flag for each name). A ``Step`` that would answer the message
/// (``StringInterpolation/appendInterpolation(step:)``) is spelled the same way: `ngrams` for the
/// library, `firth ngrams --db corpus.sqlite` for the command line.
///
/// ```swift
/// let text: ParameterText = "\(parameter: "top") must be at least 1"
/// text.description                       // top must be at least 1
/// text.rendered { "--" + $0 }            // --top must be at least 1
/// ```
public struct ParameterText: Equatable, Sendable, CustomStringConvertible, ExpressibleByStringInterpolation {
    /// A run of plain text, the name of a parameter, or a step of the pipeline.
    public enum Piece: Equatable, Sendable {
        case text(String)
        case parameter(String)
        case step(Step)
    }

    /// The message in order: plain text and parameter names.
    public var pieces: [Piece]

    public init(stringLiteral value: String) { pieces = value.isEmpty ? [] : [.text(value)] }

    public init(stringInterpolation: StringInterpolation) { pieces = stringInterpolation.pieces }

    /// The message with each parameter spelled by `name`, and each step by `step` (by default
    /// its ``Step/description``).
    public func rendered(naming name: (String) -> String, step: (Step) -> String = \.description) -> String {
        pieces.map { piece in
            switch piece {
            case let .text(text): return text
            case let .parameter(parameter): return name(parameter)
            case let .step(value): return step(value)
            }
        }.joined()
    }

    /// The two messages one after the other, as `+` joins strings.
    public static func + (lhs: ParameterText, rhs: ParameterText) -> ParameterText {
        "\(lhs)\(rhs)"
    }

    /// The message with the parameters' own names: `top must be at least 1`.
    public var description: String { rendered { $0 } }

    /// Builds a ``ParameterText`` from a string literal with interpolations.
    public struct StringInterpolation: StringInterpolationProtocol {
        var pieces: [Piece] = []

        public init(literalCapacity: Int, interpolationCount: Int) {}

        public mutating func appendLiteral(_ literal: String) { appendText(literal) }

        /// Any value, as text.
        public mutating func appendInterpolation<Value>(_ value: Value) { appendText("\(value)") }

        /// A parameter's name (`top`, `minCount`), which a reader may spell its own way.
        public mutating func appendInterpolation(parameter name: String) { pieces.append(.parameter(name)) }

        /// A step of the pipeline that would answer the message, which a reader may spell as a command.
        public mutating func appendInterpolation(step: Step) { pieces.append(.step(step)) }

        /// Another message, its pieces kept.
        public mutating func appendInterpolation(_ text: ParameterText) {
            for piece in text.pieces {
                if case let .text(run) = piece { appendText(run) } else { pieces.append(piece) }
            }
        }

        /// Text joins the text before it, and empty text is dropped, so that equal messages have
        /// equal pieces however they were written.
        mutating func appendText(_ text: String) {
            guard !text.isEmpty else { return }
            if case let .text(before)? = pieces.last {
                pieces[pieces.count - 1] = .text(before + text)
            } else {
                pieces.append(.text(text))
            }
        }
    }
}
