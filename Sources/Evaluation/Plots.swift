import Vocabulary

/// The report's figures as standalone SVG text (inlined in report.html, also written as files).
public enum Plots {
    /// One curve of a ROC plot.
    public struct ROCSeries: Sendable {
        public var label: String
        public var curve: ROCCurve
        public var dashed: Bool
        public init(label: String, curve: ROCCurve, dashed: Bool = false) {
            self.label = label; self.curve = curve; self.dashed = dashed
        }
    }

    /// ROC curves with the chance diagonal (Figure 7b per class + macro, Figure 7d ablations).
    public static func roc(_ series: [ROCSeries], title: String) -> String {
        var svg = SVGDocument(width: 460, height: 400)
        let frame = PlotFrame(left: 60, top: 40, width: 370, height: 300)
        frame.drawAxes(on: &svg, title: title, xLabel: "False-positive rate (1 − specificity)",
                       yLabel: "True-positive rate (sensitivity)")
        svg.line(frame.x(0), frame.y(0), frame.x(1), frame.y(1), stroke: "#999", dash: "4 4")
        var legend: [(label: String, color: String, dashed: Bool)] = []
        for (i, s) in series.enumerated() {
            let color = SVGDocument.palette[i % SVGDocument.palette.count]
            let points = zip(s.curve.falsePositiveRate, s.curve.truePositiveRate).map { (frame.x($0), frame.y($1)) }
            svg.polyline(points, stroke: color, width: s.dashed ? 2.5 : 1.8, dash: s.dashed ? "6 3" : nil)
            legend.append((s.label, color, s.dashed))
        }
        frame.drawLegend(on: &svg, entries: legend)
        return svg.text
    }

    /// Confusion-matrix heatmap with counts and row percentages (Figure 7a). Colour is the row
    /// fraction, so rare classes are as readable as common ones.
    public static func confusion(_ matrix: ConfusionMatrix, title: String = "Confusion matrix") -> String {
        let k = matrix.counts.count
        let cell = 62.0, left = 100.0, top = 50.0
        var svg = SVGDocument(width: left + cell * Double(k) + 30, height: top + cell * Double(k) + 70)
        svg.text(title, x: left + cell * Double(k) / 2, y: 24, anchor: .middle, size: 14, bold: true)
        let names = PrimarySite.allCases.map(\.displayName)
        for r in 0..<k {
            let rowTotal = matrix.counts[r].reduce(0, +)
            for c in 0..<k {
                let count = matrix.counts[r][c]
                let fraction = rowTotal > 0 ? Double(count) / Double(rowTotal) : 0
                let x = left + Double(c) * cell, y = top + Double(r) * cell
                svg.rect(x: x, y: y, width: cell, height: cell, fill: blue(fraction), stroke: "#fff",
                         title: "true \(names[r]), predicted \(names[c]): \(count)")
                let ink = fraction > 0.55 ? "#fff" : "#000"
                svg.text(String(count), x: x + cell / 2, y: y + cell / 2, anchor: .middle, size: 14, bold: r == c, fill: ink)
                if rowTotal > 0 {
                    svg.text(Format.fixed(fraction * 100, 0) + " %", x: x + cell / 2, y: y + cell / 2 + 15,
                             anchor: .middle, size: 10, fill: ink)
                }
            }
            svg.text(names[r], x: left - 8, y: top + (Double(r) + 0.5) * cell + 4, anchor: .end)
        }
        for c in 0..<k {
            svg.text(names[c], x: left + (Double(c) + 0.5) * cell, y: top + Double(k) * cell + 18, anchor: .middle)
        }
        svg.text("Predicted class", x: left + cell * Double(k) / 2, y: top + Double(k) * cell + 44, anchor: .middle)
        svg.text("True class", x: 18, y: top + cell * Double(k) / 2, anchor: .middle, rotate: -90)
        return svg.text
    }

