import Foundation

/// One document read from an input, or why a part of the input could not be read.
enum InputRecord {
    /// A document's text, where it came from (`file`, `file:line`) and its other fields as JSON.
    case document(text: String, source: String, metadata: String?)
    /// A record that was skipped, with the error naming where it is and why.
    case malformed(FirthError)

    /// The fields of a record other than its text, as canonical JSON (nil when there are none).
    static func json(_ object: [String: Any]) -> String? {
        guard !object.isEmpty,
              let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
