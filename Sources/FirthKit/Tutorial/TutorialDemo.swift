import Foundation

/// The walk-through of `firth demo`: from counts to contextual meaning, each step computed live.
///
/// The story (J. R. Firth: "you shall know a word by the company it keeps"): co-occurrence counts
/// already hint at meaning — river pairs with water, not with loan; PMI corrects for frequency;
/// rows of the matrix are vectors and their cosines measure similarity; SVD compresses them; a
/// single vector for "bank" blends its senses; and the same arithmetic applied to a sentence —
/// attention — resolves which sense is meant, with no hand-written rules.
///
/// Each ``Step`` carries its text, its tables, and the ``Step/facts`` the text relies on, so the
/// tests can check that the story holds on the data rather than trusting the prose.
///
/// ```swift
/// let demo = try TutorialDemo(store: store)
/// for step in try demo.steps() { print(step.render()) }
/// ```
public struct TutorialDemo {
    /// One step of the walk-through.
    public struct Step {
        public var number: Int
        public var title: String
        /// Paragraphs and tables in order.
        public var blocks: [Block]
        /// The numbers the text states, by name (e.g. `count(river,water)`).
        public var facts: [String: Double] = [:]

        public enum Block {
            case text(String)
            case table(Table)
        }

        /// The step as text, wrapped for an 80-column terminal.
        public func render(bold: Bool = false) -> String {
            let heading = "Step \(number). \(title)"
            var out = (bold ? "\u{1B}[1m\(heading)\u{1B}[0m" : heading) + "\n" + String(repeating: "=", count: min(heading.count, 78)) + "\n"
            for block in blocks {
                switch block {
                case let .text(text): out += TutorialDemo.wrap(text, width: 78) + "\n\n"
                case let .table(table): out += table.render(.table) + "\n"
                }
            }
            return out
        }
    }

    /// The knobs the tutorial uses, chosen for a corpus of a few thousand words.
    public struct Settings {
        public var count: CountParameters
        public var embedding: EmbeddingParameters
        public var attention: SentenceAttention.Settings
        /// The words of the tables.
        public var words: [String]
        public var riverSentence: String
        public var moneySentence: String

        /// Sentence windows of 5 words counted one by one, min-count 2, 50 dimensions, nothing
        /// removed: a small corpus has few reliable directions, windows that cross sentences
        /// would pair words of neighbouring but unrelated sentences, and whole-number counts
        /// are what step 1 explains. Set explicitly, so the story does not move when the
        /// defaults (chosen on the benchmark corpus) do.
        public static var tutorial: Settings {
            var count = CountParameters()
            count.window = 5
            count.weighting = .uniform
            count.boundary = .sentence
            count.minCount = 2
            var embedding = EmbeddingParameters()
            embedding.dimensions = 50
            embedding.eigenWeight = 0.5
            embedding.removeTopComponents = 0
            return Settings(count: count, embedding: embedding, attention: SentenceAttention.Settings(),
                            words: ["bank", "river", "water", "fish", "mud", "loan", "money", "interest", "the"],
                            riverSentence: "we fished from the river bank",
                            moneySentence: "the bank approved the loan")
        }
    }

    public let store: CorpusStore
    public var settings: Settings
    /// Steps 1–2 need the tutorial corpus's words; on another corpus they are skipped.
    public var includesCountingSteps: Bool

    public init(store: CorpusStore, settings: Settings = .tutorial, includesCountingSteps: Bool = true) {
        self.store = store
        self.settings = settings
        self.includesCountingSteps = includesCountingSteps
    }

    // MARK: - Preparing the tables

    /// Counts and embeds with the tutorial's settings (reusing stored tables when current).
    public func prepare(progress: Progress = .silent) throws -> (table: CooccurrenceTable, vectors: WordVectors, ppmi: PPMIMatrix) {
        let table = try CooccurrenceCounter(store: store, progress: progress).count(settings.count).table
        let embedding = try EmbeddingBuilder(store: store, progress: progress).embed(table: table, parameters: settings.embedding).embedding
        let vectors = try store.wordVectors(named: embedding.name)
        let ppmi = try PPMIMatrix.load(from: store, table: table, smoothing: settings.embedding.smoothing)
        return (table, vectors, ppmi)
    }

    /// Every step (or only `only`), computed on the store.
    public func steps(only: Int? = nil, progress: Progress = .silent) throws -> [Step] {
        let (table, vectors, ppmi) = try prepare(progress: progress)
        let known = settings.words.filter { vectors.contains($0) }
        var steps: [Step] = []
        let wanted = { (n: Int) in only == nil || only == n }
        if includesCountingSteps && wanted(1) { steps.append(try counting(table, words: known)) }
        if includesCountingSteps && wanted(2) { steps.append(try pmi(table, words: known)) }
        let ppmiSpace = PPMIVectorSpace(ppmi, name: table.name)
        if wanted(3) { steps.append(cosines(ppmiSpace, words: known)) }
        if wanted(4) { steps.append(try compression(vectors, table: table, words: known)) }
        if wanted(5) { steps.append(blend(vectors)) }
        if wanted(6) { steps.append(largestClue(vectors)) }
        if wanted(7) { steps.append(softAttention(vectors)) }
        if wanted(8) { steps.append(try meaningToText(vectors)) }
        if wanted(9) { steps.append(whatThisIs()) }
        return steps
    }
}
