import Foundation

/// A one-line progress display on standard error, for long work (ingest, count, SVD).
///
/// It draws only when standard error is a terminal and the user did not ask for quiet, so a
/// piped or scripted run stays clean; redraws are throttled to five a second.
///
/// ```swift
/// let progress = Progress(label: "ingest", enabled: !quiet)
/// progress.update("12 documents, 310,000 tokens")
/// progress.finish()
/// ```
public final class Progress: @unchecked Sendable {
    private let label: String
    private let enabled: Bool
    private var lastDraw = Date.distantPast
    private var drawn = false
    private let lock = NSLock()

    /// - Parameters:
    ///   - label: the stage's name, printed before each line.
    ///   - enabled: false for `--quiet`; a non-terminal standard error disables it too.
    public init(label: String, enabled: Bool = true) {
        self.label = label
        self.enabled = enabled && isatty(STDERR_FILENO) == 1
    }

    /// A progress that never draws (libraries and tests).
    public static let silent = Progress(label: "", enabled: false)

    public func update(_ message: @autoclosure () -> String, force: Bool = false) {
        guard enabled else { return }
        lock.lock(); defer { lock.unlock() }
        let now = Date()
        guard force || now.timeIntervalSince(lastDraw) >= 0.2 else { return }
        lastDraw = now
        drawn = true
        FileHandle.standardError.write(Data("\r\u{1B}[K\(label): \(message())".utf8))
    }

    /// Clears the progress line so the next message starts on a clean line.
    public func finish() {
        guard enabled, drawn else { return }
        lock.lock(); defer { lock.unlock() }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        drawn = false
    }
}

/// Formats an integer with thousands separators, for messages people read ("2,345,678").
func grouped(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var out = ""
    for (i, c) in digits.enumerated() {
        if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
        out.append(c)
    }
    return value < 0 ? "-" + out : out
}
