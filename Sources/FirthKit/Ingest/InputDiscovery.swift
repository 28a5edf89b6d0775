import Foundation

/// Finds the files an ingest reads and decides how each is read.
enum InputDiscovery {
    /// The files below `folder`, recursively, in name order, hidden ones skipped.
    static func walk(folder: String, include: String) -> [String] {
        let base = URL(fileURLWithPath: folder)
        guard let enumerator = FileManager.default.enumerator(
            at: base, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles]) else { return [] }
        var files: [String] = []
        for case let url as URL in enumerator {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true,
                  fnmatch(include, url.lastPathComponent, 0) == 0 else { continue }
            files.append(url.path)
        }
        return files.sorted()
    }

    /// The collection a path's documents are filed under by default: its name without extension.
    static func collectionName(_ path: String) -> String {
        if path == "-" { return "stdin" }
        let url = URL(fileURLWithPath: path).standardizedFileURL
        return url.deletingPathExtension().lastPathComponent
    }

    /// How `file` is read: as `format` says, or for `.auto` by its extension.
    static func format(of file: String, _ format: Ingester.Options.InputFormat) -> Ingester.Options.InputFormat {
        guard format == .auto else { return format }
        switch URL(fileURLWithPath: file).pathExtension.lowercased() {
        case "jsonl", "ndjson": return .jsonl
        case "csv": return .csv
        default: return .text
        }
    }
}
