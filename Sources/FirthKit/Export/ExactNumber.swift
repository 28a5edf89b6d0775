import Foundation

/// Numbers as text that reads back to exactly the same bits.
///
/// Swift's `description` of a `Float` or `Double` is the shortest decimal that parses back to
/// the same value (the standard library's SwiftDtoa): `0.1` rather than `0.100000001`, and
/// exact, unlike `%.6g`. A trailing `.0` is dropped so that whole
/// counts print as `42`, which still reads back as `42.0`. Non-finite values print as `inf`,
/// `-inf` and `nan`, which `Double(_:)`, `strtod` and Python's `float()` all accept.
///
/// ```swift
/// ExactNumber.text(0.1 as Float)    // "0.1"
/// ExactNumber.text(42.0)            // "42"
/// Double(ExactNumber.text(x))! == x // for every finite x
/// ```
public enum ExactNumber {
    /// The shortest text that parses back to `value` as a `Double`.
    public static func text(_ value: Double) -> String { trimmed(value.description) }

    /// The shortest text that parses back to `value` as a `Float` (float32: embeddings).
    public static func text(_ value: Float) -> String { trimmed(value.description) }

    private static func trimmed(_ text: String) -> String {
        text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }
}
