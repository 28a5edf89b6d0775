import Foundation

/// The Python driver `spark-submit` runs: the repository's `spark/firth_count.py`, compiled in
/// by the `EmbedFiles` plugin, byte for byte, so an installed `firth` needs no file beside it.
///
/// It reads a manifest of jobs, registers the staged files as views, runs the Spark SQL that
/// ``CountPlan`` rendered and writes the outputs; it knows nothing about counting itself.
enum SparkDriver {
    static let fileName = "firth_count.py"

    /// The driver's bytes, as in `spark/firth_count.py`.
    static var data: Data {
        // The plugin wrote the base64 itself, so decoding cannot fail; the file is there, or
        // the package does not build.
        Data(base64Encoded: embeddedFiles.first { $0.name == fileName }!.base64)!
    }
}
