/// The binary tasks in HTML: a standalone `binary/report.html`, and the same section inside the
/// main report, laid out like the paper's Table 6.
extension BinaryTaskReport {
    public func html() -> String {
        var h = HTMLWriter()
        h.open(title: "MetOrigin binary tasks", heading: "MetOrigin — binary primary-site classifiers (Table 6)")
        h.element("h2", "Design")
        h.raw("<table class=\"kv\">")
        if let source = design.source { h.row(["Predictions", source], header: false) }
        h.row(["Cross-validation", design.crossValidation ?? "not stated by the caller"], header: false)
        h.row(["Intervals", "\(Format.fixed(design.confidenceLevel * 100, 0)) %; bootstrap \(design.bootstrapResamples) "
            + "patient-level resamples per task, seed \(design.seed)"], header: false)
        h.raw("</table>")
        section(&h)
        h.close(methods: [("Classes", methods.classes), ("Task", methods.task), ("AUC", methods.auc),
                          ("DeLong interval", methods.deLongInterval), ("Bootstrap interval", methods.bootstrapInterval),
                          ("Decision", methods.decision)], notes: notes)
        return h.output
    }

    /// Table 6 (AUC with both intervals per pair), the per-task detail table and the ROC figure.
    func section(_ h: inout HTMLWriter) {
        h.element("h2", "Table 6 — binary classifiers, AUC (Renal merged into Other)")
        Self.table6(&h) { a, b in BinaryTask(a, b).flatMap { metrics($0)?.auc } }
        h.element("p", "Each cell: one two-class network trained and tested only on the studies of the row and column "
            + "classes; AUC of the row class.", cssClass: "small")
        h.raw("<table><thead>")
        h.row(["Task", "AUC", "95 % CI (DeLong)", "95 % CI (patient bootstrap)", "Accuracy", "Sensitivity",
               "Specificity", "Studies (row / column class)", "Patients"], header: true)
        h.raw("</thead><tbody>")
        for t in tasks { h.row(Self.detailCells(t)) }
        h.raw("</tbody></table>")
        h.element("p", "Sensitivity is the recall of the row class, specificity that of the column class; "
            + methods.decision + ".", cssClass: "small")
        h.raw("<figure>\(rocFigure())<figcaption>ROC curves of the binary classifiers.</figcaption></figure>")
    }

    /// The paper's Table 6 grid: rows Lung, Breast, Melanoma; columns Breast, Melanoma, Other; the
    /// upper triangle holds `cell(row, column)` with its DeLong and bootstrap intervals.
    static func table6(_ h: inout HTMLWriter, cell: (MergedSite, MergedSite) -> AUCSummary?) {
        let rows = MergedSite.allCases.dropLast(), columns = MergedSite.allCases.dropFirst()
        h.raw("<table><thead>")
        h.row([""] + columns.map(\.displayName), header: true)
        h.raw("</thead><tbody>")
        for a in rows {
            var cells = [SVGDocument.escape(a.displayName)]
            for b in columns {
                guard a < b, let s = cell(a, b) else { cells.append("—"); continue }
                cells.append("\(Format.fixed(s.auc))<br><span class=\"small\">DeLong \(Format.interval(s.deLong))<br>"
                    + "bootstrap \(Format.interval(s.bootstrap?.interval))</span>")
            }
            h.row(cells, escaped: false)
        }
        h.raw("</tbody></table>")
    }
}
