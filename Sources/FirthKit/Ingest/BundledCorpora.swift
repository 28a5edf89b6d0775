import Foundation
import FirthCorpora

/// The corpora compiled into Firth, and the names by which commands refer to them.
///
/// `bundled:tutorial` is the tutorial corpus (`Corpora/tutorial/*.txt`, the two banks of
/// Ashford) and `bundled:senses` the labelled sense file (`Corpora/senses/benchmark-senses.tsv`).
/// Their files keep their names under the reference (`bundled:tutorial/boats.txt`), which is how
/// they are stored as document sources and named in messages.
///
/// ```swift
/// let files = try BundledCorpora.files(named: "bundled:tutorial")!
/// try Ingester(store: store).ingest(files: files, collection: "tutorial")
/// ```
public enum BundledCorpora {
    /// What a reference to a bundled collection starts with.
    public static let prefix = "bundled:"

    /// The bundled collections' names (`tutorial`, `senses`).
    public static var collections: [String] { FirthCorpora.collections }

    /// The tutorial corpus, as `firth demo` ingests it.
    public static var tutorial: [Ingester.InMemoryFile] { files(in: "tutorial") }

    /// Whether `name` refers to a bundled collection rather than a file (`./bundled:x` is a file).
    public static func isReference(_ name: String) -> Bool { name.hasPrefix(prefix) }

    /// The files of the collection `reference` names (`bundled:senses`), or nil when `reference`
    /// is not a bundled reference at all.
    ///
    /// - Throws: ``FirthError/badInput(location:reason:)`` for a collection that is not bundled.
    public static func files(named reference: String) throws -> [Ingester.InMemoryFile]? {
        guard isReference(reference) else { return nil }
        let collection = String(reference.dropFirst(prefix.count))
        let files = files(in: collection)
        guard !files.isEmpty else {
            throw FirthError.badInput(location: reference, reason: "no such bundled collection; the bundled ones are "
                + collections.map { prefix + $0 }.joined(separator: ", "))
        }
        return files
    }

    static func files(in collection: String) -> [Ingester.InMemoryFile] {
        FirthCorpora.files(in: collection).map { .init(name: "\(prefix)\(collection)/\($0.name)", data: $0.data) }
    }
}
