import Foundation

/// The pages of `firth serve`, compiled into Firth from `Sources/FirthAssets/web`.
///
/// Embedded at build time by the `EmbedFiles` plugin, byte for byte, so an installed `firth`
/// serves its explorer with nothing beside it and nothing fetched from the internet.
///
/// ```swift
/// if let page = FirthAssets.file(named: "index.html") { print(page.contentType, page.data.count) }
/// ```
public enum FirthAssets {
    /// One embedded file: its name in `web/`, its bytes and the Content-Type to serve it with.
    public struct File: Sendable, Equatable {
        public let name: String
        public let data: Data
        public var contentType: String {
            switch (name as NSString).pathExtension {
            case "html": return "text/html; charset=utf-8"
            case "css": return "text/css; charset=utf-8"
            case "js": return "text/javascript; charset=utf-8"
            default: return "application/octet-stream"
            }
        }
    }

    /// The names of the embedded files, in name order.
    public static var names: [String] { embeddedFiles.map(\.name) }

    /// The file called `name`, or nil.
    public static func file(named name: String) -> File? {
        // The plugin wrote the base64 itself, so decoding cannot fail.
        embeddedFiles.first { $0.name == name }.map { File(name: $0.name, data: Data(base64Encoded: $0.base64)!) }
    }
}
