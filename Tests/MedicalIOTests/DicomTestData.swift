import Foundation
@testable import MedicalIO

/// Locating DICOM reference files: pydicom's and pydicom-data's test files in `.venv`, and the
/// Siemens mosaic `0051.dcm` that Debian's dicom3tools package ships.
enum DicomTestData {
    static let searchFolders: [String] = [
        ReferenceData.installed("pydicom/data/test_files"),
        ReferenceData.installed("data_store/data"),
        "/usr/share/doc/dicom3tools/examples",
        ReferenceData.packageRoot.appendingPathComponent(".venv/dicom3tools").path,  // setup.sh's fallback copy
    ].compactMap { $0 }

    /// The path of a named test file, or `nil` when setup has not installed it.
    static func path(_ name: String) -> String? {
        for folder in searchFolders {
            let p = folder + "/" + name
            if FileManager.default.fileExists(atPath: p) { return p }
        }
        return nil
    }

    /// Whether pydicom's test files are installed (tests that need them say so when they skip).
    static var available: Bool { path("MR_small.dcm") != nil }

    /// FNV-1a 64 over Int32 little-endian bytes, as `scripts/reference_dicom.py` computes it.
    static func fnv1a64(_ values: [Int32]) -> String {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for v in values {
            let u = UInt32(bitPattern: v)
            for shift in stride(from: 0, to: 32, by: 8) {
                h = (h ^ UInt64((u >> UInt32(shift)) & 0xFF)) &* 0x0000_0100_0000_01B3
            }
        }
        let s = String(h, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }

    /// A fresh empty temporary folder.
    static func temporaryFolder(_ label: String) -> String {
        let dir = NSTemporaryDirectory() + "metorigin-\(label)-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }
}
