import Foundation
import Torch

/// Temporary folders and the project's Python for the safetensors and checkpoint tests.
enum SafeTensorsSupport {
    /// A fresh empty folder under the system's temporary directory.
    static func temporaryFolder() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("metorigin-st-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    static func remove(_ path: String) { try? FileManager.default.removeItem(atPath: path) }

    /// The repository's `.venv/bin/python`.
    static var python: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".venv/bin/python").path
    }

    /// Whether `.venv` has the `safetensors` package: looked up on disk, because starting Python
    /// (which imports torch) takes seconds and this is evaluated before any test runs.
    static let pythonHasSafeTensors: Bool = {
        let lib = URL(fileURLWithPath: python).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("lib")
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: lib.path)) ?? []
        return FileManager.default.isExecutableFile(atPath: python) && versions.contains { version in
            FileManager.default.fileExists(atPath: lib.path + "/\(version)/site-packages/safetensors/torch.py")
        }
    }()

    struct PythonFailed: Error, CustomStringConvertible {
        let status: Int32
        let stderr: String
        var description: String { "python exited with \(status): \(stderr)" }
    }

    /// Runs the project's Python with `arguments`; returns standard output.
    @discardableResult
    static func run(_ arguments: [String]) throws -> Data {
        guard FileManager.default.isExecutableFile(atPath: python) else { throw PythonFailed(status: -1, stderr: "no \(python)") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw PythonFailed(status: process.terminationStatus, stderr: String(decoding: errors, as: UTF8.self))
        }
        return output
    }

    /// A safetensors file assembled by hand: `header` verbatim after a length field that says
    /// `declaredLength` (default: the header's true length), then `data`.
    static func handMade(header: String, data: [UInt8] = [], declaredLength: UInt64? = nil) -> Data {
        let json = Array(header.utf8)
        var length = declaredLength ?? UInt64(json.count)
        var bytes: [UInt8] = []
        for _ in 0..<8 { bytes.append(UInt8(length & 0xFF)); length >>= 8 }
        return Data(bytes + json + data)
    }

    /// The tensor's row-major bytes.
    static func bytes(_ t: Tensor) throws -> [UInt8] { try t.withUnsafeBytes { Array($0) } }
}
