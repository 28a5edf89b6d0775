import Foundation

extension ContextEvaluation {
    /// One labelled use of a word: a line of a sense file.
    public struct LabelledOccurrence: Sendable {
        public var occurrence: Occurrence
        public var label: String
        public var word: String { occurrence.tokens[occurrence.target] }
    }

    /// Reads a labelled sense file: one example per line, tab-separated,
    ///
    /// ```
    /// sentence <TAB> position <TAB> sense label
    /// we fished from the river bank	5	bank/river
    /// the bank approved the loan	bank	bank/finance
    /// ```
    ///
    /// `position` is the 0-based index of the target among the words the corpus tokenizer makes
    /// of the sentence, or the target word itself (its first occurrence). Labels are any text;
    /// examples are compared only with examples of the same target word. Blank lines and lines
    /// starting with `#` are skipped.
    public func labelledOccurrences(file: String) throws -> [LabelledOccurrence] {
        try labelledOccurrences(lines: BenchmarkFiles.lines(of: file), source: file)
    }

    /// Reads a labelled sense file's bytes held in memory (a bundled file); `source` names it in errors.
    public func labelledOccurrences(data: Data, source: String) throws -> [LabelledOccurrence] {
        try labelledOccurrences(lines: BenchmarkFiles.lines(in: data, location: source), source: source)
    }

    private func labelledOccurrences(lines: [(number: Int, text: String)], source file: String) throws -> [LabelledOccurrence] {
        try lines.map { number, line in
            let fields = line.components(separatedBy: "\t")
            guard fields.count >= 3 else {
                throw FirthError.badInput(location: "\(file):\(number)", reason: "expected 'sentence<TAB>position<TAB>label'")
            }
            let tokens = tokenizer.words(fields[0])
            let position: Int
            if let index = Int(fields[1].trimmingCharacters(in: .whitespaces)) {
                guard tokens.indices.contains(index) else {
                    throw FirthError.badInput(location: "\(file):\(number)", reason: "position \(index) is outside the sentence's \(tokens.count) words")
                }
                position = index
            } else {
                let word = tokenizer.words(fields[1]).first ?? fields[1]
                guard let index = tokens.firstIndex(of: word) else {
                    throw FirthError.badInput(location: "\(file):\(number)", reason: "'\(fields[1])' is not a word of the sentence")
                }
                position = index
            }
            return LabelledOccurrence(occurrence: Occurrence(tokens: tokens, target: position, fallback: nil),
                                      label: fields[2].trimmingCharacters(in: .whitespaces))
        }
    }

    /// A classifier that needs no training beyond the labelled examples.
    public enum Classifier: Sendable, Equatable, CustomStringConvertible {
        /// The label whose mean vector is nearest by cosine.
        case nearestCentroid
        /// The majority label among the k nearest examples by cosine (ties: the nearest's label).
        case nearestNeighbors(Int)
        /// The most common label of the word in training: the baseline every method must beat.
        case majority

        public var description: String {
            switch self {
            case .nearestCentroid: return "nearest centroid"
            case let .nearestNeighbors(k): return "\(k)-nearest neighbours"
            case .majority: return "majority class"
            }
        }
    }

    /// A named way to make an occurrence's vector, beside the built-in ``Method``s.
    public struct VectorMethod {
        public var name: String
        public var vector: (Occurrence) -> [Float]?
        public init(name: String, vector: @escaping (Occurrence) -> [Float]?) {
            self.name = name
            self.vector = vector
        }
    }

    public struct SenseResult: Sendable {
        public var method: String
        public var classifier: String
        public var accuracy: Double
        public var covered: Int
        public var total: Int
    }

