import Foundation

/// Reads CSV (RFC 4180) with a header row: one document per record.
///
/// The column named `textColumn` is the document's text; the other columns become its metadata.
/// A record is named by the line it starts on (`file:LINE`). Fields may be quoted, with `""` for
/// a quote and line breaks inside; a quote inside an unquoted field is kept as it is (as
/// Python's `csv` does). A record that cannot be read — a quoted field never closed, text after
/// a closing quote, a different number of fields than the header — is reported with its line
/// and skipped, and reading goes on at the next line: a stray quote never swallows the records
/// after it into one.
struct CSVRecordReader {
    var textColumn: String

    func read(_ text: String, source: String, _ body: (InputRecord) -> Void) {
        var text = text
        text.withUTF8 { bytes in
            var parser = CSVParser(bytes: bytes)
            var header: [String] = []
            while header.isEmpty {
                switch parser.next() {
                case .end:
                    body(.malformed(.badInput(location: source, reason: "has no CSV header row")))
                    return
                case let .malformed(line, reason):
                    body(.malformed(.badInput(location: "\(source):\(line)", reason: "cannot read the CSV header row: \(reason)")))
                    return
                case let .record(fields, _):
                    header = fields
                }
            }
            guard let textIndex = header.firstIndex(of: textColumn) else {
                body(.malformed(.invalidParameters(
                    "\(source): no column '\(textColumn)' in the header (\(header.joined(separator: ", "))); choose one with \(parameter: "textColumn")")))
                return
            }
            while true {
                switch parser.next() {
                case .end:
                    return
                case let .malformed(line, reason):
                    body(.malformed(.badInput(location: "\(source):\(line)", reason: "\(reason); the record was skipped")))
                case let .record(row, line):
                    guard row.count == header.count else {
                        body(.malformed(.badInput(location: "\(source):\(line)",
                                                   reason: "\(row.count) field\(row.count == 1 ? "" : "s") where the header has \(header.count); the record was skipped")))
                        continue
                    }
                    var metadata: [String: Any] = [:]
                    for (i, name) in header.enumerated() where i != textIndex { metadata[name] = row[i] }
                    body(.document(text: row[textIndex], source: "\(source):\(line)", metadata: InputRecord.json(metadata)))
                }
            }
        }
    }
}

/// An RFC 4180 record scanner over UTF-8 bytes with `\n` line ends (``TextDecoding`` normalizes them).
struct CSVParser {
    enum Result: Equatable {
        /// A record's fields and the line it starts on.
        case record([String], line: Int)
        /// A record that cannot be read, the line it starts on and why; the scanner has moved
        /// on to the next line.
        case malformed(line: Int, reason: String)
        case end
    }

    let bytes: UnsafeBufferPointer<UInt8>
    private var i = 0
    private var line = 1

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    private static let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), newline = UInt8(ascii: "\n")

    /// The next record; blank lines are skipped.
    mutating func next() -> Result {
        let n = bytes.count
        while i < n && bytes[i] == Self.newline { i += 1; line += 1 }
        guard i < n else { return .end }
        let (start, startLine) = (i, line)
        var fields: [String] = []
        var field: [UInt8] = []
        while true {
            field.removeAll(keepingCapacity: true)
            if i < n && bytes[i] == Self.quote {
                let quoteLine = line
                i += 1
                while true {
                    guard i < n else {
                        return skip(from: start, line: startLine, reason: "field \(fields.count + 1) opens a quote on line \(quoteLine) that is never closed")
                    }
                    let byte = bytes[i]
                    if byte == Self.quote {
                        if i + 1 < n && bytes[i + 1] == Self.quote { field.append(Self.quote); i += 2; continue }
                        i += 1
                        break
                    }
                    if byte == Self.newline { line += 1 }
                    field.append(byte)
                    i += 1
                }
                if i < n && bytes[i] != Self.comma && bytes[i] != Self.newline {
                    return skip(from: start, line: startLine, reason: "field \(fields.count + 1) has text after its closing quote (line \(line)); a quote inside a quoted field is written \"\"")
                }
            } else {
                while i < n && bytes[i] != Self.comma && bytes[i] != Self.newline { field.append(bytes[i]); i += 1 }
            }
            fields.append(String(decoding: field, as: UTF8.self))
            if i >= n { return .record(fields, line: startLine) }
            if bytes[i] == Self.comma { i += 1; continue }
            i += 1   // the newline ending the record
            line += 1
            return .record(fields, line: startLine)
        }
    }

    /// Gives up on the record that starts at `start`: reading goes on at the line after its first.
    private mutating func skip(from start: Int, line startLine: Int, reason: String) -> Result {
        i = start
        while i < bytes.count && bytes[i] != Self.newline { i += 1 }
        if i < bytes.count { i += 1 }
        line = startLine + 1
        return .malformed(line: startLine, reason: reason)
    }
}
