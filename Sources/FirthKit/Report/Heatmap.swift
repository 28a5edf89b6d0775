import Foundation

/// A matrix drawn as coloured cells: one row and one column per label, a legend, axis titles.
///
/// Each cell is a `<rect class="cell">` with a `<title>` ("river → water: 12"), which browsers
/// show on hover; the value is also printed inside the cell when it fits. Colours come from
/// ``ColorScale/blues``; counts, which span orders of magnitude, can use a logarithmic scale.
///
/// ```swift
/// let chart = Heatmap(rowLabels: ["river", "loan"], columnLabels: ["river", "loan"],
///                     values: [[0, 1], [1, 0]], title: "count", valueName: "count")
/// let svg = chart.svg()
/// ```
public struct Heatmap: Sendable {
    /// How values map to colours.
    public enum Scale: Sendable {
        /// t = value / maximum.
        case linear
        /// t = ln(1 + value) / ln(1 + maximum): for counts, where one pair can dwarf the rest.
        case logarithmic
    }

    public var rowLabels: [String]
    public var columnLabels: [String]
    /// values[row][column]; nil draws a hatched "no value" cell.
    public var values: [[Double?]]
    public var title: String
    /// What a value is ("count", "PPMI", "weight"): used in the legend and tooltips.
    public var valueName: String
    public var rowAxis = "word"
    public var columnAxis = "context word"
    public var scale = Scale.linear
    /// Decimals shown in cells and tooltips.
    public var digits = 2
    public var colors = ColorScale.blues
    /// Cells whose (row, column) is listed get a bold outline (e.g. each row's largest weight).
    public var marked: Set<[Int]> = []
    /// A name unique within the page, for the legend's gradient.
    public var id = "heatmap"

    public init(rowLabels: [String], columnLabels: [String], values: [[Double?]], title: String, valueName: String) {
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.values = values
        self.title = title
        self.valueName = valueName
    }

    let cellSize = 46.0

    var maximum: Double { values.joined().compactMap { $0 }.filter(\.isFinite).max().map { max($0, 0) } ?? 0 }

    /// Where `value` falls on the colour scale, 0…1.
    func position(_ value: Double) -> Double {
        let top = maximum
        guard top > 0, value > 0 else { return 0 }
        switch scale {
        case .linear: return value / top
        case .logarithmic: return log1p(value) / log1p(top)
        }
    }

    func format(_ value: Double) -> String { HTML.value(value, digits: digits) }

    /// The chart as an `<svg>` element with a viewBox, so it scales to its container.
    public func svg() -> String {
        let cell = cellSize, font = 12.0
        let labelWidth = (rowLabels + [rowAxis]).map { HTML.textWidth($0, fontSize: font) }.max() ?? 40
        let columnLabelHeight = columnLabels.map { HTML.textWidth($0, fontSize: font) }.max() ?? 40
        let left = labelWidth + 34, top = columnLabelHeight * 0.75 + 44
        let gridWidth = cell * Double(columnLabels.count), gridHeight = cell * Double(rowLabels.count)
        let legendTop = top + gridHeight + 24
        let width = max(left + gridWidth + 16, 300), height = legendTop + 58
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart heatmap\" id=\"\(HTML.escape(id))\" viewBox=\"0 0 \(HTML.number(width)) \(HTML.number(height))\""
        s += " width=\"\(HTML.number(width))\" role=\"img\" aria-label=\"\(HTML.escape(title))\">\n"
        s += "<title>\(HTML.escape(title))</title>\n"
        // Column labels, slanted so long words fit; the column axis title above them.
        s += "<text class=\"axis-title\" x=\"\(HTML.number(left + gridWidth / 2))\" y=\"14\" text-anchor=\"middle\">\(HTML.escape(columnAxis)) →</text>\n"
        for (j, label) in columnLabels.enumerated() {
            let x = left + cell * (Double(j) + 0.5), y = top - 6
            s += "<text class=\"label\" x=\"\(HTML.number(x))\" y=\"\(HTML.number(y))\" transform=\"rotate(-40 \(HTML.number(x)) \(HTML.number(y)))\">\(HTML.escape(label))</text>\n"
        }
        // Row labels and the row axis title, written upwards along the left edge.
        s += "<text class=\"axis-title\" transform=\"translate(14 \(HTML.number(top + gridHeight / 2))) rotate(-90)\" text-anchor=\"middle\">\(HTML.escape(rowAxis)) →</text>\n"
        for (i, label) in rowLabels.enumerated() {
            s += "<text class=\"label\" x=\"\(HTML.number(left - 6))\" y=\"\(HTML.number(top + cell * (Double(i) + 0.5) + 4))\" text-anchor=\"end\">\(HTML.escape(label))</text>\n"
        }
        for (i, row) in values.enumerated() {
            for (j, value) in row.enumerated() {
                let x = left + cell * Double(j), y = top + cell * Double(i)
                let tip = "\(rowLabels[i]) → \(columnLabels[j]): " + (value.map(format) ?? "no value")
                let fill = value.map { colors.color(at: position($0)) } ?? "#e4e4e4"
                s += "<g><rect class=\"cell\" x=\"\(HTML.number(x))\" y=\"\(HTML.number(y))\" width=\"\(HTML.number(cell))\" height=\"\(HTML.number(cell))\" fill=\"\(fill)\""
                s += " data-row=\"\(i)\" data-column=\"\(j)\"" + (value.map { " data-value=\"\($0)\"" } ?? "") + "><title>\(HTML.escape(tip))</title></rect>"
                if let value {
                    let text = format(value)
                    if HTML.textWidth(text, fontSize: 11) <= cell - 4 {
                        s += "<text class=\"value\" x=\"\(HTML.number(x + cell / 2))\" y=\"\(HTML.number(y + cell / 2 + 4))\" text-anchor=\"middle\" fill=\"\(colors.textColor(at: position(value)))\">\(text)</text>"
                    }
                }
                s += "</g>\n"
            }
        }
        // Marked cells: an outline drawn over the grid, so no neighbouring cell covers it.
        for cell in marked.sorted(by: { $0.lexicographicallyPrecedes($1) }) where cell.count == 2 {
            s += "<rect class=\"mark\" x=\"\(HTML.number(left + self.cellSize * Double(cell[1]) + 1.5))\" y=\"\(HTML.number(top + self.cellSize * Double(cell[0]) + 1.5))\" width=\"\(HTML.number(self.cellSize - 3))\" height=\"\(HTML.number(self.cellSize - 3))\"/>\n"
        }
        s += legend(x: left, y: legendTop, width: min(max(gridWidth, 200), width - left - 16))
        return s + "</svg>"
    }

