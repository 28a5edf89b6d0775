import Foundation

extension TutorialDemo {
    // MARK: - 1. Counting

    func counting(_ table: CooccurrenceTable, words: [String]) throws -> Step {
        let p = table.parameters
        var step = Step(number: 1, title: "Counting: the company words keep", blocks: [])
        let matrix = try store.cooccurrenceMatrix(of: words, in: table, measure: .count)
        step.blocks.append(.text("""
            Every time two words occur within \(p.window) words of each other (inside one \(p.boundary.rawValue)), \
            their cell in a words × words table goes up by one. Here is that table for a few words \
            of the tutorial corpus (rows: words, columns: their neighbours):
            """))
        step.blocks.append(.table(Table(matrix)))
        let facts = try cellValues(table, measure: .count, pairs: [("river", "water"), ("river", "loan"), ("money", "loan"), ("bank", "river"), ("bank", "money")])
        step.facts = facts
        step.blocks.append(.text("""
            river meets water \(Int(facts["count(river,water)"] ?? 0)) times but loan \(Int(facts["count(river,loan)"] ?? 0)) times; \
            money meets loan \(Int(facts["count(money,loan)"] ?? 0)) times. bank meets both river \
            (\(Int(facts["count(bank,river)"] ?? 0))) and money (\(Int(facts["count(bank,money)"] ?? 0))): \
            one spelling, two kinds of company. (firth cooccurrence \(words.prefix(5).joined(separator: " ")) --counts)
            """))
        return step
    }

    // MARK: - 2. PMI

    func pmi(_ table: CooccurrenceTable, words: [String]) throws -> Step {
        var step = Step(number: 2, title: "Why raw counts mislead, and how PMI corrects them", blocks: [])
        let counts = try cellValues(table, measure: .count, pairs: [("the", "river"), ("the", "money"), ("water", "river")])
        // The formula as printed: plain PPMI, no context smoothing.
        let plain = AssociationMeasure.Smoothing(contextSmoothing: 1, shift: 1)
        let ppmi = try cellValues(table, measure: .ppmi, smoothing: plain,
                                  pairs: [("river", "water"), ("river", "loan"), ("money", "loan"), ("the", "river")])
        step.facts = counts.merging(ppmi) { a, _ in a }
        step.blocks.append(.text("""
            "the" meets river \(Int(counts["count(the,river)"] ?? 0)) times and money \(Int(counts["count(the,money)"] ?? 0)) \
            times — more than water meets river (\(Int(counts["count(water,river)"] ?? 0))). Frequent words meet \
            everything, so raw counts mostly measure frequency. Pointwise mutual information asks \
            instead: do two words meet more often than their frequencies alone predict?

                PMI(w,c) = ln( #(w,c) · D / (#(w) · #(c)) )

            with #(w) and #(c) the row and column totals and D the table's total. Positive PMI \
            (PPMI) keeps only the pairs that meet more than chance, and sets the rest to 0:
            """))
        step.blocks.append(.table(Table(try store.cooccurrenceMatrix(of: words, in: table, measure: .ppmi, smoothing: plain))))
        step.blocks.append(.text(String(format: """
            Now river–water scores %.2f and river–loan %.2f. "the" no longer towers over the \
            others: the–river scores %.2f, about as much as water–river, because in these \
            texts "the river" is a set phrase — the does meet river more often than chance. \
            (firth cooccurrence %@ --measure ppmi --context-smoothing 1) Later steps also \
            smooth the context counts (raised to 0.75, Levy et al. 2015) so that rare contexts \
            do not get huge scores.
            """, ppmi["ppmi(river,water)"] ?? 0, ppmi["ppmi(river,loan)"] ?? 0, ppmi["ppmi(the,river)"] ?? 0,
                                             words.prefix(5).joined(separator: " "))))
        return step
    }

    // MARK: - 3. Rows are vectors

    func cosines(_ space: PPMIVectorSpace, words: [String]) -> Step {
        var step = Step(number: 3, title: "Rows are vectors: cosine similarity", blocks: [])
        step.blocks.append(.text("""
            Each row of the PPMI table is a vector with one coordinate per context word. Two words \
            with similar company have rows pointing the same way; the cosine of the angle between \
            them is 1 for the same direction and 0 for nothing in common.
            """))
        var table = Table(columns: ["word", "nearest words by cosine of PPMI rows"])
        for word in ["river", "money"] where space.vectorIfPresent(word) != nil {
            let neighbors = space.nearestWords(to: space.vectorIfPresent(word)!, count: 6, excluding: [word])
            table.append([.text(word), .text(neighbors.map { "\($0.word) \(String(format: "%.2f", $0.similarity))" }.joined(separator: ", "))])
        }
        step.blocks.append(.table(table))
        for (a, b) in [("river", "water"), ("river", "loan"), ("money", "loan")] {
            if let x = space.vectorIfPresent(a), let y = space.vectorIfPresent(b) { step.facts["cos_ppmi(\(a),\(b))"] = Double(dot(x, y)) }
        }
        step.blocks.append(.text(String(format: "cos(river, water) = %.2f, cos(river, loan) = %.2f. (firth neighbors river money --using ppmi)",
                                        step.facts["cos_ppmi(river,water)"] ?? .nan, step.facts["cos_ppmi(river,loan)"] ?? .nan)))
        return step
    }

