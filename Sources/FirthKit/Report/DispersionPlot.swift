import Foundation

/// A dispersion plot, as AntConc draws one: a bar per document, a tick where the word occurs.
///
/// Each bar is the document from its first token (left) to its last (right); a tick marks each
/// occurrence at its relative place. Ticks closer than a pixel are drawn once, so a word seen
/// 100,000 times makes no larger a picture than the width allows. A bar's `<title>` says the
/// document, its length, and the occurrences.
public struct DispersionPlot: Sendable, Equatable {
    /// One document: its label, its length in tokens, and the offsets (0-based) of the word in it.
    public struct Row: Sendable, Equatable {
        public var label: String
        public var tokens: Int
        public var offsets: [Int]
        public init(label: String, tokens: Int, offsets: [Int]) { self.label = label; self.tokens = tokens; self.offsets = offsets }
    }

    public var word: String
    public var rows: [Row]
    /// Width of each bar in pixels: the resolution of the ticks.
    public var barWidth = 480

    public init(word: String, rows: [Row]) {
        self.word = word
        self.rows = rows
    }

    /// The pixel columns (0..<barWidth) a row's ticks fall in, each once, left to right.
    func ticks(_ row: Row) -> [Int] {
        guard row.tokens > 0 else { return [] }
        return Array(Set(row.offsets.map { min(barWidth - 1, $0 * barWidth / row.tokens) })).sorted()
    }

    public func svg() -> String {
        let labelWidth = 180, rowHeight = 16, top = 22
        let width = labelWidth + barWidth + 70, height = top + rows.count * rowHeight + 8
        let total = rows.reduce(0) { $0 + $1.offsets.count }
        let title = "dispersion of '\(word)': \(HTML.grouped(total)) occurrences in \(rows.filter { !$0.offsets.isEmpty }.count) of \(rows.count) documents"
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart dispersion\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" role=\"img\" aria-label=\"\(HTML.escape(title))\">\n"
        s += "<title>\(HTML.escape(title))</title>\n"
        s += "<text class=\"axis-title\" x=\"\(labelWidth)\" y=\"14\">\(HTML.escape(word)): each tick one occurrence, at its place in the document</text>\n"
        for (i, row) in rows.enumerated() {
            let y = top + i * rowHeight
            s += "<g class=\"document\"><title>\(HTML.escape("\(row.label): \(HTML.grouped(row.offsets.count)) of \(HTML.grouped(row.tokens)) tokens"))</title>"
            s += "<text class=\"label\" x=\"\(labelWidth - 6)\" y=\"\(y + 11)\" text-anchor=\"end\">\(HTML.escape(Self.shortened(row.label)))</text>"
            s += "<rect class=\"frame\" x=\"\(labelWidth)\" y=\"\(y + 2)\" width=\"\(barWidth)\" height=\"\(rowHeight - 4)\"/>"
            for x in ticks(row) {
                s += "<line class=\"tick-mark\" x1=\"\(labelWidth + x)\" x2=\"\(labelWidth + x)\" y1=\"\(y + 2)\" y2=\"\(y + rowHeight - 2)\" stroke=\"#1b1b1b\"/>"
            }
            s += "<text class=\"tick\" x=\"\(labelWidth + barWidth + 6)\" y=\"\(y + 11)\">\(HTML.grouped(row.offsets.count))</text></g>\n"
        }
        return s + "</svg>"
    }

    /// The file name of a source path, at most 28 characters.
    static func shortened(_ label: String) -> String {
        let name = label.split(separator: "/").last.map(String.init) ?? label
        return name.count <= 28 ? name : String(name.prefix(27)) + "…"
    }
}
