import Foundation

extension Exporter {
    /// Writes a sentence's attention: its weights as a table, or its contextual vectors.
    ///
    /// - sparse (csv, tsv): `layer,position,word,context_position,context,weight`, one row per
    ///   non-zero weight (a word's weight on itself is 0 unless it attends to itself, and hard
    ///   attention has one non-zero weight per word);
    /// - dense (csv, tsv): `layer,position,word` and one column per word of the sentence, one
    ///   row per layer and word: each layer's attention matrix, rows summing to 1;
    /// - word2vec, glove, projector: each word's contextual vector after the last layer, in
    ///   sentence order (a word that occurs twice has two vectors, one per occurrence).
    ///
    /// Positions count the sentence's tokens from 0, words without a vector included; weights
    /// and vectors are float32, written exactly.
    ///
    /// ```swift
    /// let result = SentenceAttention(space: vectors).attend(try store.tokenizer().words("the river bank"))
    /// try Exporter(store: store, output: output).attention(result, layout: .sparse)
    /// ```
    ///
    /// - Returns: the rows written (weights or vectors), the header not counted.
    @discardableResult
    public func attention(_ result: SentenceAttention.Result, layout: Layout) throws -> Int {
        let words = result.words
        if output.format.holdsOnlyVectors {
            let dimensions = result.staticVectors.columns
            let writer = try NamedRowWriter(output: output, count: words.count, columns: (1...max(dimensions, 1)).map { "d\($0)" })
            for i in words.indices { try writer.write(words[i], result.contextual(of: i).map(ExactNumber.text)) }
            return words.count
        }
        let rows = try delimited(what: "attention weights")
        var count = 0
        switch layout {
        case .sparse:
            try rows.write(["layer", "position", "word", "context_position", "context", "weight"])
            for (l, layer) in result.layers.enumerated() {
                for i in words.indices {
                    for j in words.indices where layer.weights[i, j] != 0 {
                        try rows.write([String(l + 1), String(result.positions[i]), words[i], String(result.positions[j]), words[j]],
                                       numbers: CollectionOfOne(ExactNumber.text(layer.weights[i, j])))
                        count += 1
                    }
                }
            }
        case .dense:
            try rows.write(["layer", "position", "word"] + words)
            for (l, layer) in result.layers.enumerated() {
                for i in words.indices {
                    try rows.write([String(l + 1), String(result.positions[i]), words[i]],
                                   numbers: layer.weights.row(i).map(ExactNumber.text))
                    count += 1
                }
            }
        }
        return count
    }
}
