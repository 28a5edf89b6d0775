import Foundation
import PackagePlugin

/// Compiles every `.sql` file of a target's folder into a Swift source file.
///
/// Why a plugin and not SwiftPM resources: a resource bundle must sit beside the binary,
/// and an installed or copied `firth` dies when `Bundle.module` cannot find it. Embedding
/// the text at build time keeps `Migrations/*.sql` the one source of truth for the schema
/// while the binary needs nothing beside it.
@main
struct EmbedSQL: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let target = target as? SourceModuleTarget else { return [] }
        let sqlFiles = try FileManager.default
            .contentsOfDirectory(at: target.directoryURL, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "sql" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedMigrations.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(sqlFiles.count) SQL migrations into \(target.name)",
                executable: try context.tool(named: "embed-sql").url,
                arguments: [output.path] + sqlFiles.map(\.path),
                inputFiles: sqlFiles,
                outputFiles: [output]),
        ]
    }
}
