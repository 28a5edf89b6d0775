import Foundation

extension Encodable {
    /// The value as canonical JSON: keys sorted, no whitespace.
    ///
    /// Every derived table records the knobs that made it in this form, so that two sets of
    /// knobs are the same exactly when their strings are (which is how a count or an embedding
    /// with identical parameters is found and reused), and a user can read them with `sqlite3`.
    ///
    /// ```swift
    /// SkipGramParameters().canonicalJSON   // {"dimensions":300,"epochs":15,...}
    /// ```
    var canonicalJSON: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Encoding plain structs of numbers, strings and arrays cannot fail.
        return String(decoding: try! encoder.encode(self), as: UTF8.self)
    }
}