    /// Cross-validated sense classification: examples are shuffled with `seed` and split into
    /// `folds`; each is labelled from the others of the same word, for every method × classifier.
    ///
    /// - Parameter additional: more ways to make an occurrence's vector (substitute vectors),
    ///   scored after ``methods`` in the same folds.
    public func senseClassification(_ examples: [LabelledOccurrence], folds: Int = 5, seed: UInt64 = 1,
                                    classifiers: [Classifier] = [.nearestCentroid, .nearestNeighbors(1), .nearestNeighbors(5)],
                                    additional: [VectorMethod] = []) -> [SenseResult] {
        var generator = SplitMix64(seed: seed)
        let order = Array(examples.indices).shuffled(using: &generator)
        var fold = [Int](repeating: 0, count: examples.count)
        for (i, example) in order.enumerated() { fold[example] = i % max(folds, 2) }
        var results: [SenseResult] = []
        // The baseline first: it uses labels only.
        let majorityCorrect = examples.indices.filter { i in
            let training = examples.indices.filter { fold[$0] != fold[i] && examples[$0].word == examples[i].word }
            return Self.majority(training.map { examples[$0].label }) == examples[i].label
        }.count
        results.append(SenseResult(method: "none", classifier: Classifier.majority.description,
                                   accuracy: Double(majorityCorrect) / Double(max(examples.count, 1)),
                                   covered: examples.count, total: examples.count))
        let all = methods.map { method in VectorMethod(name: method.description) { vector($0, method: method) } } + additional
        for method in all {
            let vectors = examples.map { method.vector($0.occurrence) }
            for classifier in classifiers where classifier != .majority {
                var correct = 0, covered = 0
                for i in examples.indices {
                    guard let query = vectors[i] else { continue }
                    covered += 1
                    let training = examples.indices.filter {
                        fold[$0] != fold[i] && examples[$0].word == examples[i].word && vectors[$0] != nil
                    }
                    if Self.classify(query, training.map { (vectors[$0]!, examples[$0].label) }, classifier) == examples[i].label {
                        correct += 1
                    }
                }
                results.append(SenseResult(method: method.name, classifier: classifier.description,
                                           accuracy: covered == 0 ? 0 : Double(correct) / Double(covered),
                                           covered: covered, total: examples.count))
            }
        }
        return results
    }

    static func majority(_ labels: [String]) -> String? {
        var counts: [String: Int] = [:]
        for label in labels { counts[label, default: 0] += 1 }
        return counts.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key
    }

    /// Labels `query` from the training examples.
    ///
    /// Equal cosines are broken in favour of the label more common in training (then by name), so
    /// vectors that cannot tell examples apart — a word's static vector is the same in every
    /// sentence — score exactly the majority-class baseline, not whatever the file order favours.
    static func classify(_ query: [Float], _ training: [(vector: [Float], label: String)], _ classifier: Classifier) -> String? {
        guard !training.isEmpty else { return nil }
        var frequency: [String: Int] = [:]
        for example in training { frequency[example.label, default: 0] += 1 }
        // Orders labels: more frequent first, then alphabetical.
        func before(_ a: String, _ b: String) -> Bool { (frequency[a]!, b) > (frequency[b]!, a) }
        switch classifier {
        case .majority:
            return majority(training.map(\.label))
        case .nearestCentroid:
            var sums: [String: [Float]] = [:]
            for (vector, label) in training {
                sums[label, default: [Float](repeating: 0, count: vector.count)] =
                    zip(sums[label] ?? [Float](repeating: 0, count: vector.count), vector).map { $0 + $1 }
            }
            // Sums of one vector taken different numbers of times differ in the last bits, so
            // centroids within 1e-5 of each other count as tied.
            var best: (label: String, cosine: Float)?
            for (label, sum) in sums {
                let c = cosine(query, sum)
                if let b = best, c < b.cosine + 1e-5 && (c <= b.cosine - 1e-5 || !before(label, b.label)) { continue }
                best = (label, c)
            }
            return best?.label
        case let .nearestNeighbors(k):
            let nearest = training.map { (cosine: Self.rounded(dot(query, $0.vector)), label: $0.label) }
                .sorted { a, b in a.cosine != b.cosine ? a.cosine > b.cosine : before(a.label, b.label) }.prefix(k)
            var votes: [String: Int] = [:]
            for n in nearest { votes[n.label, default: 0] += 1 }
            let top = votes.values.max()!
            // A tie goes to the label of the nearest example among the tied labels.
            return nearest.first { votes[$0.label] == top }!.label
        }
    }
}

extension ContextEvaluation {
    static func rounded(_ cosine: Float) -> Float { (cosine * 1e6).rounded() / 1e6 }
}

func cosine(_ a: [Float], _ b: [Float]) -> Float {
    let norms = (a.reduce(0) { $0 + $1 * $1 } * b.reduce(0) { $0 + $1 * $1 }).squareRoot()
    return norms > 0 ? dot(a, b) / norms : 0
}
