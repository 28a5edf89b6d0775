import Foundation

/// The one implementation of thousands separators (Support/Progress.swift), under another name
/// here, where `grouped` means ``HTML/grouped(_:)``.
private func groupedDigits(_ value: Int) -> String { grouped(value) }

/// Escaping and number formatting for the report's XHTML-style markup.
///
/// The report is written as well-formed XML (every element closed, every attribute quoted, no
/// named entities but XML's five), so any XML parser can read it and any browser renders it as
/// HTML. Text from the corpus — words, sentences, collection names — goes through
/// ``escape(_:)`` before it reaches the page.
public enum HTML {
    /// `text` with `& < > " '` replaced by entities, safe inside elements and quoted attributes.
    ///
    /// Characters XML forbids (C0 controls other than tab, newline and carriage return) become
    /// U+FFFD, so a stray control character in a word cannot make the file unreadable.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0xFFFE...0xFFFF).contains(scalar.value) {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// A coordinate or length for SVG: at most two decimals, no trailing zeros.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let rounded = (value * 100).rounded() / 100
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        var text = String(format: "%.2f", rounded)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }

    /// An integer with thousands separators: 1234567 → "1,234,567" (the library's ``grouped``).
    static func grouped(_ value: Int) -> String { groupedDigits(value) }

    /// A value the way a cell or tooltip shows it: integers whole, others with `digits` decimals.
    static func value(_ value: Double, digits: Int) -> String {
        if value == value.rounded() && abs(value) < 1e15 && digits == 0 { return grouped(Int(value)) }
        return String(format: "%.\(digits)f", value)
    }

    /// A short tick label: 1, 10, 100, 1k, 10k, 100k, 1M …
    static func compact(_ value: Double) -> String {
        switch value {
        case 1e9...: return HTML.number(value / 1e9) + "G"
        case 1e6...: return HTML.number(value / 1e6) + "M"
        case 1e3...: return HTML.number(value / 1e3) + "k"
        default: return HTML.number(value)
        }
    }

    /// A rough width of `text` in pixels at `fontSize`, for laying out labels without a browser.
    static func textWidth(_ text: String, fontSize: Double) -> Double {
        Double(text.count) * fontSize * 0.6
    }
}