    // MARK: - 4. Compression

    func compression(_ vectors: WordVectors, table: CooccurrenceTable, words: [String]) throws -> Step {
        var step = Step(number: 4, title: "Compression: SVD keeps the main directions", blocks: [])
        step.blocks.append(.text("""
            The PPMI rows have \(vectors.words.count) coordinates, most of them zero. A truncated \
            singular value decomposition (SVD) finds the \(vectors.dimensions) directions along which the rows \
            vary most and describes each word by its position along them. Similar words stay close. \
            The first two coordinates of a few words (a map of meaning, flattened):
            """))
        var map = Table(columns: ["word", "x", "y"])
        for word in words {
            let v = try vectors.vector(for: word)
            map.append([.text(word), .real(Double(v[0]), digits: 2), .real(Double(v.count > 1 ? v[1] : 0), digits: 2)])
        }
        step.blocks.append(.table(map))
        var near = Table(columns: ["word", "nearest words by cosine of SVD vectors"])
        for word in ["river", "money"] where vectors.contains(word) {
            near.append([.text(word), .text(try vectors.mostSimilar(to: word, count: 6).map { "\($0.word) \(String(format: "%.2f", $0.similarity))" }.joined(separator: ", "))])
        }
        step.blocks.append(.table(near))
        for (a, b) in [("river", "water"), ("river", "loan"), ("money", "loan")] where vectors.contains(a) && vectors.contains(b) {
            step.facts["cos_svd(\(a),\(b))"] = Double(try vectors.similarity(a, b))
        }
        step.blocks.append(.text("(firth embed --method svd --dimensions \(vectors.dimensions); firth neighbors river money)"))
        return step
    }

    // MARK: - 5. A blend

    func blend(_ vectors: WordVectors) -> Step {
        var step = Step(number: 5, title: "One vector for \"bank\" is a blend", blocks: [])
        guard vectors.contains("bank") else {
            step.blocks.append(.text("(\"bank\" is not in this corpus's vocabulary.)"))
            return step
        }
        let neighbors = (try? vectors.mostSimilar(to: "bank", count: 8)) ?? []
        for word in ["water", "river", "money", "loan"] where vectors.contains(word) {
            step.facts["cos_svd(bank,\(word))"] = Double((try? vectors.similarity("bank", word)) ?? .nan)
        }
        step.blocks.append(.text("""
            "bank" gets one vector, made from all its company at once: the river bank's and the \
            money bank's. Its nearest words mix both senses: \
            \(neighbors.map(\.word).joined(separator: ", ")).
            """))
        var table = Table(columns: ["word", "cosine with bank"])
        for word in ["river", "water", "money", "loan"] where step.facts["cos_svd(bank,\(word))"] != nil {
            table.append([.text(word), .real(step.facts["cos_svd(bank,\(word))"]!, digits: 2)])
        }
        step.blocks.append(.table(table))
        return step
    }

    // MARK: - 6. The largest clue

    func largestClue(_ vectors: WordVectors) -> Step {
        var step = Step(number: 6, title: "Interpretation by the largest clue", blocks: [])
        step.blocks.append(.text("""
            To read "bank" in a sentence, look for the context word whose vector matches it best — \
            the largest clue — and move bank's vector toward it: bank' = bank + clue, scaled to \
            length 1. No rule mentions rivers or money; the clue comes from the counts.
            """))
        var s = settings.attention
        s.mode = .hard
        var table = Table(columns: ["sentence", "clue", "cos(bank',water)", "cos(bank',money)"])
        for (key, sentence) in [("river", settings.riverSentence), ("money", settings.moneySentence)] {
            guard let (result, row) = attend(sentence, vectors: vectors, settings: s) else { continue }
            let clue = result.largestClue(of: row).map { result.words[$0] } ?? "-"
            let v = result.contextual(of: row)
            let water = vectors.vectorIfPresent("water").map { Double(dot(v, $0)) } ?? .nan
            let money = vectors.vectorIfPresent("money").map { Double(dot(v, $0)) } ?? .nan
            step.facts["hard.\(key).water"] = water
            step.facts["hard.\(key).money"] = money
            table.append([.text(sentence), .text(clue), .real(water, digits: 2), .real(money, digits: 2)])
        }
        step.blocks.append(.table(table))
        step.blocks.append(.text("(firth attend \"\(settings.riverSentence)\" --mode hard --focus bank)"))
        return step
    }

    // MARK: - 7. Soft attention

