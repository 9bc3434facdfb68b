import Foundation
import Training

/// Renders progress: a self-overwriting bar with its stage (a fold's epoch, a cohort), a detail
/// such as the loss, and the ETA on a terminal; plain log lines when output goes to a file or pipe. With `quiet` (a `--json` run, whose
/// stdout holds only the JSON) progress goes to stderr instead. Calls may come from
/// preprocessing workers, so all state is behind a lock.
final class ProgressPrinter: @unchecked Sendable {
    private let lock = NSLock()
    private let toStandardError: Bool
    private let isTerminal: Bool
    private var barShown = false
    private var stageStarted = Date()

    init(quiet: Bool = false) {
        toStandardError = quiet
        isTerminal = isatty(quiet ? STDERR_FILENO : STDOUT_FILENO) != 0
    }

    func line(_ text: String) {
        lock.lock(); defer { lock.unlock() }
        writeLine(text)
    }

    func event(_ name: String, _ fold: Int, _ folds: Int, _ e: ClassifierTrainingEvent) {
        lock.lock(); defer { lock.unlock() }
        let where_ = "\(name) fold \(fold + 1)/\(folds)"
        switch e {
        case .resumed(let epoch):
            writeLine("\(where_): resumed at epoch \(epoch + 1)")
        case .epochStarted:
            stageStarted = Date()
        case .stepFinished(let epoch, let batch, let batches, let loss):
            drawBar("  \(where_) epoch \(epoch + 1)", done: batch + 1, total: batches, detail: "loss " + String(format: "%.4f", loss))
        case .epochFinished(let s):
            writeLine(String(format: "  %@ epoch %d: train loss %.4f, validation loss %.4f%@, lr %.2g, %.1f s",
                             where_, s.epoch + 1, s.trainLoss, s.metrics.validationLoss, s.isBest ? " (best)" : "",
                             s.metrics.learningRate, s.seconds))
        case .stoppedEarly(let epoch, let best):
            writeLine("  \(where_): early stop after epoch \(epoch + 1), best epoch \(best + 1)")
        case .bestImproved, .checkpointSaved, .fileWritten, .stoppedNonFinite:
            break
        }
    }

    /// Starts timing the stage whose progress `bar` shows (an epoch, a cohort).
    func start() {
        lock.lock(); defer { lock.unlock() }
        stageStarted = Date()
    }

    /// On a terminal, redraws the bar: `label [####....] done/total detail ETA`; elsewhere nothing.
    func bar(_ label: String, done: Int, total: Int, detail: String = "") {
        lock.lock(); defer { lock.unlock() }
        drawBar(label, done: done, total: total, detail: detail)
    }

    private func drawBar(_ label: String, done: Int, total: Int, detail: String) {
        guard isTerminal else { return }
        let fraction = Double(done) / Double(max(1, total))
        let elapsed = Date().timeIntervalSince(stageStarted)
        let eta = fraction > 0 ? elapsed / fraction - elapsed : 0
        let width = 24
        let filled = min(width, Int(fraction * Double(width)))
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        write("\r\(label) [\(bar)] \(done)/\(total)\(detail.isEmpty ? "" : " " + detail) ETA \(Self.duration(eta))   ")
        fflush(nil)
        barShown = true
    }

    func finish() {
        lock.lock(); defer { lock.unlock() }
        clearBar()
    }

    private func writeLine(_ text: String) {
        clearBar()
        write(text + "\n")
        fflush(nil)
    }

    private func clearBar() {
        if barShown { write("\r" + String(repeating: " ", count: 100) + "\r"); barShown = false }
    }

    private func write(_ text: String) {
        if toStandardError { FileHandle.standardError.write(Data(text.utf8)) } else { print(text, terminator: "") }
    }

    static func duration(_ s: Double) -> String {
        let t = Int(s.rounded())
        return t >= 60 ? "\(t / 60)m\(String(format: "%02d", t % 60))s" : "\(t)s"
    }
}
