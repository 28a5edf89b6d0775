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
    public func json() -> String {
        func array(_ values: [Float]) -> String { "[" + values.map { "\($0)" }.joined(separator: ", ") + "]" }
        func matrix(_ m: DenseMatrix) -> String { "[" + (0..<m.rows).map { array(m.row($0)) }.joined(separator: ",\n      ") + "]" }
        let strings = { (list: [String]) in "[" + list.map(Table.jsonString).joined(separator: ", ") + "]" }
        var out = "{\n"
        out += "  \"space\": \(Table.jsonString(space.spaceName)),\n"
        out += "  \"tokens\": \(strings(result.tokens)),\n"
        out += "  \"words\": \(strings(result.words)),\n"
        out += "  \"positions\": [\(result.positions.map(String.init).joined(separator: ", "))],\n"
        out += "  \"out_of_vocabulary\": \(strings(result.outOfVocabulary)),\n"
        out += "  \"temperature\": \(result.temperature),\n"
        out += "  \"mode\": \(Table.jsonString(settings.mode.rawValue)), \"exclude_self\": \(settings.excludeSelf), "
        out += "\"layers\": \(settings.layers), \"residual\": \(settings.residual), \"window\": \(settings.window.map(String.init) ?? "null"),\n"
        out += "  \"weights\": [\n" + result.layers.map { "    " + matrix($0.weights) }.joined(separator: ",\n") + "\n  ],\n"
        out += "  \"movement\": \(array(result.words.indices.map { result.movement(of: $0) })),\n"
        out += "  \"static_vectors\": \(matrix(result.staticVectors)),\n"
        out += "  \"contextual_vectors\": \(matrix(result.layers.last!.output))\n"
        return out + "}\n"
    }
}
