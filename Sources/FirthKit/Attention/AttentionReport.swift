import Foundation

/// An attention result written for people (a matrix with the largest clue marked, neighbours
/// before and after) or for scripts (JSON, or long-format tables of weights and vectors).
///
/// ```swift
/// let report = AttentionReport(result: result, space: vectors, settings: settings)
/// print(report.text(focus: "bank", neighbors: 5))
/// ```
public struct AttentionReport {
    public var result: SentenceAttention.Result
    public var space: any VectorSpace
    public var settings: SentenceAttention.Settings

    public init(result: SentenceAttention.Result, space: any VectorSpace, settings: SentenceAttention.Settings) {
        self.result = result
        self.space = space
        self.settings = settings
    }

    var settingsLine: String {
        "τ = \(String(format: "%.4g", result.temperature)), \(settings.mode.rawValue), self \(settings.excludeSelf ? "excluded" : "included")"
            + (settings.window.map { ", window \($0)" } ?? "")
            + ", \(settings.layers) layer\(settings.layers == 1 ? "" : "s"), residual λ = \(String(format: "%g", settings.residual))"
    }

    // MARK: - For people

    /// The attention matrices (rows sum to 1; `*` marks each row's largest clue) and, for the
    /// focus word or every word, its neighbours before and after attention and how far it moved.
    public func text(focus: String?, neighbors count: Int) -> String {
        var out = "attention over \(result.words.count) words in \(space.spaceName)\n(\(settingsLine))\n"
        if !result.outOfVocabulary.isEmpty {
            out += "out of vocabulary, left out: \(result.outOfVocabulary.joined(separator: " "))\n"
        }
        let words = result.words
        let width = max(5, min(10, words.map(\.count).max() ?? 5))
        func cell(_ s: String) -> String {
            let clipped = String(s.prefix(width))
            return String(repeating: " ", count: width - clipped.count) + clipped
        }
        for (l, layer) in result.layers.enumerated() {
            out += "\n" + (result.layers.count > 1 ? "layer \(l + 1): " : "") + "weights (row: word attending, column: context word; * largest clue)\n"
            out += String(repeating: " ", count: width) + " " + words.map { cell($0) + " " }.joined() + "\n"
            for i in words.indices {
                let clue = result.largestClue(of: i, layer: l)
                out += cell(words[i]) + " " + words.indices.map { j -> String in
                    let w = layer.weights[i, j]
                    let text = w == 0 && (i == j && settings.excludeSelf) ? "-" : String(format: "%.2f", w)
                    return cell(text) + (j == clue ? "*" : " ")
                }.joined() + "\n"
            }
        }
        // The sentence's own words are left out of the neighbour lists: the contextual vector
        // contains them by construction, so listing them would say nothing new.
        let sentenceWords = Set(words)
        out += "\nneighbours before → after attention, other than the sentence's words\n(moved: cosine between static and contextual vector)\n"
        for i in words.indices where focus == nil || words[i] == focus {
            let before = space.nearestWords(to: result.staticVectors.row(i), count: count, excluding: sentenceWords)
            let after = space.nearestWords(to: result.contextual(of: i), count: count, excluding: sentenceWords)
            let clue = result.largestClue(of: i).map { " · largest clue: \(words[$0])" } ?? ""
            out += String(format: "%@  moved %.3f%@\n", words[i], result.movement(of: i), clue)
            out += "  before: \(before.map(\.word).joined(separator: ", "))\n"
            out += "  after:  \(after.map(\.word).joined(separator: ", "))\n"
        }
        return out
    }

    // MARK: - For scripts

    /// Long format: one row per (layer, word, context word) with the weight.
    public func weightTable() -> Table {
        var table = Table(columns: ["layer", "position", "word", "context_position", "context", "weight"])
        for (l, layer) in result.layers.enumerated() {
            for i in result.words.indices {
                for j in result.words.indices {
                    table.append([.integer(l + 1), .integer(result.positions[i]), .text(result.words[i]),
                                  .integer(result.positions[j]), .text(result.words[j]), .real(Double(layer.weights[i, j]))])
                }
            }
        }
        return table
    }