    /// Grouped bars: per class, one bar per k (Figure 7c).
    public static func topK(_ topk: TopKAccuracy, title: String = "Top-k accuracy") -> String {
        var svg = SVGDocument(width: 520, height: 430)
        let frame = PlotFrame(left: 60, top: 40, width: 440, height: 300)
        frame.drawAxes(on: &svg, title: title, xLabel: "", yLabel: "Accuracy", xTicks: [])
        let groups = PrimarySite.allCases.count + 1
        let groupWidth = frame.width / Double(groups)
        let barWidth = groupWidth * 0.8 / Double(max(1, topk.ks.count))
        let names = PrimarySite.allCases.map(\.displayName) + ["All"]
        for g in 0..<groups {
            let values: [Double?] = g < PrimarySite.count ? topk.perClass[g] : topk.overall.map { Optional($0) }
            let x0 = frame.left + Double(g) * groupWidth + groupWidth * 0.1
            for (i, v) in values.enumerated() {
                let color = SVGDocument.palette[i % SVGDocument.palette.count]
                guard let v else { continue }
                svg.rect(x: x0 + Double(i) * barWidth, y: frame.y(v), width: barWidth - 1, height: frame.y(0) - frame.y(v),
                         fill: color, title: "\(names[g]) top-\(topk.ks[i]): \(Format.fixed(v))")
            }
            let support = g < PrimarySite.count ? topk.support[g] : topk.support.reduce(0, +)
            svg.text(names[g], x: x0 + groupWidth * 0.4, y: frame.y(0) + 16, anchor: .middle, size: 11)
            svg.text("n = \(support)", x: x0 + groupWidth * 0.4, y: frame.y(0) + 30, anchor: .middle, size: 10, fill: "#555")
        }
        // Legend below the class names, where no bar can cover it.
        let entries = topk.ks.enumerated().map { i, k in ("Top-\(k)", SVGDocument.palette[i % SVGDocument.palette.count]) }
        let legendWidth = Double(entries.count) * 70
        for (i, entry) in entries.enumerated() {
            let x = frame.left + (frame.width - legendWidth) / 2 + Double(i) * 70
            svg.rect(x: x, y: frame.y(0) + 52, width: 12, height: 12, fill: entry.1)
            svg.text(entry.0, x: x + 16, y: frame.y(0) + 62, size: 11)
        }
        return svg.text
    }

    /// Reliability diagram: accuracy against mean confidence per bin, bin counts as a histogram.
    public static func reliability(_ calibration: Calibration, title: String = "Reliability diagram") -> String {
        var svg = SVGDocument(width: 460, height: 400)
        let frame = PlotFrame(left: 60, top: 40, width: 370, height: 300)
        frame.drawAxes(on: &svg, title: title, xLabel: "Confidence (maximum probability)", yLabel: "Accuracy")
        let maxCount = Double(calibration.bins.map(\.count).max() ?? 1)
        for bin in calibration.bins where bin.count > 0 {
            // Histogram of studies per bin, scaled to a quarter of the height.
            let h = Double(bin.count) / maxCount * 0.25
            svg.rect(x: frame.x(bin.lower), y: frame.y(h), width: frame.x(bin.upper) - frame.x(bin.lower) - 1,
                     height: frame.y(0) - frame.y(h), fill: "#d9d9d9", title: "\(bin.count) studies")
        }
        svg.line(frame.x(0), frame.y(0), frame.x(1), frame.y(1), stroke: "#999", dash: "4 4")
        let points = calibration.bins.compactMap { bin -> (Double, Double)? in
            guard let c = bin.meanConfidence, let a = bin.accuracy else { return nil }
            return (frame.x(c), frame.y(a))
        }
        svg.polyline(points, stroke: SVGDocument.palette[0], width: 2)
        for p in points { svg.circle(x: p.0, y: p.1, r: 3.5, fill: SVGDocument.palette[0]) }
        svg.text("ECE = \(Format.fixed(calibration.expectedCalibrationError)) (\(calibration.bins.count) bins)",
                 x: frame.left + 8, y: frame.top + 16, size: 12)
        // Upper left: low confidence with high accuracy is the corner real models rarely reach.
        frame.drawLegend(on: &svg, entries: [("Observed accuracy", SVGDocument.palette[0], false),
                                             ("Perfect calibration", "#999", true)], corner: .upperLeft, offset: 18)
        return svg.text
    }

    /// White → dark blue for a fraction in [0, 1].
    static func blue(_ t: Double) -> String {
        let f = min(1, max(0, t))
        let r = Int(247 - f * (247 - 8)), g = Int(251 - f * (251 - 48)), b = Int(255 - f * (255 - 107))
        return "rgb(\(r),\(g),\(b))"
    }
}
