import Foundation

/// How well similarities agree with human judgements on one word-pair set.
///
/// Scores are only meaningful with their coverage: a pair with a word outside the vocabulary
/// is left out, and `covered` of `total` says how many were scored.
public struct WordPairEvaluation: Sendable, Equatable {
    public var name: String
    /// Spearman's rank correlation between human scores and cosines, on covered pairs.
    public var spearman: Double
    /// Pearson's correlation, on covered pairs.
    public var pearson: Double
    public var covered: Int
    public var total: Int
}

/// Analogy accuracy, overall and per section, for 3CosAdd and 3CosMul.
public struct AnalogyEvaluation: Sendable, Equatable {
    public struct Section: Sendable, Equatable {
        public var name: String
        public var covered = 0
        public var total = 0
        public var correctAdd = 0
        public var correctMul = 0
        public var accuracyAdd: Double { covered == 0 ? 0 : Double(correctAdd) / Double(covered) }
        public var accuracyMul: Double { covered == 0 ? 0 : Double(correctMul) / Double(covered) }
    }
    public var name: String
    public var sections: [Section]
    public var overall: Section {
        sections.reduce(into: Section(name: "all")) { total, s in
            total.covered += s.covered; total.total += s.total
            total.correctAdd += s.correctAdd; total.correctMul += s.correctMul
        }
    }
}

extension WordVectors {
    /// Spearman and Pearson correlation between `pairs`' human scores and cosine similarity.
    ///
    /// Words are looked up as given (lowercase them first to match a case-folded corpus).
    public func evaluateWordPairs(_ pairs: [BenchmarkFiles.WordPair], name: String = "") -> WordPairEvaluation {
        var human: [Double] = [], model: [Double] = []
        for pair in pairs {
            guard let a = rowIfPresent(pair.first), let b = rowIfPresent(pair.second) else { continue }
            human.append(pair.score)
            model.append(Double(dot(vectors.row(a), vectors.row(b))))
        }
        return WordPairEvaluation(name: name, spearman: Statistics.spearman(human, model),
                                  pearson: Statistics.pearson(human, model), covered: human.count, total: pairs.count)
    }

    /// Accuracy on analogy questions a : b :: c : d, answering with the best word other than a,
    /// b and c, by 3CosAdd and 3CosMul. A question is covered when all four words are known.
    ///
    /// - Parameter restrictTo: consider only the first N words (most frequent) as answers and
    ///   questions, as gensim's `restrict_vocab` does; nil: all.
    public func evaluateAnalogies(_ questions: [BenchmarkFiles.AnalogyQuestion], name: String = "",
                                  progress: Progress = .silent) -> AnalogyEvaluation {
        var sections: [AnalogyEvaluation.Section] = []
        var sectionIndex: [String: Int] = [:]
        // All questions' cosines come from one matrix product per distinct word, cached.
        var cosines: [Int: [Float]] = [:]
        func similarities(_ row: Int) -> [Float] {
            if let cached = cosines[row] { return cached }
            let values = vectors.dotProducts(with: vectors.row(row))
            if cosines.count > 2000 { cosines.removeAll(keepingCapacity: true) }
            cosines[row] = values
            return values
        }
        for (n, question) in questions.enumerated() {
            if sectionIndex[question.section] == nil {
                sectionIndex[question.section] = sections.count
                sections.append(.init(name: question.section))
            }
            let s = sectionIndex[question.section]!
            sections[s].total += 1
            guard let a = rowIfPresent(question.a), let b = rowIfPresent(question.b),
                  let c = rowIfPresent(question.c), let d = rowIfPresent(question.d) else { continue }
            sections[s].covered += 1
            let (simA, simB, simC) = (similarities(a), similarities(b), similarities(c))
            var bestAdd = (row: -1, score: -Float.infinity), bestMul = (row: -1, score: -Float.infinity)
            for i in 0..<words.count where i != a && i != b && i != c {
                let add = simB[i] - simA[i] + simC[i]
                if add > bestAdd.score { bestAdd = (i, add) }
                let mul = ((simB[i] + 1) / 2) * ((simC[i] + 1) / 2) / ((simA[i] + 1) / 2 + 0.001)
                if mul > bestMul.score { bestMul = (i, mul) }
            }
            if bestAdd.row == d { sections[s].correctAdd += 1 }
            if bestMul.row == d { sections[s].correctMul += 1 }
            if n % 200 == 0 { progress.update("\(n) of \(questions.count) analogies") }
        }
        progress.finish()
        return AnalogyEvaluation(name: name, sections: sections)
    }
}

/// Rank statistics for evaluation.
public enum Statistics {
    /// Spearman's ρ: Pearson's correlation of the ranks, ties given their average rank.
    public static func spearman(_ x: [Double], _ y: [Double]) -> Double {
        pearson(ranks(x), ranks(y))
    }

    public static func pearson(_ x: [Double], _ y: [Double]) -> Double {
        precondition(x.count == y.count)
        guard x.count > 1 else { return .nan }
        let mx = x.reduce(0, +) / Double(x.count), my = y.reduce(0, +) / Double(y.count)
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in x.indices {
            sxy += (x[i] - mx) * (y[i] - my)
            sxx += (x[i] - mx) * (x[i] - mx)
            syy += (y[i] - my) * (y[i] - my)
        }
        return sxx == 0 || syy == 0 ? .nan : sxy / (sxx * syy).squareRoot()
    }

    /// 1-based ranks, ties sharing the mean of the ranks they span.
    public static func ranks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && values[order[j + 1]] == values[order[i]] { j += 1 }
            let rank = Double(i + j) / 2 + 1
            for k in i...j { ranks[order[k]] = rank }
            i = j + 1
        }
        return ranks
    }
}
