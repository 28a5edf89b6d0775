import Foundation
import PackagePlugin

/// Compiles files of the package into a Swift source file of the target it is applied to.
///
/// Why a plugin and not SwiftPM resources: a resource bundle must sit beside the binary, and an
/// installed or copied `firth` dies when `Bundle.module` cannot find it. Embedding the files at
/// build time keeps them the one source of truth (edit them, rebuild, and the binary follows)
/// while the binary needs nothing beside it. One plugin and one tool (`embed-files`) serve
/// every target; ``plan(for:in:)`` says what each one embeds.
@main
struct EmbedFiles: BuildToolPlugin {
    /// What a target embeds: the files of some folders, as one of `embed-files`' layouts.
    struct Plan {
        /// The `embed-files` layout: which type the generated file extends, and how.
        var layout: String
        /// What the files are, for the build log.
        var what: String
        /// Each folder with its collection's name ("" where the target has one) and the
        /// extensions of the files taken from it.
        var folders: [(collection: String, folder: URL, extensions: Set<String>)]
    }

    /// The files each target embeds.
    /// - FirthMigrations: the schema, `Migrations/*.sql`.
    /// - FirthCorpora: the bundled texts, `Corpora/tutorial/*.txt` and `Corpora/senses/*.tsv`, so
    ///   `firth demo` and `firth evaluate --senses bundled:senses` run from any folder (the other
    ///   collections of `Corpora/`, 0.8 MB of inaugural addresses, no command needs).
    /// - FirthAssets: the explorer's pages, `Sources/FirthAssets/web/*` (HTML, CSS, JavaScript),
    ///   plain files with no build step: what is in `web/` is what the browser gets.
    /// - FirthKit: the Spark driver `spark/firth_count.py` that `count --engine spark` hands to
    ///   spark-submit, so the installed tool carries it and the repository holds one copy.
    static func plan(for target: SourceModuleTarget, in package: Package) -> Plan? {
        let corpora = package.directoryURL.appending(path: "Corpora")
        switch target.name {
        case "FirthMigrations":
            return Plan(layout: "migrations", what: "SQL migrations", folders: [("", target.directoryURL, ["sql"])])
        case "FirthCorpora":
            return Plan(layout: "corpora", what: "bundled corpus files",
                        folders: [("tutorial", corpora.appending(path: "tutorial"), ["txt"]),
                                  ("senses", corpora.appending(path: "senses"), ["tsv"])])
        case "FirthAssets":
            return Plan(layout: "assets", what: "explorer files",
                        folders: [("", target.directoryURL.appending(path: "web"), ["html", "css", "js"])])
        case "FirthKit":
            return Plan(layout: "spark", what: "Spark driver",
                        folders: [("", package.directoryURL.appending(path: "spark"), ["py"])])
        default:
            return nil
        }
    }

    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let target = target as? SourceModuleTarget else { return [] }
        guard let plan = Self.plan(for: target, in: context.package) else {
            throw PluginError("EmbedFiles does not know what to embed in \(target.name); add it to EmbedFiles.plan")
        }
        var arguments: [String] = []
        var inputs: [URL] = []
        for source in plan.folders {
            let files = try FileManager.default
                .contentsOfDirectory(at: source.folder, includingPropertiesForKeys: nil)
                .filter { source.extensions.contains($0.pathExtension) && !$0.lastPathComponent.hasPrefix(".") }
                .sorted { $0.lastPathComponent < $1.lastPathComponent }
            arguments += files.map { "\(source.collection)=\($0.path)" }
            inputs += files
        }
        let output = context.pluginWorkDirectoryURL.appending(path: "Embedded\(target.name).swift")
        return [
            .buildCommand(
                displayName: "Embedding \(inputs.count) \(plan.what) into \(target.name)",
                executable: try context.tool(named: "embed-files").url,
                arguments: [output.path, plan.layout] + arguments,
                inputFiles: inputs,
                outputFiles: [output]),
        ]
    }
}

/// A plugin's error, shown by SwiftPM as its message.
struct PluginError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
