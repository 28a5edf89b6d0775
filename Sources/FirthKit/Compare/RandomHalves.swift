import Foundation

/// Two random halves of a subcorpus's documents, drawn with a seed: the noise floor of a
/// comparison between parts (a change between two halves of one part is noise, not history).
///
/// The halves are stored as ordinary subcorpora named `PART.half1.seedS` and `PART.half2.seedS`,
/// defined by the list of their documents (`document = 3 or …`), so `firth subcorpus show`
/// lists them and every command can use them. The draw is a Fisher–Yates shuffle of the part's
/// documents (in id order) by ``SplitMix64`` seeded with `seed`; the first ⌊n/2⌋ are half 1.
/// The same part and seed give the same halves on every machine.
public struct RandomHalves: Sendable, Equatable {
    public var part: String
    public var seed: UInt64
    /// The document ids of each half, ascending.
    public var first: [Int64]
    public var second: [Int64]

    /// The names the halves are stored under.
    public var names: (first: String, second: String) { ("\(part).half1.seed\(seed)", "\(part).half2.seed\(seed)") }

    /// Draws the halves of `documents` (the ids of `part`).
    ///
    /// - Throws: ``FirthError/invalidOption(_:)`` for a part of fewer than two documents.
    public init(part: String, documents: [Int64], seed: UInt64) throws {
        guard documents.count >= 2 else {
            throw FirthError.invalidOption("subcorpus '\(part)' has \(documents.count) document\(documents.count == 1 ? "" : "s"); its noise needs two random halves of whole documents, so at least 2")
        }
        var shuffled = documents.sorted()
        var rng = SplitMix64(seed: seed)
        for i in stride(from: shuffled.count - 1, to: 0, by: -1) {
            shuffled.swapAt(i, Int(rng.next() % UInt64(i + 1)))
        }
        let half = shuffled.count / 2
        self.part = part
        self.seed = seed
        first = shuffled[..<half].sorted()
        second = shuffled[half...].sorted()
    }

    /// A condition selecting exactly `ids`, as a balanced tree of `or`s so that its depth (and
    /// SQLite's expression depth) grows with the logarithm of the number of documents.
    static func condition(_ ids: ArraySlice<Int64>) -> String {
        if ids.count == 1 { return "document = \(ids.first!)" }
        let middle = ids.startIndex + ids.count / 2
        return "(\(condition(ids[..<middle])) or \(condition(ids[middle...])))"
    }

    /// The definitions the halves are stored with.
    public var definitions: (first: SubcorpusDefinition, second: SubcorpusDefinition) {
        (SubcorpusDefinition(condition: Self.condition(first[...])), SubcorpusDefinition(condition: Self.condition(second[...])))
    }
}

extension CorpusStore {
    /// The random halves of subcorpus `part` for `seed`, and whether both are already stored
    /// (with the same documents).
    ///
    /// - Throws: ``FirthError/invalidOption(_:)`` when a subcorpus of a half's name exists with
    ///   other documents (drop it), or `part` has fewer than two documents.
    public func randomHalves(of part: String, seed: UInt64) throws -> (halves: RandomHalves, stored: Bool) {
        let subcorpus = try subcorpus(named: part)
        let halves = try RandomHalves(part: part, documents: try members(of: subcorpus).map(\.documentID), seed: seed)
        let existing = try subcorpora()
        var stored = true
        for (name, definition) in [(halves.names.first, halves.definitions.first), (halves.names.second, halves.definitions.second)] {
            guard let found = existing.first(where: { $0.name == name }) else { stored = false; continue }
            guard found.definition == definition else {
                throw FirthError.invalidParameters("subcorpus '\(name)' exists with other documents than the random half it names; drop it (\(step: Step("subcorpus", "drop", name))) to draw it again")
            }
        }
        return (halves, stored)
    }

    /// Stores the halves that are missing (the caller holds the writer).
    public func defineRandomHalves(_ halves: RandomHalves) throws {
        let existing = Set(try subcorpora().map(\.name))
        for (name, definition) in [(halves.names.first, halves.definitions.first), (halves.names.second, halves.definitions.second)]
        where !existing.contains(name) {
            try defineSubcorpus(named: name, definition)
        }
    }
}
