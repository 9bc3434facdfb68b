import Foundation
import MedicalIO

/// The JSON form of a job's result, as `--json` prints it and `metrics.json` files hold it:
/// pretty, keys sorted, slashes unescaped, and non-finite numbers (a Dice over no lesions) as
/// the strings "nan", "inf" and "-inf" so that the document stays valid JSON.
public enum ResultJSON {
    public static func encode(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(value)
    }
}

extension GridSize {
    /// `[x, y, z]`, the form a result's JSON gives a grid size in.
    var array: [Int] { [x, y, z] }
}

extension Spacing {
    /// `[x, y, z]` in mm.
    var array: [Double] { [x, y, z] }
}