    func softAttention(_ vectors: WordVectors) -> Step {
        var step = Step(number: 7, title: "Soft attention: weigh every clue", blocks: [])
        step.blocks.append(.text("""
            Instead of one clue, every word of the sentence gets a weight: its cosine with the \
            word, divided by a temperature τ and passed through softmax so the weights sum to 1. \
            This is the attention of a transformer with queries, keys and values all equal to \
            the word vectors. Rows: the word attending; columns: its context.
            """))
        var contextual: [[Float]] = []
        for (key, sentence) in [("river", settings.riverSentence), ("money", settings.moneySentence)] {
            guard let (result, row) = attend(sentence, vectors: vectors, settings: settings.attention) else { continue }
            var weights = Table(columns: [""] + result.words)
            for i in result.words.indices {
                weights.append([.text(result.words[i])] + result.words.indices.map {
                    $0 == i && settings.attention.excludeSelf ? .empty : .real(Double(result.weights(layer: 0)[i, $0]), digits: 2)
                })
            }
            step.blocks.append(.text("\"\(sentence)\""))
            step.blocks.append(.table(weights))
            let v = result.contextual(of: row)
            contextual.append(v)
            let after = vectors.nearestWords(to: v, count: 5, excluding: Set(result.words))
            step.facts["soft.\(key).water"] = vectors.vectorIfPresent("water").map { Double(dot(v, $0)) } ?? .nan
            step.facts["soft.\(key).money"] = vectors.vectorIfPresent("money").map { Double(dot(v, $0)) } ?? .nan
            step.facts["soft.\(key).moved"] = Double(result.movement(of: row))
            step.blocks.append(.text(String(format: "bank here: nearest other words %@; cos with water %.2f, with money %.2f.",
                                            after.map(\.word).joined(separator: ", "),
                                            step.facts["soft.\(key).water"]!, step.facts["soft.\(key).money"]!)))
        }
        if contextual.count == 2 {
            step.facts["soft.cos(bank1,bank2)"] = Double(dot(contextual[0], contextual[1]))
            var twoLayers = settings.attention
            twoLayers.layers = 2
            let deep = [settings.riverSentence, settings.moneySentence].compactMap { attend($0, vectors: vectors, settings: twoLayers) }
            if deep.count == 2 {
                step.facts["soft2.cos(bank1,bank2)"] = Double(dot(deep[0].0.contextual(of: deep[0].1), deep[1].0.contextual(of: deep[1].1)))
            }
            step.blocks.append(.text(String(format: """
                The two "bank" vectors, identical before attention (cosine 1), now have cosine %.2f. \
                With two layers (each output attends again) it is %.2f. \
                (firth senses bank "%@" "%@")
                """, step.facts["soft.cos(bank1,bank2)"]!, step.facts["soft2.cos(bank1,bank2)"] ?? .nan,
                                                      settings.riverSentence, settings.moneySentence)))
        }
        return step
    }

    // MARK: - 9. What this is

    func whatThisIs() -> Step {
        Step(number: 9, title: "What this is, and what it is not", blocks: [.text("""
            Everything above is counting and matrix arithmetic: a co-occurrence table, a logarithm, \
            cosines, one SVD, and a softmax. A transformer language model uses the same pieces, \
            but learns them: it multiplies each vector by learned query, key and value matrices \
            before attending, runs many attention heads side by side, stacks dozens of layers with \
            learned feed-forward networks between them, and trains everything on billions of \
            words to predict the next one. Here nothing is learned beyond the counts, so the \
            vectors are cruder and a small corpus limits them — but the reason the method works \
            is the same: a word's meaning shows in the company it keeps. And as in step 8, \
            the meaning is what lets such a model choose its next word by more than the last few.
            """)])
    }

    // MARK: - Helpers

    func attend(_ sentence: String, vectors: WordVectors, settings: SentenceAttention.Settings) -> (SentenceAttention.Result, Int)? {
        guard let tokens = try? store.tokenizer().words(sentence) else { return nil }
        let result = SentenceAttention(space: vectors, settings: settings).attend(tokens)
        guard let row = result.words.firstIndex(of: "bank") else { return nil }
        return (result, row)
    }

    /// Named values of a measure for word pairs: `count(river,water)`, `ppmi(river,loan)`, …
    func cellValues(_ table: CooccurrenceTable, measure: AssociationMeasure, smoothing: AssociationMeasure.Smoothing = .init(),
                    pairs: [(String, String)]) throws -> [String: Double] {
        var facts: [String: Double] = [:]
        for (a, b) in pairs {
            guard (try? store.wordID(a)) != nil, (try? store.wordID(b)) != nil else { continue }
            let matrix = try store.cooccurrenceMatrix(of: [a, b], in: table, measure: measure, smoothing: smoothing)
            if let value = matrix.values[0][1] { facts["\(measure.rawValue)(\(a),\(b))"] = value }
        }
        return facts
    }

    /// Greedy word wrap that keeps indented lines (formulas) as they are.
    static func wrap(_ text: String, width: Int) -> String {
        text.components(separatedBy: "\n").map { line -> String in
            if line.hasPrefix(" ") || line.count <= width { return line }
            var lines: [String] = [], current = ""
            for word in line.split(separator: " ") {
                if !current.isEmpty && current.count + 1 + word.count > width { lines.append(current); current = "" }
                current += (current.isEmpty ? "" : " ") + word
            }
            if !current.isEmpty { lines.append(current) }
            return lines.joined(separator: "\n")
        }.joined(separator: "\n")
    }
}