    /// A gradient bar from 0 to the maximum, with ticks in the value's own units.
    func legend(x: Double, y: Double, width: Double) -> String {
        let id = "\(self.id)-legend"
        var s = "<g class=\"legend\">\n<defs><linearGradient id=\"\(id)\" x1=\"0\" x2=\"1\" y1=\"0\" y2=\"0\">"
        for k in 0...8 {
            let t = Double(k) / 8
            s += "<stop offset=\"\(HTML.number(t))\" stop-color=\"\(colors.color(at: t))\"/>"
        }
        s += "</linearGradient></defs>\n"
        s += "<text class=\"axis-title\" x=\"\(HTML.number(x))\" y=\"\(HTML.number(y - 6))\">\(HTML.escape(valueName))\(scale == .logarithmic ? " (log scale)" : "")</text>\n"
        s += "<rect x=\"\(HTML.number(x))\" y=\"\(HTML.number(y))\" width=\"\(HTML.number(width))\" height=\"12\" fill=\"url(#\(id))\" stroke=\"#888\" stroke-width=\"0.5\"/>\n"
        let top = maximum
        var ticks: [Double] = [0]
        if top > 0 {
            switch scale {
            case .linear: ticks = [0, top / 2, top]
            case .logarithmic:
                var p = 1.0
                while p < top { ticks.append(p); p *= 10 }
                if ticks.count > 5 { ticks = ticks.enumerated().filter { $0.offset % 2 == 0 }.map(\.element) }
                ticks.append(top)
            }
        }
        // Drop ticks whose labels would run into the next one kept (the maximum always shows).
        var kept: [Double] = []
        for tick in ticks.reversed() {
            let extent = { (t: Double) in HTML.textWidth(self.format(t), fontSize: 11) / 2 }
            if let next = kept.last, x + width * position(tick) + extent(tick) + 4 > x + width * position(next) - extent(next) { continue }
            kept.append(tick)
        }
        for tick in kept.reversed() {
            let tx = x + width * position(tick)
            let label = format(tick)
            s += "<line x1=\"\(HTML.number(tx))\" x2=\"\(HTML.number(tx))\" y1=\"\(HTML.number(y + 12))\" y2=\"\(HTML.number(y + 16))\" stroke=\"#444\"/>"
            s += "<text class=\"tick\" x=\"\(HTML.number(tx))\" y=\"\(HTML.number(y + 28))\" text-anchor=\"middle\">\(label)</text>\n"
        }
        return s + "</g>\n"
    }
}
