import Foundation

/// Finds the files an ingest reads and decides how each is read.
enum InputDiscovery {
    /// The files found below a folder, and what was not followed or could not be read.
    struct Walk {
        var files: [String] = []
        /// Loops and files reached twice: worth a warning, nothing is lost.
        var warnings: [String] = []
        /// Broken links and unreadable folders: something named could not be read.
        var errors: [FirthError] = []
    }

    /// The files below `folder`, recursively, in name order, hidden ones skipped.
    ///
    /// Symbolic links are followed, to files and to folders, as `find -L` does; a link back to a
    /// folder that contains it is reported as a loop and not followed again, and a file reached
    /// twice (by two links) is listed once.
    static func walk(folder: String, include: String) -> Walk {
        var walk = Walk()
        var seenFiles: [FileID: String] = [:]
        guard let root = FileID(path: folder) else { return walk }
        func visit(_ path: String, ancestors: [FileID: String]) {
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: path)
            } catch {
                walk.errors.append(.badInput(location: path, reason: "cannot list this folder (permissions?)"))
                return
            }
            for name in names.sorted() where !name.hasPrefix(".") {
                let full = path.hasSuffix("/") ? path + name : path + "/" + name
                var info = stat()
                guard stat(full, &info) == 0 else {
                    let reason = errno == ELOOP ? "a symbolic link in a loop" : "a symbolic link to something that does not exist"
                    let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: full)).map { " ('\($0)')" } ?? ""
                    walk.errors.append(.badInput(location: full, reason: "skipped, it is \(reason)\(target)"))
                    continue
                }
                let id = FileID(info)
                switch info.st_mode & S_IFMT {
                case S_IFDIR:
                    if let ancestor = ancestors[id] {
                        walk.warnings.append("\(full): a symbolic link back to \(ancestor), which contains it; not followed again (a loop)")
                        continue
                    }
                    var inner = ancestors
                    inner[id] = full
                    visit(full, ancestors: inner)
                case S_IFREG:
                    guard fnmatch(include, name, 0) == 0 else { continue }
                    if let first = seenFiles[id] {
                        walk.warnings.append("\(full): the same file as \(first) (a link); read once")
                        continue
                    }
                    seenFiles[id] = full
                    walk.files.append(full)
                default:
                    if fnmatch(include, name, 0) == 0 {
                        walk.warnings.append("\(full): skipped, not a regular file (a device, pipe or socket)")
                    }
                }
            }
        }
        visit(folder, ancestors: [root: folder])
        // Name order over the whole tree, as before links were followed; a file reached by
        // two links keeps the name met first.
        walk.files.sort()
        return walk
    }

    /// Why `path`, which does not exist as a file or folder, cannot be read.
    static func whyMissing(_ path: String) -> String {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFLNK else { return "no such file or folder" }
        if stat(path, &info) != 0 && errno == ELOOP { return "a symbolic link in a loop" }
        let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?"
        return "a symbolic link to '\(target)', which does not exist"
    }

    /// A file's identity: its device and inode, the same through every link to it.
    struct FileID: Hashable {
        var device: UInt64
        var inode: UInt64

        init(_ info: stat) {
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
        }

        init?(path: String) {
            var info = stat()
            guard stat(path, &info) == 0 else { return nil }
            self.init(info)
        }
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
