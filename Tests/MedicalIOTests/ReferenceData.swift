import Foundation

/// Locates reference material for the tests: the package checkout (found by walking up from
/// this file to the folder holding Package.swift), the committed fixtures, and the reference
/// packages `scripts/setup.sh` installs into `.venv`.
enum ReferenceData {
    /// The folder holding Package.swift.
    static let packageRoot: URL = {
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while dir.path != "/" {
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) { return dir }
            dir.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }()

    /// `Tests/MedicalIOTests/Fixtures` (committed test inputs and reference values).
    static var fixtures: URL { packageRoot.appendingPathComponent("Tests/MedicalIOTests/Fixtures") }

    /// A committed fixture's path.
    static func fixture(_ relativePath: String) -> String { fixtures.appendingPathComponent(relativePath).path }

    /// `.venv/lib/python3.X/site-packages`, or `nil` when setup has not run.
    static let sitePackages: URL? = {
        let lib = packageRoot.appendingPathComponent(".venv/lib")
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: lib.path) else { return nil }
        for name in entries.sorted() where name.hasPrefix("python") {
            let sp = lib.appendingPathComponent(name).appendingPathComponent("site-packages")
            if FileManager.default.fileExists(atPath: sp.path) { return sp }
        }
        return nil
    }()

    /// A path inside site-packages, or `nil` when it is absent.
    static func installed(_ relativePath: String) -> String? {
        guard let sp = sitePackages else { return nil }
        let path = sp.appendingPathComponent(relativePath).path
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    /// nibabel's bundled test images (`nibabel/tests/data`).
    static var nibabelData: String? { installed("nibabel/tests/data") }

    /// Decoded JSON from a committed fixture.
    static func json(_ relativePath: String) throws -> Any {
        let data = try Data(contentsOf: fixtures.appendingPathComponent(relativePath))
        return try JSONSerialization.jsonObject(with: data)
    }
}
