/// A message that names parameters, so that each reader can name them its own way.
///
/// The library says `top`, the command line `--top`: a message written once with
/// ``StringInterpolation/appendInterpolation(parameter:)`` reads with the parameters' names in
/// its ``description`` and with anything else through ``rendered(naming:)`` (the command line
/// passes its flag for each name).
///
/// ```swift
/// let text: ParameterText = "\(parameter: "top") must be at least 1"
/// text.description                       // top must be at least 1
/// text.rendered { "--" + $0 }            // --top must be at least 1
/// ```
public struct ParameterText: Equatable, Sendable, CustomStringConvertible, ExpressibleByStringInterpolation {
    /// A run of plain text, or the name of a parameter.
    public enum Piece: Equatable, Sendable {
        case text(String)
        case parameter(String)
    }

    /// The message in order: plain text and parameter names.
    public var pieces: [Piece]

    public init(stringLiteral value: String) { pieces = value.isEmpty ? [] : [.text(value)] }

    public init(stringInterpolation: StringInterpolation) { pieces = stringInterpolation.pieces }

    /// The message with each parameter spelled by `name`.
    public func rendered(naming name: (String) -> String) -> String {
        pieces.map { piece in
            switch piece {
            case let .text(text): return text
            case let .parameter(parameter): return name(parameter)
            }
        }.joined()
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
