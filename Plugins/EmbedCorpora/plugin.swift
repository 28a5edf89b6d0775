import Foundation
import PackagePlugin

/// Compiles the bundled texts (`Corpora/tutorial/*.txt`, `Corpora/senses/*.tsv`) into a Swift
/// source file of the target it is applied to.
///
/// The same reason as ``EmbedSQL``: an installed `firth` must run `firth demo` and
/// `firth evaluate --senses bundled:senses` from any folder, with nothing beside it, while the
/// text files in `Corpora/` stay the one source of truth (edit them, rebuild, and the binary
/// follows). The other collections of `Corpora/` (the inaugural addresses, 0.8 MB) are not
/// needed by any command and stay out of the binary.
@main
struct EmbedCorpora: BuildToolPlugin {
    /// The collections compiled in: a folder of `Corpora/` and the extension of its files.
    static let collections = [(folder: "tutorial", extension: "txt"), (folder: "senses", extension: "tsv")]

    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let corpora = context.package.directoryURL.appending(path: "Corpora")
        var arguments: [String] = []
        var inputs: [URL] = []
        for collection in Self.collections {
            let files = try FileManager.default
                .contentsOfDirectory(at: corpora.appending(path: collection.folder), includingPropertiesForKeys: nil)
                .filter { $0.pathExtension == collection.extension && !$0.lastPathComponent.hasPrefix(".") }
                .sorted { $0.lastPathComponent < $1.lastPathComponent }
            arguments += files.map { "\(collection.folder)=\($0.path)" }
            inputs += files
        }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedCorpora.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(inputs.count) bundled corpus files into \(target.name)",
                executable: try context.tool(named: "embed-corpora").url,
                arguments: [output.path] + arguments,
                inputFiles: inputs,
                outputFiles: [output]),
        ]
    }
}
