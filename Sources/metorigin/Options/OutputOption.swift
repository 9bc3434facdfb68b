import ArgumentParser
import Foundation

/// `--out DIR`: the folder a command writes into; each command's description lists what it
/// writes there. Checked before any work starts, so that a run of hours does not end on an
/// operating-system error when it first writes.
struct OutputOption: ParsableArguments {
    @Option(help: "Output folder.")
    var out: String

    func validate() throws {
        if let problem = Self.problem(with: out) { throw ValidationError("--out \(out): \(problem)") }
    }

    /// Why `path` cannot be an output folder, or nil when it can: it is a file, or the nearest
    /// existing folder above it is a file or cannot be written.
    static func problem(with path: String) -> String? {
        let files = FileManager.default
        var isDirectory: ObjCBool = false
        if files.fileExists(atPath: path, isDirectory: &isDirectory) {
            if !isDirectory.boolValue { return "a file is there, not a folder" }
            return files.isWritableFile(atPath: path) ? nil : "the folder cannot be written"
        }
        // The folder will be created: the nearest existing ancestor must be a writable folder.
        // Plain string steps: Foundation's path helpers trapped here on a relative path under test.
        var ancestor = parent(of: path)
        while !files.fileExists(atPath: ancestor, isDirectory: &isDirectory) {
            let up = parent(of: ancestor)
            if up == ancestor { return nil }
            ancestor = up
        }
        if !isDirectory.boolValue { return "cannot create it: \(ancestor) is a file, not a folder" }
        return files.isWritableFile(atPath: ancestor) ? nil : "cannot create it: \(ancestor) cannot be written"
    }

    /// The folder above `path` ("." for a relative path of one component, "/" at the top).
    static func parent(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "." }
        let head = trimmed[..<slash]
        return head.isEmpty ? "/" : String(head)
    }
}
