import Foundation

extension Embedding {
    /// Whether the embedding describes a subcorpus rather than the whole corpus: the SVD of a
    /// subcorpus's count table, skip-gram trained on a subcorpus, or a combination with such a
    /// part. The query commands' default embedding is never one of these.
    ///
    /// - Parameters:
    ///   - tables: the ids of the count tables made from a subcorpus (``CorpusStore/subcorpusTableIDs()``).
    ///   - all: every stored embedding, where a combination's parts are looked up by name.
    public func isOfSubcorpus(tables: Set<Int64>, among all: [Embedding]) -> Bool {
        if let tableID { return tables.contains(tableID) }
        if source.skipGram?.subcorpus != nil { return true }
        guard let combination else { return false }
        return combination.parts.contains { part in
            all.first { $0.name == part && $0.name != name }?.isOfSubcorpus(tables: tables, among: all) ?? false
        }
    }
}
