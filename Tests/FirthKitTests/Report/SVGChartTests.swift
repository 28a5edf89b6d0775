import Foundation
import XCTest
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import FirthKit

/// The chart helpers on their own: shapes, labels, escaping, colours.
final class SVGChartTests: XCTestCase {
    let hostile = ["a&b", "<script>", "\"quoted\"", "it's", "x>y"]

    func testEscapeCoversTheFiveCharactersAndControls() {
        XCTAssertEqual(HTML.escape(#"<a href="x">Tom & Clara's</a>"#), "&lt;a href=&quot;x&quot;&gt;Tom &amp; Clara&#39;s&lt;/a&gt;")
        XCTAssertEqual(HTML.escape("tab\there\u{0}\u{7}"), "tab\there\u{FFFD}\u{FFFD}")
        XCTAssertEqual(HTML.escape("cæsar 日本"), "cæsar 日本")
    }

    func testHeatmapWithHostileLabelsParsesAndKeepsTheText() throws {
        let n = hostile.count
        let values = (0..<n).map { i in (0..<n).map { j in Double?(Double(i * n + j)) } }
        let chart = Heatmap(rowLabels: hostile, columnLabels: hostile, values: values, title: "t <&>", valueName: "v")
        let svg = chart.svg()
        XCTAssertFalse(svg.contains("<script>"))
        let document = try XMLDocument(data: Data(svg.utf8), options: [])
        XCTAssertEqual(try document.elements("//rect[@class='cell']").count, n * n)
        let labels = try document.elements("//text[@class='label']").map { $0.stringValue ?? "" }
        XCTAssertEqual(labels, hostile + hostile)
        let titles = try document.elements("//rect[@class='cell']/title").map { $0.stringValue ?? "" }
        XCTAssertEqual(titles[1], "a&b → <script>: 1.00")
        XCTAssertEqual(try document.elements("/svg/title").first?.stringValue, "t <&>")
    }

    func testHeatmapPrintsValuesThatFitAndColoursByValue() throws {
        var chart = Heatmap(rowLabels: ["a", "b"], columnLabels: ["a", "b"], values: [[0, 5], [50, 123456]], title: "t", valueName: "count")
        chart.digits = 0
        chart.scale = .logarithmic
        chart.marked = [[1, 0]]
        let document = try XMLDocument(data: Data(chart.svg().utf8), options: [])
        let printed = try document.elements("//text[@class='value']").map { $0.stringValue ?? "" }
        XCTAssertEqual(printed, ["0", "5", "50"], "123,456 is too wide for its cell: it is only in the tooltip")
        XCTAssertEqual(try document.elements("//rect[@class='cell']/title").last?.stringValue, "b → b: 123,456")
        let fills = try document.elements("//rect[@class='cell']").map { $0.attribute("fill") ?? "" }
        XCTAssertEqual(fills.first, ColorScale.blues.color(at: 0))
        XCTAssertEqual(fills.last, ColorScale.blues.color(at: 1))
        let lightness = [0.0, 5, 50, 123456].map { ColorScale.blues.luminance(chart.position($0)) }
        XCTAssertEqual(lightness, lightness.sorted(by: >), "darker means more")
        XCTAssertEqual(try document.elements("//rect[@class='mark']").count, 1)
        // A legend with the value's name and its maximum.
        let legend = try document.elements("//g[@class='legend']//text").map { $0.stringValue ?? "" }
        XCTAssertTrue(legend.contains("count (log scale)") && legend.contains("123,456"), "\(legend)")
    }

    func testColourScaleLightnessIsMonotone() {
        let scale = ColorScale.blues
        let steps = (0...200).map { scale.luminance(Double($0) / 200) }
        for (a, b) in zip(steps, steps.dropFirst()) { XCTAssertGreaterThan(a, b, "lightness must fall as the value grows") }
        XCTAssertGreaterThan(steps.first!, 0.9)
        XCTAssertLessThan(steps.last!, 0.05)
        // Text on each colour is black on light and white on dark.
        XCTAssertEqual(scale.textColor(at: 0), "#000000")
        XCTAssertEqual(scale.textColor(at: 1), "#ffffff")
    }

    func testLogLogPlotHasTicksAtPowersOfTenAndEscapedTooltips() throws {
        let points = (1...300).map { LogLogPlot.Point(x: Double($0), y: 3000 / Double($0), label: $0 == 1 ? "<the>" : "w\($0)") }
        var plot = LogLogPlot(points: points, title: "zipf", xAxis: "rank", yAxis: "count")
        plot.labelled = [0]
        let document = try XMLDocument(data: Data(plot.svg().utf8), options: [])
        XCTAssertEqual(try document.elements("//circle[@class='point']").count, 300)
        let ticks = try document.elements("//text[@class='tick']").map { $0.stringValue ?? "" }
        XCTAssertTrue(Set(["1", "10", "100", "1k"]).isSubset(of: Set(ticks)), "\(ticks)")
        XCTAssertEqual(try document.elements("//circle/title").first?.stringValue, "rank 1: <the> (3,000)")
        XCTAssertEqual(try document.elements("//text[@class='label']").first?.stringValue, "<the>")
        XCTAssertEqual(try document.elements("//text[@class='axis-title']").map { $0.stringValue ?? "" }, ["rank", "count"])
    }

    func testScatterPlotLabelsEveryPointAndAvoidsOverlapsWhereItCan() throws {
        var points = hostile.enumerated().map { ScatterPlot.Point(x: Double($0.offset), y: Double($0.offset % 2), label: $0.element, highlighted: $0.offset == 0) }
        points.append(.init(x: 0.01, y: 0.01, label: "close", highlighted: false))
        var plot = ScatterPlot(points: points, title: "map", xAxis: "PC1", yAxis: "PC2")
        plot.links = [(0, 5)]
        let document = try XMLDocument(data: Data(plot.svg().utf8), options: [])
        let labels = try document.elements("//text[starts-with(@class, 'label')]").map { $0.stringValue ?? "" }
        XCTAssertEqual(Set(labels), Set(hostile + ["close"]))
        XCTAssertEqual(try document.elements("//text[@class='label chosen']").map { $0.stringValue ?? "" }, ["a&b"])
        // The label of the point drawn almost on top of another goes somewhere else.
        let placed = plot.placeLabels(px: { $0 * 100 }, py: { $0 * 100 })
        let (a, b) = (placed[0], placed[5])
        XCTAssertFalse(a.2 == b.2 && abs(a.0 - b.0) < 30 && abs(a.1 - b.1) < 12, "the two labels are drawn on top of each other: \(a) \(b)")
    }
}
