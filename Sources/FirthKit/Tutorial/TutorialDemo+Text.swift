import Foundation

extension TutorialDemo {
    // MARK: - 8. From meaning to text

    /// Water and money words, for the share of probability each side gets.
    static let waterWords = ["water", "river", "fish", "mud", "shore", "boat", "stream", "flood"]
    static let moneyWords = ["money", "loan", "interest", "account", "savings", "mortgage", "cash", "teller"]

    /// The next-word table after a river prompt and after a money prompt, and a seeded continuation.
    func meaningToText(_ vectors: WordVectors) throws -> Step {
        var step = Step(number: 8, title: "From meaning to text", blocks: [])
        let ngram = try store.languageModel(NGramParameters(order: 3)).model
        let model = ContextLanguageModel(ngram: ngram, vectors: vectors)
        let splitter = SentenceSplitter(tokenizer: try store.tokenizer())
        step.blocks.append(.text("""
            A language model gives every word of the vocabulary a probability of coming next. A \
            trigram model counts which word followed the last two words; it cannot see further \
            back. The model here multiplies each candidate's trigram probability by exp(β · fit), \
            where fit is how much closer the word's vector is to the vector of the whole text so \
            far (the mix of its words' vectors, as in step 7) than to the corpus's average, then \
            rescales so that all probabilities add up to 1, and mixes in the text's own words (a \
            cache: texts repeat themselves). Both prompts below end in "and the", so the trigram \
            sees the same two words and predicts the same; only the meaning of what came before differs.
            """))
        let water = Set(Self.waterWords.map { ngram.id(of: $0) }.filter { $0 != ngram.unknownID })
        let money = Set(Self.moneyWords.map { ngram.id(of: $0) }.filter { $0 != ngram.unknownID })
        var moneyState: PromptState?
        for (label, sentence) in [("river", settings.riverSentence), ("money", settings.moneySentence)] {
            let prompt = sentence + " and the"
            let state = PromptState(sentences: splitter.sentences(in: prompt), endsSentence: false, model: ngram)
            if label == "money" { moneyState = state }
            let (candidates, total) = model.nextWords(after: state, top: 6)
            var table = Table(columns: ["next word", "trigram", "× context", "combined", "clue"], title: "after \"\(prompt)\"")
            for c in candidates {
                table.append([.text(c.word), .real(c.ngram, digits: 3), .real(c.contextFactor, digits: 2),
                              .real(c.combined, digits: 3), .text(c.clue ?? "")])
                step.facts["next.\(label).\(c.word)"] = c.combined
            }
            step.facts["sum.\(label)"] = total
            step.blocks.append(.table(table))
            // The share of the water and money words, trigram alone and with the context.
            let context = model.context(history: state.history, sentence: state.sentence.dropFirst())
            var distribution = ContextLanguageModel.Distribution()
            model.fill(&distribution, after: state.sentence[...], context: context)
            for (side, ids) in [("water", water), ("money", money)] {
                step.facts["\(side).\(label).trigram"] = ids.reduce(0) { $0 + distribution.ngram[Int($1)] }
                step.facts["\(side).\(label).combined"] = ids.reduce(0) { $0 + distribution.combined[Int($1)] }
            }
        }
        step.blocks.append(.text(String(format: """
            Water words (%@) get %.3f of the probability after the river prompt and %.3f after \
            the money prompt; money words (%@) get %.3f and %.3f. The trigram alone gives each \
            side the same share after both: %.3f and %.3f. (firth predict "%@ and the")
            """, Self.waterWords.filter { water.contains(ngram.id(of: $0)) }.joined(separator: ", "),
            step.facts["water.river.combined"]!, step.facts["water.money.combined"]!,
            Self.moneyWords.filter { money.contains(ngram.id(of: $0)) }.joined(separator: ", "),
            step.facts["money.river.combined"]!, step.facts["money.money.combined"]!,
            step.facts["water.river.trigram"]!, step.facts["money.river.trigram"]!, settings.riverSentence)))
        if let moneyState {
            var sampling = SamplingSettings()
            sampling.seed = 1
            sampling.temperature = 0.7
            let words = model.generate(after: moneyState, count: 12, sampling: sampling)
            var text = settings.moneySentence + " and the"
            for w in words { text += w.endsSentence ? "." : " " + w.candidate.word }
            step.blocks.append(.text("""
                Drawing each next word from this distribution writes text. Twelve words after the \
                money prompt (seed 1, temperature 0.7):

                \(text)

                (firth generate "\(settings.moneySentence) and the" --words 12 --seed 1 --temperature 0.7)
                """))
        }
        return step
    }
}
