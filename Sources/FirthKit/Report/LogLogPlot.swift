import Foundation

/// A curve on log–log axes: Zipf's frequency curve, count against rank.
///
/// Both axes are base-10 logarithmic with ticks at powers of ten. A dashed reference line of
/// slope −1 (Zipf's law, count ∝ 1/rank, through the first point) and a few labelled words
/// help read the curve. Each drawn point has a `<title>` with its rank, word and count.
///
/// ```swift
/// let plot = LogLogPlot(points: [.init(x: 1, y: 100, label: "the"), .init(x: 2, y: 50, label: "of")],
///                       title: "Zipf", xAxis: "rank", yAxis: "count")
/// ```
public struct LogLogPlot: Sendable {
    public struct Point: Sendable, Equatable {
        public var x: Double
        public var y: Double
        public var label: String
        public init(x: Double, y: Double, label: String) { self.x = x; self.y = y; self.label = label }
    }

    /// The points in order of x; all coordinates must be positive (others are left out).
    public var points: [Point]
    public var title: String
    public var xAxis: String
    public var yAxis: String
    /// Points whose label is written on the chart (e.g. ranks 1, 10, 100, …).
    public var labelled: Set<Int> = []
    /// Draw the line y = y₁ · x₁ / x (slope −1 through the first point).
    public var zipfReference = true

    public init(points: [Point], title: String, xAxis: String, yAxis: String) {
        self.points = points.filter { $0.x > 0 && $0.y > 0 }
        self.title = title
        self.xAxis = xAxis
        self.yAxis = yAxis
    }

    /// Powers of ten from ⌊log₁₀ low⌋ to ⌈log₁₀ high⌉.
    static func decades(_ low: Double, _ high: Double) -> [Double] {
        let a = floor(log10(low)), b = max(ceil(log10(high)), a + 1)
        return stride(from: a, through: b, by: 1).map { pow(10, $0) }
    }

    public func svg() -> String {
        let width = 640.0, height = 420.0
        let left = 70.0, right = 20.0, top = 34.0, bottom = 56.0
        guard let first = points.first else {
            return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart loglog\" viewBox=\"0 0 \(Int(width)) 60\"><title>\(HTML.escape(title))</title><text x=\"10\" y=\"30\">no data</text></svg>"
        }
        let xDecades = Self.decades(points.map(\.x).min()!, points.map(\.x).max()!)
        let yTicks = Self.decades(points.map(\.y).min()!, points.map(\.y).max()!)
        // The x axis ends just past the last rank rather than at the next power of ten.
        let x0 = log10(xDecades.first!), x1 = min(log10(xDecades.last!), log10(points.map(\.x).max()!) + 0.08)
        let xTicks = xDecades.filter { log10($0) <= x1 + 1e-9 }
        let (y0, y1) = (log10(yTicks.first!), log10(yTicks.last!))
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        func px(_ x: Double) -> Double { left + (log10(x) - x0) / (x1 - x0) * plotWidth }
        func py(_ y: Double) -> Double { top + plotHeight - (log10(y) - y0) / (y1 - y0) * plotHeight }

        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart loglog\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"\(Int(width))\" role=\"img\" aria-label=\"\(HTML.escape(title))\">\n"
        s += "<title>\(HTML.escape(title))</title>\n"
        // Grid and ticks.
        for t in xTicks {
            let x = HTML.number(px(t))
            s += "<line class=\"grid\" x1=\"\(x)\" x2=\"\(x)\" y1=\"\(HTML.number(top))\" y2=\"\(HTML.number(top + plotHeight))\"/>"
            s += "<text class=\"tick\" x=\"\(x)\" y=\"\(HTML.number(top + plotHeight + 16))\" text-anchor=\"middle\">\(HTML.compact(t))</text>\n"
        }
        for t in yTicks {
            let y = HTML.number(py(t))
            s += "<line class=\"grid\" x1=\"\(HTML.number(left))\" x2=\"\(HTML.number(left + plotWidth))\" y1=\"\(y)\" y2=\"\(y)\"/>"
            s += "<text class=\"tick\" x=\"\(HTML.number(left - 6))\" y=\"\(HTML.number(py(t) + 4))\" text-anchor=\"end\">\(HTML.compact(t))</text>\n"
        }
        s += "<rect class=\"frame\" x=\"\(HTML.number(left))\" y=\"\(HTML.number(top))\" width=\"\(HTML.number(plotWidth))\" height=\"\(HTML.number(plotHeight))\"/>\n"
        s += "<text class=\"axis-title\" x=\"\(HTML.number(left + plotWidth / 2))\" y=\"\(HTML.number(height - 12))\" text-anchor=\"middle\">\(HTML.escape(xAxis))</text>\n"
        s += "<text class=\"axis-title\" transform=\"translate(16 \(HTML.number(top + plotHeight / 2))) rotate(-90)\" text-anchor=\"middle\">\(HTML.escape(yAxis))</text>\n"
        // Zipf's reference line, clipped to the plot by drawing it only over the data's x range.
        if zipfReference {
            let c = first.x * first.y
            let xa = points.first!.x, xb = points.last!.x
            let yb = max(c / xb, pow(10, y0))
            let xbClipped = c / yb
            s += "<line class=\"reference\" x1=\"\(HTML.number(px(xa)))\" y1=\"\(HTML.number(py(c / xa)))\" x2=\"\(HTML.number(px(xbClipped)))\" y2=\"\(HTML.number(py(yb)))\"/>\n"
        }
        // The curve, then one marker per point with its tooltip.
        s += "<polyline class=\"curve\" points=\"" + points.map { "\(HTML.number(px($0.x))),\(HTML.number(py($0.y)))" }.joined(separator: " ") + "\"/>\n"
        for (i, p) in points.enumerated() {
            s += "<circle class=\"point\" cx=\"\(HTML.number(px(p.x)))\" cy=\"\(HTML.number(py(p.y)))\" r=\"2.5\"><title>\(HTML.escape("rank \(HTML.grouped(Int(p.x))): \(p.label) (\(HTML.grouped(Int(p.y))))"))</title></circle>"
            if labelled.contains(i) {
                s += "<text class=\"label\" x=\"\(HTML.number(px(p.x) + 6))\" y=\"\(HTML.number(py(p.y) - 6))\">\(HTML.escape(p.label))</text>"
            }
            s += "\n"
        }
        // Legend: the data and the reference line.
        let lx = left + plotWidth - 190, ly = top + 14
        s += "<g class=\"legend\"><rect x=\"\(HTML.number(lx - 8))\" y=\"\(HTML.number(ly - 12))\" width=\"186\" height=\"\(zipfReference ? 42 : 22)\" fill=\"#fff\" stroke=\"#bbb\"/>"
        s += "<line class=\"curve\" x1=\"\(HTML.number(lx))\" x2=\"\(HTML.number(lx + 24))\" y1=\"\(HTML.number(ly - 4))\" y2=\"\(HTML.number(ly - 4))\"/>"
        s += "<text class=\"tick\" x=\"\(HTML.number(lx + 30))\" y=\"\(HTML.number(ly))\">words of the corpus</text>"
        if zipfReference {
            s += "<line class=\"reference\" x1=\"\(HTML.number(lx))\" x2=\"\(HTML.number(lx + 24))\" y1=\"\(HTML.number(ly + 16))\" y2=\"\(HTML.number(ly + 16))\"/>"
            s += "<text class=\"tick\" x=\"\(HTML.number(lx + 30))\" y=\"\(HTML.number(ly + 20))\">Zipf: count ∝ 1/rank</text>"
        }
        s += "</g>\n"
        return s + "</svg>"
    }
}
