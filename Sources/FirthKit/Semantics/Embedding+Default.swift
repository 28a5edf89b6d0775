import Foundation

extension Embedding {
    /// The embedding the query commands use when none is named: the most recent one made from
    /// the default count table.
    ///
    /// The default table is the most recent one of the whole corpus (what a command without a
    /// table name counts on, see ``CorpusStore/cooccurrenceTable(named:)``). An embedding made
    /// from another table on purpose — the SVD of a named table (`firth embed --space NAME`) or
    /// of a subcorpus's counts, or a combination with such a part — is used only by name, so
    /// making one never changes what the other queries answer. Skip-gram, imported and combined
    /// vectors of the default space qualify; a part of a newer combination gives way to it (a
    /// combined `firth embed` makes its parts first, and queries use the combination).
    ///
    /// When no embedding qualifies (every one was made from another table, or from one counted
    /// again since), the most recent one not made from a subcorpus's counts is used.
    ///
    /// - Parameters:
    ///   - all: every stored embedding, oldest first (``CorpusStore/embeddings()``).
    ///   - tables: every stored count table, oldest first (``CorpusStore/cooccurrenceTables()``).
    public static func defaultChoice(among all: [Embedding], tables: [CooccurrenceTable]) -> Embedding? {
        let ofSubcorpora = Set(tables.filter { $0.parameters.subcorpus != nil }.map(\.id))
        let defaultTable = tables.last(where: { $0.parameters.subcorpus == nil })?.id
        let byName = Dictionary(all.map { ($0.name, $0) }, uniquingKeysWith: { $1 })
        let position = Dictionary(all.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { $1 })

        func ofDefaultSpace(_ embedding: Embedding, visited: Set<String>) -> Bool {
            switch embedding.source {
            case .svd: return embedding.tableID != nil && embedding.tableID == defaultTable
            case .sgns: return embedding.source.skipGram?.subcorpus == nil
            case .imported: return true
            case let .combined(combination):
                // A part that is gone, or the combination itself (a name replaced by --force), says nothing.
                return combination.parts.allSatisfy { part in
                    guard !visited.contains(part), let stored = byName[part] else { return true }
                    return ofDefaultSpace(stored, visited: visited.union([part]))
                }
            }
        }
        // The parts of each combination made after them.
        var superseded = Set<String>()
        for (index, embedding) in all.enumerated() {
            for part in embedding.combination?.parts ?? [] where (position[part] ?? .max) < index {
                superseded.insert(part)
            }
        }
        let chosen = all.last { embedding in
            !superseded.contains(embedding.name) && ofDefaultSpace(embedding, visited: [embedding.name])
        }
        return chosen ?? all.last { !$0.isOfSubcorpus(tables: ofSubcorpora, among: all) }
    }
}
