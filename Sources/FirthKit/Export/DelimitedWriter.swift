import Foundation
import CSV

/// Writes rows of fields as CSV (RFC 4180, through CSV.swift) or TSV, straight to a stream.
///
/// CSV quotes a field that holds a comma, a double quote or a line break, and doubles the
/// quotes inside it; that is CSV.swift's `CSVWriter`, so no quoting is hand-rolled here. Lines
/// end in CRLF, as RFC 4180 and `--format csv` of the listing commands have it. TSV has no
/// quoting, so a tab, line break or backslash inside a field is written as `\t`, `\n`, `\r`
/// or `\\` (the convention of PostgreSQL's text COPY and of ``Table``).
///
/// ```swift
/// let out = StreamWriter.inMemory()
/// let rows = try DelimitedWriter(stream: out, dialect: .csv)
/// try rows.write(["word", "count"])
/// try rows.write(["a,b", "2"])
/// try rows.finish()            // word,count\r\n"a,b",2\r\n
/// ```
public final class DelimitedWriter {
    /// The two text-table formats of `firth export`.
    public enum Dialect: String, Sendable, CaseIterable {
        case csv, tsv
    }

    public let stream: StreamWriter
    public let dialect: Dialect
    private let csv: CSVWriter?
    /// Rows written so far, the header included.
    public private(set) var rowCount = 0

    public init(stream: StreamWriter, dialect: Dialect) throws {
        self.stream = stream
        self.dialect = dialect
        csv = dialect == .csv ? try CSVWriter(stream: stream, newline: .crlf) : nil
    }

    /// Writes one row.
    public func write(_ fields: [String]) throws {
        rowCount += 1
        if let csv {
            try csv.write(row: fields)
        } else {
            for (i, field) in fields.enumerated() {
                if i > 0 { stream.append(UInt8(ascii: "\t")) }
                stream.write(Table.escapeTSV(field))
            }
            stream.append(UInt8(ascii: "\n"))
        }
    }

    /// Ends the last line. CSVWriter writes each line break before the next row, so the last
    /// row's comes from here.
    public func finish() throws {
        if csv != nil && rowCount > 0 { stream.write("\r\n") }
    }
}
