import ArgumentParser
import MedicalIO

/// `--max-memory SIZE`: the memory budget every image-sized allocation is checked against
/// (`MemoryBudget`). Without it the budget is what the machine has available.
struct MemoryOptions: ParsableArguments {
    @Option(name: .customLong("max-memory"),
            help: ArgumentHelp("Refuse inputs whose images would need more memory than this, e.g. 8G or 512M (default: what the machine has available).",
                               valueName: "SIZE"))
    var maxMemory: String?

    /// Sets the process-wide budget; call first in `run()`.
    func apply() throws {
        guard let text = maxMemory else { return }
        guard let bytes = MemoryBudget.parse(text) else {
            throw ValidationError("--max-memory expects a size such as 8G, 512M or 1.5G, got '\(text)'")
        }
        MemoryBudget.current = MemoryBudget(limit: bytes)
    }
}
