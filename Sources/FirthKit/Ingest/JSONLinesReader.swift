import Foundation

/// Reads JSON Lines: one JSON object per line, one document per object.
///
/// The field named `textField` is the document's text; the other fields become its metadata.
/// A line that is not an object, or has no such string field, is reported with its line number
/// and skipped; blank lines are ignored.
struct JSONLinesReader {
    var textField: String

    func read(_ text: String, source: String, _ body: (InputRecord) -> Void) {
        var lineNumber = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.allSatisfy(\.isWhitespace) { continue }
            let location = "\(source):\(lineNumber)"
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                body(.malformed(.badInput(location: location, reason: "not a JSON object; the line was skipped")))
                continue
            }
            guard let text = object[textField] as? String else {
                let fields = object.keys.sorted().joined(separator: ", ")
                body(.malformed(.invalidParameters("\(location): no string field '\(textField)' (fields: \(fields)); choose one with \(parameter: "textField")")))
                continue
            }
            var metadata = object
            metadata.removeValue(forKey: textField)
            body(.document(text: TextDecoding.normalizeLineEnds(text), source: location, metadata: InputRecord.json(metadata)))
        }
    }
}
