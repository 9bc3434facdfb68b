/// The plain-text summary for the terminal: Table 4's layout with both intervals, then the
/// headline accuracy figures, Table 5 and Table 6 if present, and the shortcut audit's verdict.
extension EvaluationReport {
    public func textSummary() -> String {
        var lines: [String] = []
        if let cv = design.crossValidation { lines.append("Cross-validation: " + cv) }
        lines.append("\(design.studies) studies, \(design.patients) patients, \(design.folds) folds; "
            + "CIs \(Format.fixed(design.confidenceLevel * 100, 0)) %: DeLong and patient bootstrap "
            + "(\(design.bootstrapResamples) resamples, seed \(design.seed))")
        if !design.leakedPatients.isEmpty { lines.append(Self.leakageWarning(design.leakedPatients)) }
        lines.append("")
        let header = ["", "AUC", "CI (DeLong)", "CI (bootstrap)", "n"]
        var rows = perClassAUC.map { s in
            [s.name, Format.fixed(s.auc), Format.interval(s.deLong), Format.interval(s.bootstrap?.interval),
             s.positives.map(String.init) ?? "—"]
        }
        rows.append(["Overall (macro)", Format.fixed(macroAUC.auc), Format.interval(macroAUC.deLong),
                     Format.interval(macroAUC.bootstrap?.interval), String(design.studies)])
        lines += Self.align([header] + rows, ruleAfterHeader: true, ruleBeforeLast: true)
        lines.append("")
        for c in ceilings ?? [] {
            lines.append("Ceiling — \(c.name): macro AUC \(Format.fixed(c.macroAUC)) (model \(Format.fixed(macroAUC.auc)))")
        }
        lines.append("Top-1/2/3 accuracy " + topK.overall.map { Format.percent($0) }.joined(separator: " / ")
            + " · balanced accuracy " + Format.percent(balancedAccuracy)
            + " · ECE " + Format.fixed(calibration.expectedCalibrationError))
        if let ablations {
            lines.append("")
            let head = ["Configuration", "AUC", "CI (DeLong)", "CI (bootstrap)", "p DeLong", "p bootstrap"]
            let body = ablations.rows.map { row in
                [row.configuration, Format.fixed(row.macro.auc), Format.interval(row.macro.deLong),
                 Format.interval(row.macro.bootstrap?.interval),
                 row.deLongVersusReference.map { Format.pValue($0.pValue) } ?? "—",
                 Format.pValue(row.bootstrapDifference?.pValue)]
            }
            lines += Self.align([head] + body, ruleAfterHeader: true, ruleBeforeLast: false)
            lines.append("p vs \(ablations.reference): paired DeLong test and paired patient-level bootstrap of the macro AUC")
        }
        if let binaryTasks {
            lines.append("")
            lines.append(String(binaryTasks.textSummary().dropLast()))
        }
        lines.append("")
        lines.append("Shortcut audit: " + shortcutAudit.verdict)
        return lines.joined(separator: "\n") + "\n"
    }

    /// Left-aligns the first column and right-aligns the others; counts characters, not bytes.
    static func align(_ table: [[String]], ruleAfterHeader: Bool, ruleBeforeLast: Bool) -> [String] {
        guard let columns = table.map(\.count).max() else { return [] }
        var widths = [Int](repeating: 0, count: columns)
        for row in table { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        func render(_ row: [String]) -> String {
            row.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                return i == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }
        let rule = String(repeating: "─", count: widths.reduce(0, +) + 2 * (columns - 1))
        var out: [String] = []
        for (i, row) in table.enumerated() {
            if ruleBeforeLast, i == table.count - 1 { out.append(rule) }
            out.append(render(row))
            if ruleAfterHeader, i == 0 { out.append(rule) }
        }
        return out
    }
}
