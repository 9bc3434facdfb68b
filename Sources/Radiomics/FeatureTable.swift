import Foundation

/// The rows `metorigin radiomics` writes: one per lesion and one for the study (the whole mask),
/// columns lesion id, voxel count, centroid, then features by pyradiomics' names.
public struct FeatureTable: Sendable {
    public var columns: [String]
    /// `lesion` is the lesion id, or "study" for the whole mask.
    public var rows: [(lesion: String, voxels: Int, centroid: SIMD3<Double>, values: [Double])]

    /// Lesion rows, then the study row. `second` adds a second image's features (same regions;
    /// shape features are omitted there, being those of the same mask) under `secondPrefix`.
    public init(_ primary: StudyFeatures, second: StudyFeatures? = nil, secondPrefix: String = "image2_") {
        let names = primary.study.features.names
        let secondNames = second.map { $0.study.features.names.filter { !$0.hasPrefix("original_shape_") } } ?? []
        columns = ["lesion", "voxels", "centroid_x", "centroid_y", "centroid_z"] + names + secondNames.map { secondPrefix + $0 }
        func row(_ r: RegionFeatures, _ s: RegionFeatures?) -> (String, Int, SIMD3<Double>, [Double]) {
            let extra = secondNames.map { n in s?.features[n] ?? .nan }
            return (r.lesionID.map(String.init) ?? "study", r.voxelCount, r.centroid, r.features.values + extra)
        }
        rows = primary.lesions.map { l in row(l, second?.lesions.first { $0.lesionID == l.lesionID }) }
            + [row(primary.study, second?.study)]
    }

    /// Comma-separated, one header line; numbers with 17 significant digits (round-trip exact).
    public var csv: String {
        var out = columns.joined(separator: ",") + "\n"
        for r in rows {
            let cells = [r.lesion, String(r.voxels)] + [r.centroid.x, r.centroid.y, r.centroid.z].map(Self.number)
                + r.values.map(Self.number)
            out += cells.joined(separator: ",") + "\n"
        }
        return out
    }

    /// A JSON array of objects, one per row (NaN written as null).
    public func json() throws -> Data {
        let objects: [[String: Any]] = rows.map { r in
            var o: [String: Any] = ["lesion": r.lesion, "voxels": r.voxels,
                                    "centroid": [r.centroid.x, r.centroid.y, r.centroid.z]]
            for (k, v) in zip(columns.dropFirst(5), r.values) { o[k] = v.isFinite ? v : NSNull() }
            return o
        }
        return try JSONSerialization.data(withJSONObject: objects, options: [.prettyPrinted, .sortedKeys])
    }

    static func number(_ v: Double) -> String { v.isFinite ? String(format: "%.17g", v) : "nan" }
}
