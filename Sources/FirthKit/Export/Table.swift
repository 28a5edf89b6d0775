import Foundation

/// A small result table, printed for people or written for scripts.
///
/// Every listing command (`vocab`, `collocates`, `neighbors`, …) builds one of these and lets
/// ``render(_:)`` choose the form: an aligned text table for a terminal, or JSON, CSV (RFC 4180,
/// through CSV.swift) or TSV for scripts. Numbers keep full precision outside the human form.
///
/// ```swift
/// var table = Table(columns: ["word", "count"])
/// table.append([.text("river"), .integer(42)])
/// print(table.render(.csv))   // word,count\nriver,42\n
/// ```
public struct Table: Sendable, Equatable {
    /// How a table is printed: `--format table|json|csv|tsv`.
    public enum Format: String, Sendable, CaseIterable {
        case table, json, csv, tsv
    }

    /// One cell: text, an integer, or a real number shown with `digits` decimals to people.
    public enum Cell: Sendable, Equatable {
        case text(String)
        case integer(Int)
        case real(Double, digits: Int)
        case empty

        public static func real(_ value: Double) -> Cell { .real(value, digits: 3) }

        var plain: String {
            switch self {
            case let .text(s): return s
            case let .integer(i): return String(i)
            case let .real(d, _): return d.isFinite ? "\(d)" : (d.isNaN ? "nan" : (d > 0 ? "inf" : "-inf"))
            case .empty: return ""
            }
        }

        var human: String {
            switch self {
            case let .integer(i): return grouped(i)
            case let .real(d, digits): return d.isFinite ? String(format: "%.\(digits)f", d) : plain
            case .empty: return "-"
            default: return plain
            }
        }

        var isNumber: Bool {
            switch self {
            case .integer, .real: return true
            default: return false
            }
        }
    }

    public var columns: [String]
    public var rows: [[Cell]] = []
    /// A line printed above the human table (e.g. the parameters that made it); not in data formats.
    public var title: String?

    public init(columns: [String], title: String? = nil) {
        self.columns = columns
        self.title = title
    }

    public mutating func append(_ row: [Cell]) {
        precondition(row.count == columns.count, "a row of \(row.count) cells in a table of \(columns.count) columns")
        rows.append(row)
    }

    /// The table as text in the chosen format, ending with a newline.
    public func render(_ format: Format) -> String {
        switch format {
        case .table: return renderHuman()
        case .json: return renderJSON()
        case .csv: return renderDelimited(.csv)
        case .tsv: return renderDelimited(.tsv)
        }
    }

    // MARK: - Formats

    private func renderHuman() -> String {
        var widths = columns.map(\.count)
        let cells = rows.map { $0.map(\.human) }
        for row in cells { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        let numeric = columns.indices.map { i in !rows.isEmpty && rows.allSatisfy { $0[i].isNumber || $0[i] == .empty } }
        func line(_ values: [String]) -> String {
            values.enumerated().map { i, value in
                let pad = String(repeating: " ", count: widths[i] - value.count)
                return numeric[i] ? pad + value : value + pad
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        var out = title.map { $0 + "\n" } ?? ""
        out += line(columns) + "\n"
        out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
        for row in cells { out += line(row) + "\n" }
        if rows.isEmpty { out += "(no rows)\n" }
        return out
    }

    /// CSV and TSV go through ``DelimitedWriter``, the writer `firth export` streams with, so a
    /// listing and an export quote and escape the same way.
    private func renderDelimited(_ dialect: DelimitedWriter.Dialect) -> String {
        let out = StreamWriter.inMemory()
        let writer = try! DelimitedWriter(stream: out, dialect: dialect)
        try! writer.write(columns)
        for row in rows { try! writer.write(row.map(\.plain)) }
        return String(decoding: out.data, as: UTF8.self)
    }

    /// TSV has no quoting: a tab, newline or backslash inside a field is written as `\t`, `\n`, `\\`.
    static func escapeTSV(_ field: String) -> String {
        guard field.contains(where: { $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\\" }) else { return field }
        return field.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\t", with: "\\t")
            .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r")
    }

    private func renderJSON() -> String {
        let objects = rows.map { row in
            "{" + zip(columns, row).map { name, cell in Self.jsonString(name) + ": " + Self.jsonValue(cell) }.joined(separator: ", ") + "}"
        }
        return "[\n" + objects.map { "  " + $0 }.joined(separator: ",\n") + (objects.isEmpty ? "]\n" : "\n]\n")
    }

    static func jsonValue(_ cell: Cell) -> String {
        switch cell {
        case let .text(s): return jsonString(s)
        case let .integer(i): return String(i)
        case let .real(d, _): return d.isFinite ? "\(d)" : "null"
        case .empty: return "null"
        }
    }

    /// `s` as a JSON string, escaped as `JSONEncoder` (with `.withoutEscapingSlashes`) escapes
    /// it: `"` and the backslash, the control characters (as `\n`, `\t`… or `\u00XX`), nothing else.
    ///
    /// Written out rather than asking `JSONEncoder` (one encoder call per cell), which took
    /// half of `firth serve`'s CPU time for nearest-word answers of a few hundred rows.
    static func jsonString(_ s: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(s.utf8.count + 2)
        bytes.append(UInt8(ascii: "\""))
        let hex = Array("0123456789abcdef".utf8)
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\")); bytes.append(byte)
            case 0x0A: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "n"))
            case 0x0D: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "r"))
            case 0x09: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "t"))
            case 0x08: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "b"))
            case 0x0C: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "f"))
            case 0x00..<0x20:
                bytes.append(contentsOf: Array("\\u00".utf8))
                bytes.append(hex[Int(byte >> 4)]); bytes.append(hex[Int(byte & 0x0F)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
        return String(decoding: bytes, as: UTF8.self)
    }
}
