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
        /// The input could not be read or holds no single series to convert.
        case source(ImageSourceError)
        case nifti(String)
        public var description: String {
            switch self {
            case .source(let e): return e.description
            case .nifti(let m): return m
            }
        }
    }

    /// Converts `input` to the NIfTI file `output`. A folder must hold one image series unless
    /// `series` (a SeriesInstanceUID or description pattern) picks one. Values are the rescaled
    /// ones: float32 when any slope/intercept is not integral, else the smallest integer type
    /// that holds them. A 4-D NIfTI input needs `volume`; `options` set series assembly
    /// (irregular spacing, memory budget).
    public static func convert(input: String, output: String, series choice: SeriesChoice? = nil, volume: Int? = nil,
                               options: DicomVolumeOptions = DicomVolumeOptions()) throws(Failure) -> Report {
        let source: ImageSource
        let picked: ImageSource.Series?
        do {
            source = try ImageSource.open(input, selection: SeriesSelection(single: choice))
            picked = try source.singleSeries()
        } catch { throw .source(error) }
        guard let series = picked else {
            let image: (volume: ImageVolume, warnings: [String])
            do { image = try source.niftiVolume(volume, budget: options.budget) } catch { throw .source(error) }
            let g = image.volume.geometry
            do {
                try reserveOutput(g, path: input, budget: options.budget)
                try NIfTI.write(image.volume, to: output)
            } catch { throw .nifti(error.description) }
            return Report(input: input, output: output, seriesInstanceUID: nil, size: [g.size.x, g.size.y, g.size.z],
                          spacing: [g.spacing.x, g.spacing.y, g.spacing.z], datatype: "float32", warnings: image.warnings)
        }
        let built: DicomVolume
        do { built = try source.build(series, options: options) } catch { throw .source(error) }
        let v = built.volume
        let g = v.geometry
        let datatype = integerType(series: series.dicom, values: v.voxels)
        do {
            try reserveOutput(g, path: input, budget: options.budget)
            switch datatype {
            case "int16": try NIfTI.write(v.map { Int16(clampingFloat: $0) }, to: output)
            case "uint16": try NIfTI.write(v.map { UInt16(clampingFloat: $0) }, to: output)
            case "int32": try NIfTI.write(v.map { Int32(clampingFloat: $0) }, to: output)
            default: try NIfTI.write(v, to: output)
            }
        } catch { throw .nifti(error.description) }
        return Report(input: input, output: output, seriesInstanceUID: series.seriesInstanceUID, size: [g.size.x, g.size.y, g.size.z],
                      spacing: [g.spacing.x, g.spacing.y, g.spacing.z], datatype: datatype, warnings: built.warnings + source.notes)
    }

    /// Refuses a conversion whose output copies (the voxels in the written type, then the
    /// encoded file) would exceed the budget.
    static func reserveOutput(_ g: ImageGeometry, path: String, budget: MemoryBudget) throws(NIfTIError) {
        do { try budget.check(MemoryBudget.bytes(g.size.count, stride: 8), for: "\(path): writing \(g.size) voxels") } catch {
            throw .memoryBudget(path: path, error)
        }
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
