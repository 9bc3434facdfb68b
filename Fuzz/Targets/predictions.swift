import Evaluation
import Foundation

/// libFuzzer target: the predictions reader (five-class and binary-task tables, with and without
/// renormalisation) and the table-level facts drawn from a table it accepts (the CSV written
/// back, class counts, folds and leakage). Any input must give a table or a typed
/// `EvaluationError`, never a crash or a hang. The metrics themselves (bootstrap, audit) are
/// left to the unit tests: one report takes longer than the fuzzer's per-input limit.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPredictions(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let text = String(data: Data(UnsafeBufferPointer(start: data, count: size)), encoding: .utf8) else { return 0 }
    for renormalise in [false, true] {
        guard let table = try? Predictions.parse(text, path: "fuzz.csv", renormalise: renormalise) else { continue }
        _ = try? Predictions.parse(table.csv(), path: "fuzz-written.csv")
        _ = table.classCounts
        _ = table.patientGroupedFolds
        _ = table.patientsInSeveralFolds
        _ = table.rows.map(\.predicted)
    }
    _ = try? BinaryPredictions.parse(text, path: "predictions-lung-vs-breast.csv")
    return 0
}
