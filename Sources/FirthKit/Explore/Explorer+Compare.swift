import Foundation

extension Explorer {
    /// `/api/compare`: two words side by side, as Sketch Engine's "sketch difference": the
    /// collocates and neighbours they share (with both scores) and those only one of them has.
    struct CompareAnswer: Encodable {
        struct Shared: Encodable { var word: String; var a: Double; var b: Double }
        struct Scored: Encodable { var word: String; var score: Double }
        struct Difference: Encodable {
            var shared: [Shared]
            var onlyA: [Scored]
            var onlyB: [Scored]
            enum CodingKeys: String, CodingKey { case shared, onlyA = "only_a", onlyB = "only_b" }
        }
        var a: String
        var b: String
        var embedding: String
        var table: String
        var measure: String
        /// Cosine of the two words' vectors in `embedding`.
        var cosine: Double
        var collocates: Difference
        var neighbors: Difference
    }

    func compare(_ query: ExploreQuery) throws -> ExploreResponse {
        let vectors = try self.vectors(try query.optionalText("embedding"))
        let a = try word(try query.text("a"), in: vectors), b = try word(try query.text("b"), in: vectors)
        let table = try store.cooccurrenceTable(named: try query.optionalText("space"))
        let measure = try query.choice("measure", default: AssociationMeasure.logdice)
        let minCount = try query.number("min_count", default: 2, in: 0...1e12)
        let top = try query.integer("top", default: 50, in: 1...500)

        func scores(_ word: String) throws -> [(String, Double)] {
            try store.collocates(of: word, in: table, measure: measure, smoothing: .init(), minCount: minCount, top: top)
                .collocates.map { ($0.word, $0.value) }
        }
        let collocates = difference(try scores(a), try scores(b), leaving: [a, b])
        let neighbors = difference(try vectors.mostSimilar(to: a, count: top).map { ($0.word, Double($0.similarity)) },
                                   try vectors.mostSimilar(to: b, count: top).map { ($0.word, Double($0.similarity)) },
                                   leaving: [a, b])
        return .json(CompareAnswer(a: a, b: b, embedding: vectors.name, table: table.name, measure: measure.rawValue,
                                   cosine: Double(try vectors.similarity(a, b)), collocates: collocates, neighbors: neighbors))
    }

    /// Shared entries (by the sum of both scores) and each side's own, in their order.
    private func difference(_ first: [(String, Double)], _ second: [(String, Double)], leaving out: Set<String> = []) -> CompareAnswer.Difference {
        let inFirst = Dictionary(first, uniquingKeysWith: { x, _ in x }), inSecond = Dictionary(second, uniquingKeysWith: { x, _ in x })
        let shared = first.compactMap { word, score in inSecond[word].map { CompareAnswer.Shared(word: word, a: score, b: $0) } }
            .filter { !out.contains($0.word) }
            .sorted { ($0.a + $0.b, $1.word) > ($1.a + $1.b, $0.word) }
        return .init(shared: shared,
                     onlyA: first.filter { inSecond[$0.0] == nil && !out.contains($0.0) }.map { .init(word: $0.0, score: $0.1) },
                     onlyB: second.filter { inFirst[$0.0] == nil && !out.contains($0.0) }.map { .init(word: $0.0, score: $0.1) })
    }

    /// `/api/analogy`: what `firth analogy A B C --format json` prints (a : b :: c : ?).
    func analogy(_ query: ExploreQuery) throws -> ExploreResponse {
        let vectors = try self.vectors(try query.optionalText("embedding"))
        let a = try word(try query.text("a"), in: vectors), b = try word(try query.text("b"), in: vectors)
        let c = try word(try query.text("c"), in: vectors)
        let top = try query.integer("top", default: 5, in: 1...100)
        var table = Table(columns: ["method", "rank", "answer", "score"])
        for (method, answers) in [("3CosAdd", try vectors.mostSimilar(positive: [b, c], negative: [a], count: top)),
                                  ("3CosMul", try vectors.mostSimilarCosMul(positive: [b, c], negative: [a], count: top))] {
            for (rank, answer) in answers.enumerated() {
                table.append([.text(method), .integer(rank + 1), .text(answer.word), .real(Double(answer.similarity))])
            }
        }
        return .json(table.render(.json))
    }
}
