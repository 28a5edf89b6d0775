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
/// try rows.write(["a,b"], numbers: ["2"])
/// out.data                     // word,count\r\n"a,b",2\r\n
/// ```
public final class DelimitedWriter {
    /// The two text-table formats of `firth export`.
    public enum Dialect: String, Sendable, CaseIterable {
        case csv, tsv
    }

    public let stream: StreamWriter
    public let dialect: Dialect
    /// Rows written so far, the header included.
    public private(set) var rowCount = 0

    public init(stream: StreamWriter, dialect: Dialect) throws {
        self.stream = stream
        self.dialect = dialect
    }

    /// Writes one row: `fields`, quoted or escaped as needed, then `numbers` as they are.
    ///
    /// A CSV row whose fields hold no comma, quote or line break is written as it is, which is
    /// what CSVWriter writes for it; a row with any such field is written by a CSVWriter, which
    /// decides the quoting. The shortcut matters: CSVWriter searches each field five times and
    /// writes byte by byte, and with every field through it the 3.3-million-row PPMI export of
    /// the benchmark corpus took 23.6 s of CPU instead of 5.4 s (same bytes). Numbers
    /// (from ``ExactNumber``: digits, `.`, `-`, `+`, `e`, `inf`, `nan`, or empty) never need
    /// quotes or escapes; they come after the text fields, as in every export row.
    ///
    /// - Precondition: each of `numbers` is a number's text (checked in debug builds).
    public func write<Numbers: Sequence<String>>(_ fields: [String], numbers: Numbers) throws {
        rowCount += 1
        let separator = UInt8(ascii: dialect == .csv ? "," : "\t")
        switch dialect {
        case .csv where !fields.allSatisfy(Self.needsNoQuotes):
            // A fresh writer: CSVWriter puts a line break before every row but its first.
            try CSVWriter(stream: stream, newline: .crlf).write(row: fields)
        case .csv, .tsv:
            for (i, field) in fields.enumerated() {
                if i > 0 { stream.append(separator) }
                stream.write(dialect == .csv ? field : Table.escapeTSV(field))
            }
        }
        for number in numbers {
            assert(number.utf8.allSatisfy { Self.numberBytes.contains($0) }, "'\(number)' is not a number's text")
            stream.append(separator)
            stream.write(number)
        }
        stream.write(dialect == .csv ? "\r\n" : "\n")
    }

    /// Writes one row of text fields.
    public func write(_ fields: [String]) throws {
        try write(fields, numbers: EmptyCollection())
    }

    /// No comma, double quote, CR or LF: the fields RFC 4180 (and CSVWriter) leave unquoted.
    static func needsNoQuotes(_ field: String) -> Bool {
        !field.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 13 || $0 == 10 }
    }

    private static let numberBytes = Set("0123456789.-+eEinfa".utf8)
}
