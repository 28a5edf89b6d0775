import Foundation

/// Labelled points on linear axes: the 2-D map of words.
///
/// Highlighted points (the chosen words) are large filled dots with bold labels; the others
/// (their neighbours) are small hollow rings, so the two kinds differ in shape, not only in
/// colour. Optional links join each neighbour to the word it is a neighbour of. Labels are
/// placed greedily beside their point where they overlap no label placed before.
public struct ScatterPlot: Sendable {
    public struct Point: Sendable, Equatable {
        public var x: Double
        public var y: Double
        public var label: String
        public var highlighted: Bool
        /// The text of the point's tooltip (default: the label).
        public var tooltip: String?
        public init(x: Double, y: Double, label: String, highlighted: Bool, tooltip: String? = nil) {
            self.x = x; self.y = y; self.label = label; self.highlighted = highlighted; self.tooltip = tooltip
        }
    }

    public var points: [Point]
    /// Pairs of point indices joined by a thin line.
    public var links: [(Int, Int)] = []
    public var title: String
    public var xAxis: String
    public var yAxis: String
    public var highlightedName = "chosen word"
    public var otherName = "nearest neighbour"

    public init(points: [Point], title: String, xAxis: String, yAxis: String) {
        self.points = points
        self.title = title
        self.xAxis = xAxis
        self.yAxis = yAxis
    }

    /// Evenly spaced "nice" tick values (steps of 1, 2 or 5 × 10ⁿ) covering low…high.
    static func ticks(_ low: Double, _ high: Double, count: Int = 5) -> [Double] {
        guard high > low else { return [low] }
        let raw = (high - low) / Double(count)
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
        var values: [Double] = []
        var v = ceil(low / step) * step
        while v <= high + step * 1e-9 { values.append(abs(v) < step * 1e-9 ? 0 : v); v += step }
        return values
    }

    public func svg() -> String {
        let width = 860.0, height = 600.0
        let left = 56.0, right = 24.0, top = 44.0, bottom = 52.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let xs = points.map(\.x), ys = points.map(\.y)
        var (xmin, xmax) = (xs.min() ?? -1, xs.max() ?? 1)
        var (ymin, ymax) = (ys.min() ?? -1, ys.max() ?? 1)
        if xmax - xmin < 1e-9 { xmin -= 1; xmax += 1 }
        if ymax - ymin < 1e-9 { ymin -= 1; ymax += 1 }
        // Room for labels on the right and above.
        let padX = (xmax - xmin) * 0.06, padY = (ymax - ymin) * 0.06
        xmin -= padX; xmax += padX * 3; ymin -= padY; ymax += padY
        func px(_ x: Double) -> Double { left + (x - xmin) / (xmax - xmin) * plotWidth }
        func py(_ y: Double) -> Double { top + plotHeight - (y - ymin) / (ymax - ymin) * plotHeight }

        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart scatter\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"\(Int(width))\" role=\"img\" aria-label=\"\(HTML.escape(title))\">\n"
        s += "<title>\(HTML.escape(title))</title>\n"
        for t in Self.ticks(xmin, xmax) {
            let x = HTML.number(px(t))
            s += "<line class=\"grid\" x1=\"\(x)\" x2=\"\(x)\" y1=\"\(HTML.number(top))\" y2=\"\(HTML.number(top + plotHeight))\"/>"
            s += "<text class=\"tick\" x=\"\(x)\" y=\"\(HTML.number(top + plotHeight + 16))\" text-anchor=\"middle\">\(HTML.number(t))</text>\n"
        }
        for t in Self.ticks(ymin, ymax) {
            let y = HTML.number(py(t))
            s += "<line class=\"grid\" x1=\"\(HTML.number(left))\" x2=\"\(HTML.number(left + plotWidth))\" y1=\"\(y)\" y2=\"\(y)\"/>"
            s += "<text class=\"tick\" x=\"\(HTML.number(left - 6))\" y=\"\(HTML.number(py(t) + 4))\" text-anchor=\"end\">\(HTML.number(t))</text>\n"
        }
        s += "<rect class=\"frame\" x=\"\(HTML.number(left))\" y=\"\(HTML.number(top))\" width=\"\(HTML.number(plotWidth))\" height=\"\(HTML.number(plotHeight))\"/>\n"
        s += "<text class=\"axis-title\" x=\"\(HTML.number(left + plotWidth / 2))\" y=\"\(HTML.number(height - 10))\" text-anchor=\"middle\">\(HTML.escape(xAxis))</text>\n"
        s += "<text class=\"axis-title\" transform=\"translate(16 \(HTML.number(top + plotHeight / 2))) rotate(-90)\" text-anchor=\"middle\">\(HTML.escape(yAxis))</text>\n"
        for (a, b) in links {
            s += "<line class=\"link\" x1=\"\(HTML.number(px(points[a].x)))\" y1=\"\(HTML.number(py(points[a].y)))\" x2=\"\(HTML.number(px(points[b].x)))\" y2=\"\(HTML.number(py(points[b].y)))\"/>\n"
        }
        // Neighbours first, so the chosen words are drawn on top.
        let order = points.indices.sorted { (points[$0].highlighted ? 1 : 0, $0) < (points[$1].highlighted ? 1 : 0, $1) }
        let placements = placeLabels(px: px, py: py)
        for i in order {
            let p = points[i]
            let tip = HTML.escape(p.tooltip ?? p.label)
            let (cx, cy) = (HTML.number(px(p.x)), HTML.number(py(p.y)))
            if p.highlighted {
                s += "<circle class=\"point chosen\" cx=\"\(cx)\" cy=\"\(cy)\" r=\"6\"><title>\(tip)</title></circle>"
            } else {
                s += "<circle class=\"point neighbour\" cx=\"\(cx)\" cy=\"\(cy)\" r=\"4\"><title>\(tip)</title></circle>"
            }
            let (lx, ly, anchor) = placements[i]
            s += "<text class=\"\(p.highlighted ? "label chosen" : "label neighbour")\" x=\"\(HTML.number(lx))\" y=\"\(HTML.number(ly))\" text-anchor=\"\(anchor)\">\(HTML.escape(p.label))</text>\n"
        }
        // Legend above the plot, in one row, so it hides no point.
        let lx = left + 6, ly = top - 16
        let second = lx + 30 + HTML.textWidth(highlightedName, fontSize: 12)
        s += "<g class=\"legend\">"
        s += "<circle class=\"point chosen\" cx=\"\(HTML.number(lx + 6))\" cy=\"\(HTML.number(ly - 4))\" r=\"6\"/><text class=\"tick\" x=\"\(HTML.number(lx + 18))\" y=\"\(HTML.number(ly))\">\(HTML.escape(highlightedName))</text>"
        s += "<circle class=\"point neighbour\" cx=\"\(HTML.number(second + 6))\" cy=\"\(HTML.number(ly - 4))\" r=\"4\"/><text class=\"tick\" x=\"\(HTML.number(second + 18))\" y=\"\(HTML.number(ly))\">\(HTML.escape(otherName))</text>"
        if !links.isEmpty {
            let third = second + 30 + HTML.textWidth(otherName, fontSize: 12)
            s += "<line class=\"link\" x1=\"\(HTML.number(third))\" x2=\"\(HTML.number(third + 20))\" y1=\"\(HTML.number(ly - 4))\" y2=\"\(HTML.number(ly - 4))\"/><text class=\"tick\" x=\"\(HTML.number(third + 26))\" y=\"\(HTML.number(ly))\">joins a word to its neighbour</text>"
        }
        s += "</g>\n"
        return s + "</svg>"
    }

