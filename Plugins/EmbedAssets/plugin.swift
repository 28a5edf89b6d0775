import Foundation
import PackagePlugin

/// Compiles the explorer's pages (`Sources/FirthAssets/web/*`: HTML, CSS, JavaScript) into a
/// Swift source file of the target it is applied to.
///
/// The same reason as ``EmbedSQL``: `firth serve` must work from an installed binary with
/// nothing beside it, while the files in `web/` stay the one source of truth (edit them,
/// rebuild, and the binary follows). Plain files, no build step: what is in `web/` is what the
/// browser gets.
@main
struct EmbedAssets: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let target = target as? SourceModuleTarget else { return [] }
        let folder = target.directoryURL.appending(path: "web")
        let files = try FileManager.default
            .contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { ["html", "css", "js"].contains($0.pathExtension) && !$0.lastPathComponent.hasPrefix(".") }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedAssets.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(files.count) explorer files into \(target.name)",
                executable: try context.tool(named: "embed-assets").url,
                arguments: [output.path] + files.map(\.path),
                inputFiles: files,
                outputFiles: [output]),
        ]
    }
}
