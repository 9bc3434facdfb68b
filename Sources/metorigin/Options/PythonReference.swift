import Foundation

/// The reference side of a benchmark that times a Python library (pydicom, SimpleITK,
/// pyradiomics) on the same inputs as MetOrigin: the venv's interpreter runs a script under
/// benchmarks/ once, and the script answers with one JSON object on stdout.
struct PythonReference {
    /// The interpreter (default: the venv's, `.venv/bin/python`).
    var python: String?
    /// The script, relative to the repository root.
    var script: String

    /// Runs the script with `arguments`; nil, with a note on stderr that says why, when the
    /// interpreter or script is missing, fails, or answers with something other than a JSON object.
    /// The benchmark then reports its own side alone.
    func run(_ arguments: [String]) -> [String: Any]? {
        let interpreter = python ?? ".venv/bin/python"
        guard FileManager.default.isExecutableFile(atPath: interpreter), FileManager.default.fileExists(atPath: script) else {
            note("\(interpreter) or \(script) not found; reference omitted")
            return nil
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: interpreter)
        process.arguments = [script] + arguments
        let out = Pipe()
        process.standardOutput = out
        do { try process.run() } catch {
            note("cannot run \(interpreter): \(error); reference omitted")
            return nil
        }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            note("\(script) failed (status \(process.terminationStatus)); reference omitted")
            return nil
        }
        return object
    }

    private func note(_ text: String) {
        FileHandle.standardError.write(Data("note: \(text)\n".utf8))
    }
}
