import Foundation

/// The texts compiled into Firth: the tutorial corpus and the labelled senses of `Corpora/`.
///
/// The files are embedded at build time by the `EmbedFiles` plugin, byte for byte, so an
/// installed `firth` runs `firth demo` and evaluates the bundled senses from any folder.
/// `Corpora/tutorial/*.txt` and `Corpora/senses/*.tsv` stay the source of truth.
///
/// ```swift
/// for file in FirthCorpora.files(in: "tutorial") { print(file.name, file.data.count) }
/// ```
public enum FirthCorpora {
    /// One bundled file: the collection (folder of `Corpora/`) it belongs to, its file name, its bytes.
    public struct File: Sendable, Equatable {
        public let collection: String
        public let name: String
        public let data: Data
    }

    /// An entry of the generated table.
    struct EmbeddedFile {
        let collection: String
        let name: String
        let base64: String
    }

    /// The names of the bundled collections, in build order (`tutorial`, `senses`).
    public static var collections: [String] {
        embeddedFiles.map(\.collection).reduce(into: []) { names, name in if !names.contains(name) { names.append(name) } }
    }

    /// The files of one collection, in file-name order; empty for a name that is not bundled.
    public static func files(in collection: String) -> [File] {
        embeddedFiles.filter { $0.collection == collection }.map { entry in
            // The plugin wrote the base64 itself, so decoding cannot fail.
            File(collection: entry.collection, name: entry.name, data: Data(base64Encoded: entry.base64)!)
        }
    }
}
