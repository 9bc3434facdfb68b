import Vocabulary

/// report.html: one self-contained page (inline CSS and SVG; no scripts, no network), with
/// tables laid out like the paper's Tables 4–6 so results can be compared line by line.
extension EvaluationReport {
    public func html() -> String {
        var h = HTMLWriter()
        h.open(title: "MetOrigin evaluation", heading: "MetOrigin — primary-site classification: evaluation")
        designSection(&h)
        if shortcutAudit.flagged {
            h.raw("<div class=\"warning\"><strong>Shortcut warning.</strong> ")
            h.text(shortcutAudit.verdict)
            h.raw(" See <a href=\"#audit\">the shortcut audit</a>.</div>")
        }
        table4(&h)
        h.element("h2", "Figure 7 — classification results")
        h.raw("<div class=\"figures\">")
        for (name, svg) in figures() where name != "fig7d_ablation_roc" {
            h.raw("<figure>\(svg)<figcaption>\(SVGDocument.escape(Self.caption(name)))</figcaption></figure>")
        }
        h.raw("</div>")
        summaryTable(&h)
        explanation?.section(&h)
        if ablations != nil { table5(&h) }
        table6(&h)
        auditSection(&h)
        h.close(methods: methodList, notes: notes)
        return h.output
    }

    private var methodList: [(String, String)] {
        [("AUC", methods.auc), ("Macro AUC", methods.macroAUC), ("DeLong interval", methods.deLongInterval),
         ("Bootstrap interval", methods.bootstrapInterval), ("Ablation test", methods.ablationTest),
         ("Ablation bootstrap", methods.ablationBootstrap),
         ("Binary tasks (Table 6)", methods.pairwise), ("Top-k", methods.topK),
         ("Calibration", methods.calibration + " (\(calibration.bins.count) bins)"),
         ("Shortcut audit", methods.shortcutAudit)]
    }

    static func caption(_ name: String) -> String {
        switch name {
        case "fig7a_confusion": "(a) Confusion matrix of the top-1 prediction; colour is the row fraction."
        case "fig7b_roc": "(b) One-vs-rest ROC curves per class and the macro-average curve."
        case "fig7c_topk": "(c) Top-k accuracy for k ∈ {1, 2, 3} per class and over all studies."
        case "fig7d_ablation_roc": "(d) Macro-average ROC curves of the ablated configurations."
        default: "Reliability diagram: accuracy against confidence; grey bars show how many studies fall in each bin."
        }
    }

    private func designSection(_ h: inout HTMLWriter) {
        h.element("h2", "Design")
        h.raw("<table class=\"kv\">")
        if let source = design.source { h.row(["Predictions", source], header: false) }
        h.row(["Cross-validation", design.crossValidation ?? "not stated by the caller"], header: false)
        h.row(["Studies / patients / folds", "\(design.studies) / \(design.patients) / \(design.folds)"], header: false)
        h.row(["Studies per class", PrimarySite.allCases.map {
            "\($0.displayName) \(design.classCounts[$0.rawValue] ?? 0)" }.joined(separator: " · ")], header: false)
        h.row(["Inputs", design.inputStates.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
            .joined(separator: " · ")], header: false)
        h.row(["Intervals", "\(Format.fixed(design.confidenceLevel * 100, 0)) %; bootstrap \(design.bootstrapResamples) "
            + "patient-level resamples, seed \(design.seed)"], header: false)
        h.raw("</table>")
    }

