import Foundation
@testable import Cohort
import MedicalIO

/// Shared fixtures: a coarse analytic head (fast in debug builds) and scratch folders.
enum CohortFixture {
    /// The phantom at 3 mm: the whole generator runs on it in well under a second per study.
    static let atlas = TissueAtlas.phantom(spacing: 3)

    /// A fresh empty folder under the temporary directory.
    static func scratch(_ name: String) -> String {
        let path = NSTemporaryDirectory() + "metorigin-cohort-tests/\(name)-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Every regular file under `root`, relative path → bytes.
    static func files(under root: String) -> [String: Data] {
        var out: [String: Data] = [:]
        guard let e = FileManager.default.enumerator(atPath: root) else { return out }
        while let rel = e.nextObject() as? String {
            var isDir: ObjCBool = false
            let full = root + "/" + rel
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDir), !isDir.boolValue {
                out[rel] = FileManager.default.contents(atPath: full)
            }
        }
        return out
    }

    static func options(_ out: String, patients: Int = 5, seed: UInt64 = 42, format: CohortOptions.Format = .nifti,
                        spacing: Spacing = Spacing(6, 6, 6)) -> CohortOptions {
        var o = CohortOptions(patients: patients, seed: seed, output: out)
        o.format = format
        o.resolution = .custom(spacing)
        return o
    }
}
