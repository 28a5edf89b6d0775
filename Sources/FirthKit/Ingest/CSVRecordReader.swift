import Foundation
import CSV

/// Reads CSV with a header row: one document per record.
///
/// The column named `textColumn` is the document's text; the other columns become its metadata.
struct CSVRecordReader {
    var textColumn: String

    func read(_ text: String, source: String, _ body: (InputRecord) -> Void) {
        let reader: CSVReader
        do {
            reader = try CSVReader(string: text, hasHeaderRow: true)
        } catch {
            body(.malformed("\(source): cannot read a CSV header row (\(error))"))
            return
        }
        let header = reader.headerRow ?? []
        guard let textIndex = header.firstIndex(of: textColumn) else {
            body(.malformed("\(source): no column '\(textColumn)' in the header (\(header.joined(separator: ", "))); choose one with --text-column"))
            return
        }
        var record = 0
        while let row = reader.next() {
            record += 1
            let location = "\(source):record \(record)"
            guard row.count == header.count else {
                body(.malformed("\(location): \(row.count) fields where the header has \(header.count); the record was skipped"))
                continue
            }
            var metadata: [String: Any] = [:]
            for (i, name) in header.enumerated() where i != textIndex { metadata[name] = row[i] }
            body(.document(text: row[textIndex], source: location, metadata: InputRecord.json(metadata)))
        }
        if let error = reader.error { body(.malformed("\(source): CSV stopped after record \(record): \(error)")) }
    }
}