    /// For each point, a label position (x, y, text-anchor): the first of right, left, above,
    /// below, and further out, whose box overlaps no label or dot placed before.
    func placeLabels(px: (Double) -> Double, py: (Double) -> Double) -> [(Double, Double, String)] {
        struct Box { var x0, y0, x1, y1: Double
            func overlaps(_ o: Box) -> Bool { x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1 } }
        var taken: [Box] = points.map { p in Box(x0: px(p.x) - 5, y0: py(p.y) - 5, x1: px(p.x) + 5, y1: py(p.y) + 5) }
        var result = [(Double, Double, String)](repeating: (0, 0, "start"), count: points.count)
        // Chosen words get the best spots.
        let order = points.indices.sorted { (points[$0].highlighted ? 0 : 1, $0) < (points[$1].highlighted ? 0 : 1, $1) }
        for i in order {
            let p = points[i]
            let font = p.highlighted ? 14.0 : 11.0
            let w = HTML.textWidth(p.label, fontSize: font) * (p.highlighted ? 1.1 : 1), h = font
            let (x, y) = (px(p.x), py(p.y))
            var candidates: [(Double, Double, String)] = []
            for d in [1.0, 1.8, 2.8, 4.0] {
                candidates += [(x + 8 * d, y + 4, "start"), (x - 8 * d, y + 4, "end"),
                               (x, y - 9 * d, "middle"), (x, y + 9 * d + h - 2, "middle"),
                               (x + 6 * d, y - 8 * d, "start"), (x - 6 * d, y + 8 * d + h - 4, "end")]
            }
            func box(_ c: (Double, Double, String)) -> Box {
                let x0 = c.2 == "start" ? c.0 : (c.2 == "end" ? c.0 - w : c.0 - w / 2)
                return Box(x0: x0, y0: c.1 - h + 2, x1: x0 + w, y1: c.1 + 3)
            }
            // The first free spot; failing that (a dense cluster), the nearest one that covers least.
            func covered(_ c: (Double, Double, String)) -> Double {
                let b = box(c)
                return taken.reduce(0) { sum, o in
                    sum + max(0, min(b.x1, o.x1) - max(b.x0, o.x0)) * max(0, min(b.y1, o.y1) - max(b.y0, o.y0))
                }
            }
            let chosen = candidates.first { c in !taken.contains { $0.overlaps(box(c)) } }
                ?? candidates.min { covered($0) < covered($1) }!
            taken.append(box(chosen))
            result[i] = chosen
        }
        return result
    }
}
