import Foundation

/// dicom3tools' IOD validator, which `scripts/setup.sh` installs from Debian: tests of the DICOM
/// writers run it on what they write and expect no line starting with "Error".
enum Dciodvfy {
    static let path: String? = ["/usr/bin/dciodvfy", "/usr/local/bin/dciodvfy"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// dciodvfy's whole output (stdout and stderr) for `file`.
    static func run(_ file: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path ?? "/usr/bin/dciodvfy")
        p.arguments = [file]
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        return out
    }

    /// The lines reporting errors.
    static func errors(in output: String) -> [Substring] {
        output.split(separator: "\n").filter { $0.hasPrefix("Error") }
    }
}