    private func table4(_ h: inout HTMLWriter) {
        h.element("h2", "Table 4 — five-class classification, one-vs-rest AUC")
        h.raw("<table><thead>")
        h.row(["", "AUC", "95 % CI (DeLong)", "95 % CI (patient bootstrap)", "Studies"], header: true)
        h.raw("</thead><tbody>")
        for s in perClassAUC { h.row(aucCells(s) + [s.positives.map(String.init) ?? "—"]) }
        h.raw("</tbody><tfoot>")
        h.row(aucCells(macroAUC) + [String(design.studies)])
        h.row(aucCells(prevalenceWeightedAUC) + [String(design.studies)])
        h.row(["Micro average (pooled)", Format.fixed(microAUC), "—", "—", String(design.studies)])
        h.raw("</tfoot></table>")
        h.element("p", "Overall is the macro average (unweighted mean of the class AUCs). CI methods: "
            + ConfidenceInterval.Method.deLong.rawValue + "; " + ConfidenceInterval.Method.patientBootstrap.rawValue
            + ".", cssClass: "small")
        if let ceilings {
            h.element("h3", "Ceilings — what this cohort allows")
            h.raw("<table><thead>")
            h.row(["", "Macro AUC", "How it was computed"], header: true)
            h.raw("</thead><tbody>")
            for c in ceilings { h.row([c.name, Format.fixed(c.macroAUC), c.method]) }
            h.raw("</tbody><tfoot>")
            h.row([macroAUC.name + " (this model)", Format.fixed(macroAUC.auc), "as in Table 4"])
            h.raw("</tfoot></table>")
        }
    }

    private func aucCells(_ s: AUCSummary) -> [String] {
        [s.name, Format.fixed(s.auc), Format.interval(s.deLong), Format.interval(s.bootstrap?.interval)]
    }

    private func summaryTable(_ h: inout HTMLWriter) {
        h.element("h2", "Accuracy and calibration")
        h.raw("<table><thead>")
        h.row(["", "Recall (top-1)", "Top-2", "Top-3", "Precision", "Studies"], header: true)
        h.raw("</thead><tbody>")
        let precision = confusionMatrix.precision
        for site in PrimarySite.allCases {
            let t = topK.perClass[site.index]
            h.row([site.displayName, Format.percent(t[0]), Format.percent(t.count > 1 ? t[1] : nil),
                   Format.percent(t.count > 2 ? t[2] : nil), Format.percent(precision[site.index]),
                   String(topK.support[site.index])])
        }
        h.raw("</tbody><tfoot>")
        h.row(["All studies", Format.percent(topK.overall.first), Format.percent(topK.overall.count > 1 ? topK.overall[1] : nil),
               Format.percent(topK.overall.count > 2 ? topK.overall[2] : nil), "", String(design.studies)])
        h.raw("</tfoot></table>")
        h.element("p", "Accuracy \(Format.percent(accuracy)) · balanced accuracy \(Format.percent(balancedAccuracy)) · "
            + "expected calibration error \(Format.fixed(calibration.expectedCalibrationError)) "
            + "(\(calibration.bins.count) equal-width bins) · maximum calibration error "
            + Format.fixed(calibration.maximumCalibrationError))
    }

    private func table5(_ h: inout HTMLWriter) {
        guard let ablations else { return }
        h.element("h2", "Table 5 — ablations, macro AUC")
        h.raw("<table><thead>")
        h.row(["Configuration", "AUC", "95 % CI (DeLong)", "95 % CI (patient bootstrap)",
               "Δ vs \(ablations.reference)", "DeLong p", "Δ 95 % CI (bootstrap)", "Bootstrap p", "Studies compared"],
              header: true)
        h.raw("</thead><tbody>")
        for row in ablations.rows {
            let test = row.deLongVersusReference, boot = row.bootstrapDifference
            h.row([row.configuration] + aucCells(row.macro).dropFirst()
                + [test.map { Format.fixed($0.difference) } ?? "—", test.map { Format.pValue($0.pValue) } ?? "reference",
                   Format.interval(boot?.interval), Format.pValue(boot?.pValue), String(row.commonStudies)])
        }
        h.raw("</tbody></table>")
        h.element("p", "DeLong p: " + AblationTable.testMethod + ". Bootstrap: " + AblationTable.bootstrapMethod
            + ".", cssClass: "small")
        if let svg = figures().first(where: { $0.0 == "fig7d_ablation_roc" })?.1 {
            h.raw("<figure>\(svg)<figcaption>\(SVGDocument.escape(Self.caption("fig7d_ablation_roc")))</figcaption></figure>")
        }
    }

    private func table6(_ h: inout HTMLWriter) {
        binaryTasks?.section(&h)
        h.element("h2", binaryTasks == nil ? "Table 6 — binary tasks (pairwise AUC from the five-class model)"
                                           : "For comparison: the same pairs from the five-class model")
        BinaryTaskReport.table6(&h) { a, b in pairwise.summary(a, b) }
        h.element("p", PairwiseAUCs.definition, cssClass: "small")
    }

