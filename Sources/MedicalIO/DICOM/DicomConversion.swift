import Foundation

/// DICOM (file, multi-frame file or folder) or NIfTI → NIfTI, behind `metorigin convert`.
public enum DicomConversion {
    /// What was written.
    public struct Report: Sendable, Codable {
        public var input: String
        public var output: String
        public var seriesInstanceUID: String?
        public var size: [Int]
        public var spacing: [Double]
        /// NIfTI datatype written: `int16`, `uint16`, `int32` or `float32`.
        public var datatype: String
        public var warnings: [String]
    }

    /// Why a conversion failed.
    public enum Failure: Error, CustomStringConvertible {
        case dicom(DicomError)
        case nifti(String)
        case selection(path: String, reason: String)
        public var description: String {
            switch self {
            case .dicom(let e): return e.description
            case .nifti(let m): return m
            case .selection(let p, let r): return "\(p): \(r)"
            }
        }
    }

    /// Converts `input` to the NIfTI file `output`. A folder must hold one image series unless
    /// `seriesUID` picks one. Values are the rescaled ones: float32 when any slope/intercept is
    /// not integral, else the smallest integer type that holds them.
    public static func convert(input: String, output: String, seriesUID: String? = nil) throws(Failure) -> Report {
        let lower = input.lowercased()
        if lower.hasSuffix(".nii") || lower.hasSuffix(".nii.gz") {
            do {
                let v = try NIfTI.readVolume(path: input)
                try NIfTI.write(v, to: output)
                let g = v.geometry
                return Report(input: input, output: output, seriesInstanceUID: nil, size: [g.size.x, g.size.y, g.size.z],
                              spacing: [g.spacing.x, g.spacing.y, g.spacing.z], datatype: "float32", warnings: [])
            } catch { throw .nifti(error.description) }
        }
        let scan: DicomFolderScan
        do { scan = try DicomScanner.scan(path: input) } catch { throw .dicom(error) }
        let images = scan.series.filter(\.isImage)
        let series: DicomSeries
        if let uid = seriesUID {
            guard let s = images.first(where: { $0.uid == uid }) else {
                throw .selection(path: input, reason: "no image series with SeriesInstanceUID \(uid) (found: \(images.map(\.uid).joined(separator: ", ")))")
            }
            series = s
        } else {
            guard images.count == 1, let s = images.first else {
                throw .selection(path: input, reason: images.isEmpty ? "no DICOM image series found" :
                    "\(images.count) image series; choose one with --series (\(images.map { "\($0.uid) \"\($0.seriesDescription)\"" }.joined(separator: "; ")))")
            }
            series = s
        }
        let built: DicomVolume
        do { built = try DicomVolumeBuilder.build(series) } catch { throw .dicom(error) }
        let v = built.volume
        let g = v.geometry
        let datatype = integerType(series: series, values: v.voxels)
        do {
            switch datatype {
            case "int16": try NIfTI.write(v.map { Int16(clampingFloat: $0) }, to: output)
            case "uint16": try NIfTI.write(v.map { UInt16(clampingFloat: $0) }, to: output)
            case "int32": try NIfTI.write(v.map { Int32(clampingFloat: $0) }, to: output)
            default: try NIfTI.write(v, to: output)
            }
        } catch { throw .nifti(error.description) }
        return Report(input: input, output: output, seriesInstanceUID: series.uid, size: [g.size.x, g.size.y, g.size.z],
                      spacing: [g.spacing.x, g.spacing.y, g.spacing.z], datatype: datatype, warnings: built.warnings + scan.notes)
    }

    /// `float32` unless every frame's rescale is integral and the values fit an integer type.
    static func integerType(series: DicomSeries, values: [Float]) -> String {
        let integral = series.instances.allSatisfy { inst in
            inst.frameGeometry.allSatisfy { $0.rescaleSlope == $0.rescaleSlope.rounded() && $0.rescaleIntercept == $0.rescaleIntercept.rounded() }
        }
        guard integral, let lo = values.min(), let hi = values.max(), abs(lo) < 16_777_216, abs(hi) < 16_777_216 else { return "float32" }
        if lo >= -32768 && hi <= 32767 { return "int16" }
        if lo >= 0 && hi <= 65535 { return "uint16" }
        return "int32"
    }
}
