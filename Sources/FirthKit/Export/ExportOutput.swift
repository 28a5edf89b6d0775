import Foundation

/// The files of one export: the one named by `--out`, and for the projector its metadata file.
///
/// Everything is checked and opened before the first byte is written — an existing file without
/// `force`, `-` for a format that needs two files — and written under temporary names until
/// ``commit()``, so a failed export leaves no file behind and never a half-written one.
///
/// ```swift
/// let output = try ExportOutput(path: "vectors.tsv", format: .projector, force: false)
/// output.paths   // ["vectors.tsv", "vectors.metadata.tsv"]
/// ```
public final class ExportOutput {
    /// The file `--out` names (or standard output).
    public let main: StreamWriter
    /// The projector's metadata file; nil for every other format.
    public let metadata: StreamWriter?
    public let format: ExportFormat

    /// - Throws: ``FirthError/outputExists(path:)`` when a file exists and `force` is false;
    ///   ``FirthError/invalidParameters(_:)`` for `-` with the projector format.
    public init(path: String, format: ExportFormat, force: Bool) throws {
        self.format = format
        if format == .projector {
            guard path != "-" else {
                throw FirthError.invalidParameters("the projector format writes two files (vectors and metadata); give \(parameter: "out") FILE.tsv, not -")
            }
            let metadataPath = ProjectorWriter.metadataPath(forVectorsAt: path)
            // Check both before creating either, so a refusal leaves nothing behind.
            for file in [path, metadataPath] { _ = try StreamWriter.checkTarget(file, force: force) }
            main = try StreamWriter(path: path, force: force)
            metadata = try StreamWriter(path: metadataPath, force: force)
        } else {
            main = try StreamWriter(path: path, force: force)
            metadata = nil
        }
    }

    /// The paths written, the metadata file last.
    public var paths: [String] { [main.path] + (metadata.map { [$0.path] } ?? []) }

    /// Finishes every file and moves it into place.
    public func commit() throws {
        try main.commit()
        try metadata?.commit()
    }

    /// Abandons the export: temporary files are removed.
    public func discard() {
        main.discard()
        metadata?.discard()
    }
}
