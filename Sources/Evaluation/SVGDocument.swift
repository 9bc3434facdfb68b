/// A minimal SVG writer: enough shapes and text for the report's plots, no dependencies.
/// Coordinates are in pixels with y downwards, as in SVG.
struct SVGDocument {
    let width: Double
    let height: Double
    private var body: [String] = []

    /// Okabe–Ito colours: distinguishable with the common colour-vision deficiencies.
    static let palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#000000"]

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    /// The finished `<svg>` element (no XML prolog, so it can be inlined in HTML).
    var text: String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(n(width))\" height=\"\(n(height))\" "
            + "viewBox=\"0 0 \(n(width)) \(n(height))\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">\n"
            + body.joined(separator: "\n") + "\n</svg>"
    }

    mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String,
                       stroke: String? = nil, title: String? = nil) {
        let strokeAttr = stroke.map { " stroke=\"\($0)\"" } ?? ""
        let tip = title.map { "<title>\(Self.escape($0))</title>" } ?? ""
        body.append("<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(max(0, width)))\" height=\"\(n(max(0, height)))\" "
            + "fill=\"\(fill)\"\(strokeAttr)>\(tip)</rect>")
    }

    mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String = "#000",
                       width: Double = 1, dash: String? = nil) {
        let dashAttr = dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
        body.append("<line x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\" stroke=\"\(stroke)\" "
            + "stroke-width=\"\(n(width))\"\(dashAttr)/>")
    }

    mutating func polyline(_ points: [(Double, Double)], stroke: String, width: Double = 2, dash: String? = nil) {
        guard !points.isEmpty else { return }
        let dashAttr = dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
        let coords = points.map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " ")
        body.append("<polyline points=\"\(coords)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(n(width))\" "
            + "stroke-linejoin=\"round\"\(dashAttr)/>")
    }

    mutating func circle(x: Double, y: Double, r: Double, fill: String) {
        body.append("<circle cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"\(n(r))\" fill=\"\(fill)\"/>")
    }

    enum Anchor: String { case start, middle, end }

    mutating func text(_ string: String, x: Double, y: Double, anchor: Anchor = .start, size: Double = 12,
                       bold: Bool = false, fill: String = "#000", rotate: Double? = nil) {
        let weight = bold ? " font-weight=\"bold\"" : ""
        let transform = rotate.map { " transform=\"rotate(\(n($0)) \(n(x)) \(n(y)))\"" } ?? ""
        body.append("<text x=\"\(n(x))\" y=\"\(n(y))\" text-anchor=\"\(anchor.rawValue)\" font-size=\"\(n(size))\""
            + "\(weight) fill=\"\(fill)\"\(transform)>\(Self.escape(string))</text>")
    }

    /// XML escaping for text and attribute values.
    static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    /// Compact coordinates: two decimals at most, no trailing zeros.
    private func n(_ v: Double) -> String {
        guard v.isFinite else { return "0" }
        var s = Format.fixed(v, 2)
        while s.contains("."), s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s == "-0" ? "0" : s
    }
}

/// A plotting area inside an `SVGDocument` mapping data [0, 1] × [0, 1] (or given ranges) to pixels,
/// with axes, ticks, grid and labels.
struct PlotFrame {
    var left = 60.0, top = 40.0, width = 360.0, height = 300.0
    var xRange = 0.0...1.0, yRange = 0.0...1.0

    func x(_ v: Double) -> Double { left + (v - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound) * width }
    func y(_ v: Double) -> Double { top + height - (v - yRange.lowerBound) / (yRange.upperBound - yRange.lowerBound) * height }

    /// Frame, grid at `ticks`, tick labels, axis titles and the plot title.
    func drawAxes(on svg: inout SVGDocument, title: String, xLabel: String, yLabel: String,
                  xTicks: [Double] = [0, 0.2, 0.4, 0.6, 0.8, 1], yTicks: [Double] = [0, 0.2, 0.4, 0.6, 0.8, 1]) {
        svg.rect(x: left, y: top, width: width, height: height, fill: "#fff", stroke: "#444")
        for t in xTicks {
            svg.line(x(t), top, x(t), top + height, stroke: "#e5e5e5")
            svg.text(Format.fixed(t, 1), x: x(t), y: top + height + 16, anchor: .middle, size: 11)
        }
        for t in yTicks {
            svg.line(left, y(t), left + width, y(t), stroke: "#e5e5e5")
            svg.text(Format.fixed(t, 1), x: left - 6, y: y(t) + 4, anchor: .end, size: 11)
        }
        svg.rect(x: left, y: top, width: width, height: height, fill: "none", stroke: "#444")
        svg.text(title, x: left + width / 2, y: top - 16, anchor: .middle, size: 14, bold: true)
        svg.text(xLabel, x: left + width / 2, y: top + height + 36, anchor: .middle)
        svg.text(yLabel, x: left - 40, y: top + height / 2, anchor: .middle, rotate: -90)
    }

    enum Corner { case lowerRight, upperLeft }

    /// A legend box in a corner of the frame; `dashed` marks dashed entries. `offset` moves it
    /// down (upper left) to clear other annotations.
    func drawLegend(on svg: inout SVGDocument, entries: [(label: String, color: String, dashed: Bool)],
                    corner: Corner = .lowerRight, offset: Double = 0) {
        let rowHeight = 16.0
        let boxWidth = min(width - 20, 12 + 26 + Double(entries.map(\.label.count).max() ?? 0) * 6.6)
        let boxHeight = Double(entries.count) * rowHeight + 8
        let bx = corner == .lowerRight ? left + width - boxWidth - 8 : left + 8
        let by = corner == .lowerRight ? top + height - boxHeight - 8 : top + 8 + offset
        svg.rect(x: bx, y: by, width: boxWidth, height: boxHeight, fill: "#ffffff", stroke: "#bbb")
        for (i, entry) in entries.enumerated() {
            let yy = by + 12 + Double(i) * rowHeight
            svg.line(bx + 6, yy - 4, bx + 30, yy - 4, stroke: entry.color, width: 2.5, dash: entry.dashed ? "6 3" : nil)
            svg.text(entry.label, x: bx + 36, y: yy, size: 11)
        }
    }
}