    private func auditSection(_ h: inout HTMLWriter) {
        h.raw("<h2 id=\"audit\">Shortcut audit — class from acquisition facts alone</h2>")
        let audit = shortcutAudit
        h.raw(audit.flagged ? "<div class=\"warning\">" : "<p>")
        h.text(audit.verdict)
        h.raw(audit.flagged ? "</div>" : "</p>")
        h.raw("<table><thead>")
        h.row(["", "AUC", "95 % CI (DeLong)", "95 % CI (patient bootstrap)", "Studies", "Model AUC"], header: true)
        h.raw("</thead><tbody>")
        for (k, s) in audit.perClass.enumerated() {
            let flag = audit.flaggedClasses.contains(s.name) ? " ⚠" : ""
            h.row(aucCells(s) + [s.positives.map(String.init) ?? "—", Format.fixed(perClassAUC[k].auc) + flag])
        }
        h.raw("</tbody><tfoot>")
        h.row(aucCells(audit.macro) + [String(design.studies), Format.fixed(macroAUC.auc) + (audit.macroFlagged ? " ⚠" : "")])
        h.raw("</tfoot></table>")
        h.element("p", "Features: " + (audit.features.isEmpty ? "none vary" : audit.features.joined(separator: ", "))
            + ". Folds: " + audit.folds + ". Flagged (⚠) when an audit AUC, macro or per class, is within "
            + Format.fixed(audit.margin, 2) + " of the model's or above it.", cssClass: "small")
    }

    static let css = """
    body{font-family:Helvetica,Arial,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
    h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.8em;border-bottom:1px solid #ddd;padding-bottom:.2em}
    table{border-collapse:collapse;margin:.6em 0}th,td{padding:.3em .8em;border-bottom:1px solid #e3e3e3;text-align:left}
    thead th{border-bottom:2px solid #999}tfoot td{font-weight:bold;border-top:2px solid #999}
    td:not(:first-child){font-variant-numeric:tabular-nums}table.kv th{width:14em;color:#555;font-weight:normal}
    .small{font-size:.85em;color:#555}.figures{display:flex;flex-wrap:wrap;gap:1em}
    figure{margin:.5em 0}figcaption{font-size:.85em;color:#444;max-width:460px}
    .warning{background:#fff3cd;border:2px solid #d39e00;padding:.8em 1em;margin:1em 0;border-radius:4px}
    """
}

/// Builds HTML text with escaping by default.
struct HTMLWriter {
    var output = ""
    /// The page's head (title, the report's inline stylesheet) and its `<h1>`.
    mutating func open(title: String, heading: String) {
        raw("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        raw("<title>\(SVGDocument.escape(title))</title><style>\(EvaluationReport.css)</style></head><body>")
        element("h1", heading)
    }

    /// The "Methods" definitions, the "Notes" list when there are notes, and the page's end.
    mutating func close(methods: [(String, String)], notes: [String]) {
        element("h2", "Methods")
        raw("<dl>")
        for (term, text) in methods { element("dt", term); element("dd", text) }
        raw("</dl>")
        if !notes.isEmpty {
            element("h2", "Notes")
            raw("<ul>")
            for note in notes { element("li", note) }
            raw("</ul>")
        }
        raw("</body></html>\n")
    }

    mutating func raw(_ s: String) { output += s }
    mutating func text(_ s: String) { output += SVGDocument.escape(s) }
    mutating func element(_ tag: String, _ content: String, cssClass: String? = nil) {
        let cls = cssClass.map { " class=\"\($0)\"" } ?? ""
        output += "<\(tag)\(cls)>" + SVGDocument.escape(content) + "</\(tag)>\n"
    }
    mutating func row(_ cells: [String], header: Bool = false, escaped: Bool = true) {
        output += "<tr>"
        for (i, cell) in cells.enumerated() {
            let tag = header || i == 0 ? "th" : "td"
            output += "<\(tag)>" + (escaped ? SVGDocument.escape(cell) : cell) + "</\(tag)>"
        }
        output += "</tr>\n"
    }
}
