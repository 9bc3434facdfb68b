import Foundation
import Training

/// Renders training progress: a self-overwriting bar with epoch, loss and ETA on a terminal,
/// plain log lines when output goes to a file or pipe. With `quiet` (a `--json` run, whose
/// stdout holds only the JSON) progress goes to stderr instead. Calls may come from
/// preprocessing workers, so all state is behind a lock.
final class ProgressPrinter: @unchecked Sendable {
    private let lock = NSLock()
    private let toStandardError: Bool
    private let isTerminal: Bool
    private var barShown = false
    private var epochStarted = Date()

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
            epochStarted = Date()
        case .stepFinished(let epoch, let batch, let batches, let loss):
            guard isTerminal else { return }
            let done = Double(batch + 1) / Double(max(1, batches))
            let elapsed = Date().timeIntervalSince(epochStarted)
            let eta = elapsed / done - elapsed
            let width = 24
            let filled = Int(done * Double(width))
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            write("\r  \(where_) epoch \(epoch + 1) [\(bar)] loss \(String(format: "%.4f", loss)) ETA \(Self.duration(eta))   ")
            fflush(nil)
            barShown = true
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
