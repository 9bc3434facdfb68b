import Foundation
import Vocabulary

/// libFuzzer target: the cohort manifest reader (CSV quoting, columns, labels, the synthetic
/// column, study consistency) and what is derived from a manifest it accepts. Any input must
/// give a manifest or a typed `ManifestError`, never a crash or a hang.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzManifest(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(UnsafeBufferPointer(start: data, count: size))
    guard let manifest = try? Manifest.parse(bytes, path: "/fuzz/manifest.csv") else { return 0 }
    _ = try? manifest.requirePrimarySites()
    for study in manifest.studies {
        _ = try? study.primarySite()
        _ = study.realRows
    }
    _ = Manifest.csv(rows: manifest.rows, columns: manifest.columns)
    return 0
}
