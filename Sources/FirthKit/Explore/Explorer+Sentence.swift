import Foundation

extension Explorer {
    /// `/api/attend`: `firth attend --format json`'s object (the same keys and values), plus what
    /// the sentence page shows beside the matrix: for each word its largest clue and its
    /// neighbours before and after attention (`neighbors`, one entry per word of `words`).
    struct AttendAnswer: Encodable {
        struct Neighbor: Encodable { var word: String; var similarity: Double }
        struct Word: Encodable {
            var word: String
            var position: Int
            var largestClue: String?
            var before: [Neighbor]
            var after: [Neighbor]
            enum CodingKeys: String, CodingKey { case word, position, before, after, largestClue = "largest_clue" }
        }
        var report: AttentionReport.JSONReport
        var neighbors: [Word]

        enum Extra: String, CodingKey { case neighbors }

        /// The CLI's keys, then `neighbors` in the same object.
        func encode(to encoder: any Encoder) throws {
            try report.encode(to: encoder)
            var container = encoder.container(keyedBy: Extra.self)
            try container.encode(neighbors, forKey: .neighbors)
        }
    }

    func attend(_ query: ExploreQuery) throws -> ExploreResponse {
        let sentence = try query.text("sentence")
        let top = try query.integer("top", default: 5, in: 1...100)
        var settings = SentenceAttention.Settings()
        settings.temperature = try query.number("tau", default: settings.temperature, in: 1e-4...100)
        settings.layers = try query.integer("layers", default: settings.layers, in: 1...6)
        settings.mode = try query.choice("mode", default: settings.mode)
        try settings.validate()
        let tokens = try tokenizer().words(sentence)
        guard tokens.count <= maximumSentenceWords else {
            throw ExploreError(status: 413, "the sentence has \(tokens.count) words, more than \(maximumSentenceWords) (attention's cost grows with the square of the length)")
        }
        let vectors = try self.vectors(try query.optionalText("embedding"))
        let result = SentenceAttention(space: vectors, settings: settings).attend(tokens)
        guard !result.positions.isEmpty else {
            throw FirthError.badInput(location: "sentence", reason: "no word of '\(sentence)' is in the vocabulary of \(vectors.name)")
        }
        // The sentence's own words are left out of the neighbours, as `firth attend` does.
        let own = Set(result.words)
        func list(_ found: [WordVectors.Neighbor]) -> [AttendAnswer.Neighbor] { found.map { .init(word: $0.word, similarity: Double($0.similarity)) } }
        let words = result.words.indices.map { i in
            AttendAnswer.Word(word: result.words[i], position: result.positions[i],
                              largestClue: result.largestClue(of: i).map { result.words[$0] },
                              before: list(vectors.nearestWords(to: result.staticVectors.row(i), count: top, excluding: own)),
                              after: list(vectors.nearestWords(to: result.contextual(of: i), count: top, excluding: own)))
        }
        let report = AttentionReport(result: result, space: vectors, settings: settings)
        return .json(AttendAnswer(report: report.jsonReport, neighbors: words))
    }

    /// The prompt as the language model reads it (as `firth predict` does): its sentences, and
    /// a new sentence when it ends with . ! ? or when no word of it is known.
    private func prompt(_ text: String, model: ContextLanguageModel) throws -> PromptState {
        let splitter = SentenceSplitter(tokenizer: try tokenizer())
        let sentences = splitter.sentences(in: text)
        guard sentences.contains(where: { !$0.isEmpty }) else {
            throw ExploreError(status: 400, "the prompt '\(text)' has no words")
        }
        guard sentences.reduce(0, { $0 + $1.count }) <= maximumSentenceWords * 10 else {
            throw ExploreError(status: 413, "the prompt is longer than \(maximumSentenceWords * 10) words")
        }
        let state = PromptState(sentences: sentences, endsSentence: text.last.map { ".!?…".contains($0) } ?? false, model: model.ngram)
        return state.knowsNothing ? PromptState(sentences: [], endsSentence: true, model: model.ngram) : state
    }

    /// `/api/predict`: what `firth predict PROMPT --format json` prints (the most recent current
    /// n-gram model, with the context of the chosen embedding).
    func predict(_ query: ExploreQuery) throws -> ExploreResponse {
        let text = try query.text("prompt")
        let top = try query.integer("top", default: 10, in: 1...1000)
        let model = try languageModel(embedding: try query.optionalText("embedding"))
        let (candidates, _) = model.nextWords(after: try prompt(text, model: model), top: top)
        var table = Table(columns: ["rank", "word", "ngram", "fit", "factor", "cache", "combined", "clue"])
        for (i, c) in candidates.enumerated() {
            table.append([.integer(i + 1), .text(c.word), .real(c.ngram, digits: 5), .real(c.fit, digits: 3),
                          .real(c.contextFactor, digits: 3), .real(c.cache, digits: 4), .real(c.combined, digits: 5),
                          .text(c.clue ?? "")])
        }
        return .json(table.render(.json))
    }

    /// `/api/generate`: a seeded continuation, as `firth generate` writes it: the text, and in
    /// `steps` the rows of `firth generate --format json` (each word with its probabilities).
    struct GenerateAnswer: Encodable {
        var prompt: String
        var text: String
        var seed: UInt64
        var temperature: Double
        var steps: JSONValue
    }

    func generate(_ query: ExploreQuery) throws -> ExploreResponse {
        let text = try query.text("prompt")
        let count = try query.integer("words", default: 20, in: 1...500)
        var sampling = SamplingSettings()
        sampling.seed = UInt64(try query.integer("seed", default: 1, in: 0...Int.max))
        sampling.temperature = try query.number("temperature", default: 1, in: 0...100)
        let model = try languageModel(embedding: try query.optionalText("embedding"))
        let generated = model.generate(after: try prompt(text, model: model), count: count, sampling: sampling)
        var continued = text
        for g in generated { continued += g.endsSentence ? "." : " " + g.candidate.word }
        var steps = Table(columns: ["step", "word", "ngram", "fit", "factor", "cache", "combined", "clue"])
        for (i, g) in generated.enumerated() {
            let c = g.candidate
            steps.append([.integer(i + 1), .text(c.word), .real(c.ngram, digits: 5), .real(c.fit, digits: 3),
                          .real(c.contextFactor, digits: 3), .real(c.cache, digits: 4), .real(c.combined, digits: 5),
                          .text(c.clue ?? "")])
        }
        return .json(GenerateAnswer(prompt: text, text: continued, seed: sampling.seed, temperature: sampling.temperature,
                                    steps: JSONValue(parsing: steps.render(.json))))
    }
}