    /// One row per word: its position and contextual vector after the last layer.
    public func vectorTable() -> Table {
        let d = result.staticVectors.columns
        var table = Table(columns: ["position", "word"] + (1...max(d, 1)).map { "v\($0)" })
        for i in result.words.indices {
            table.append([.integer(result.positions[i]), .text(result.words[i])] + result.contextual(of: i).map { .real(Double($0)) })
        }
        return table
    }

    /// Everything as one JSON object: tokens, settings, weights per layer, static and contextual vectors.
    ///
    /// Written by `JSONEncoder` from ``JSONReport``, so the output is always valid JSON: a
    /// number that is not finite (NaN or ±infinity, which a degenerate vector could produce)
    /// is written as `null`, the way JSON has for a missing number.
    public func json() -> String {
        let encoder = JSONEncoder()
        // One line: pretty-printing puts every number of every vector on a line of its own.
        // Sorted keys: JSONEncoder on Linux otherwise orders them differently in every process.
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Every number is finite or null by construction (``JSONNumber``), so encoding cannot fail.
        let data = (try? encoder.encode(jsonReport)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// The JSON output's fields (written in alphabetical order of their keys).
    public struct JSONReport: Encodable, Sendable {
        public var space: String
        public var tokens: [String]
        public var words: [String]
        public var positions: [Int]
        public var outOfVocabulary: [String]
        public var temperature: JSONNumber
        public var mode: String
        public var excludeSelf: Bool
        public var layers: Int
        public var residual: JSONNumber
        public var window: Int?
        /// Per layer, the attention matrix (row: word attending; column: context word).
        public var weights: [[[JSONNumber]]]
        public var movement: [JSONNumber]
        public var staticVectors: [[JSONNumber]]
        public var contextualVectors: [[JSONNumber]]

        enum CodingKeys: String, CodingKey {
            case space, tokens, words, positions
            case outOfVocabulary = "out_of_vocabulary"
            case temperature, mode
            case excludeSelf = "exclude_self"
            case layers, residual, window, weights, movement
            case staticVectors = "static_vectors"
            case contextualVectors = "contextual_vectors"
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(space, forKey: .space)
            try container.encode(tokens, forKey: .tokens)
            try container.encode(words, forKey: .words)
            try container.encode(positions, forKey: .positions)
            try container.encode(outOfVocabulary, forKey: .outOfVocabulary)
            try container.encode(temperature, forKey: .temperature)
            try container.encode(mode, forKey: .mode)
            try container.encode(excludeSelf, forKey: .excludeSelf)
            try container.encode(layers, forKey: .layers)
            try container.encode(residual, forKey: .residual)
            try container.encode(window, forKey: .window)   // null without a window, as before
            try container.encode(weights, forKey: .weights)
            try container.encode(movement, forKey: .movement)
            try container.encode(staticVectors, forKey: .staticVectors)
            try container.encode(contextualVectors, forKey: .contextualVectors)
        }
    }

    /// A number for JSON: itself when finite, `null` when not (JSON has no NaN or infinity).
    public struct JSONNumber: Encodable, Sendable, Equatable {
        public var value: Double
        public init(_ value: Double) { self.value = value }
        /// A `Float` keeps its own shortest spelling (0.1, not 0.10000000149011612).
        public init(_ value: Float) { self.value = Double(value); float = value }
        private var float: Float?

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            if !value.isFinite {
                try container.encodeNil()
            } else if let float {
                try container.encode(float)
            } else {
                try container.encode(value)
            }
        }
    }

    /// The report's contents as the fields of its JSON.
    public var jsonReport: JSONReport {
        func numbers(_ values: [Float]) -> [JSONNumber] { values.map(JSONNumber.init) }
        func matrix(_ m: DenseMatrix) -> [[JSONNumber]] { (0..<m.rows).map { numbers(m.row($0)) } }
        return JSONReport(
            space: space.spaceName, tokens: result.tokens, words: result.words, positions: result.positions,
            outOfVocabulary: result.outOfVocabulary, temperature: JSONNumber(result.temperature),
            mode: settings.mode.rawValue, excludeSelf: settings.excludeSelf, layers: settings.layers,
            residual: JSONNumber(settings.residual), window: settings.window,
            weights: result.layers.map { matrix($0.weights) },
            movement: numbers(result.words.indices.map { result.movement(of: $0) }),
            staticVectors: matrix(result.staticVectors),
            contextualVectors: result.layers.last.map { matrix($0.output) } ?? [])
    }
}
