import Dispatch
import Foundation
import MedicalIO

/// Named features of one region, in pyradiomics' names (`original_shape_Sphericity`, …).
public struct FeatureVector: Sendable {
    public var names: [String]
    public var values: [Double]

    public subscript(name: String) -> Double? {
        names.firstIndex(of: name).map { values[$0] }
    }
}

/// The features of one lesion, or of the whole mask (`lesionID == nil`).
public struct RegionFeatures: Sendable {
    /// nil for the study row (the whole mask).
    public var lesionID: Int?
    public var voxelCount: Int
    /// Mean voxel position in patient coordinates (LPS, mm).
    public var centroid: Point3
    public var features: FeatureVector
}

/// Everything extracted from one image and mask.
public struct StudyFeatures: Sendable {
    public var lesions: [RegionFeatures]
    public var study: RegionFeatures
    /// Lesions features could not be computed for (a single voxel or a line), with the reason.
    public var skipped: [(lesionID: Int, voxelCount: Int, reason: RadiomicsError)]
}

/// pyradiomics-compatible feature extraction (shape, first order, GLCM, GLDM, GLRLM, GLSZM,
/// NGTDM on the original image) for a whole mask and for each of its lesions.
public enum RadiomicsExtractor {
    /// The feature classes in output order.
    public static let featureClasses = ["shape", "firstorder", "glcm", "gldm", "glrlm", "glszm", "ngtdm"]

    /// The 107 feature names in output order, independent of any image: what a table of features
    /// has as columns before (or without) a lesion to describe. Computed once from a fixed
    /// 3 × 3 × 2 region, so the list cannot drift from what `features` returns.
    public static let featureNames: [String] = {
        let geometry = ImageGeometry(size: GridSize(3, 3, 2), spacing: Spacing(1, 1, 1))
        let intensities = (0..<18).map { Float($0 * 7 % 11) }
        return (try? features(intensities: intensities, geometry: geometry, voxels: Array(0..<18),
                              settings: RadiomicsSettings()))?.names ?? []
    }()

    /// Checks image and mask and returns, per voxel, whether it carries `settings.label`.
    public static func regionFlags(image: ImageVolume, mask: ImageVolume, settings: RadiomicsSettings,
                                   allowOtherLabels: Bool = false) throws(RadiomicsError) -> [Bool] {
        guard image.geometry.isAligned(with: mask.geometry) else {
            throw .geometryMismatch(image: RadiomicsError.describe(image.geometry),
                                    mask: RadiomicsError.describe(mask.geometry))
        }
        var flags = [Bool](repeating: false, count: mask.voxels.count)
        var others = Set<Int>()
        var nonFinite = 0
        for (i, v) in mask.voxels.enumerated() {
            let label = v.isFinite && v == v.rounded() ? Int(v) : Int.min
            if label == settings.label {
                flags[i] = true
                if !image.voxels[i].isFinite { nonFinite += 1 }
            } else if label != 0 {
                others.insert(label == Int.min ? -1 : label)
            }
        }
        if !others.isEmpty, !allowOtherLabels { throw .unexpectedLabels(others.sorted(), expected: settings.label) }
        if nonFinite > 0 { throw .nonFiniteIntensity(count: nonFinite) }
        guard flags.contains(true) else { throw .emptyMask(label: settings.label) }
        return flags
    }

    /// The intensities features are computed on: the image itself, or its normalised form
    /// (SimpleITK's `Normalize` in double precision, stored as float32, then clipped and scaled).
    public static func preparedIntensities(_ image: ImageVolume, settings: RadiomicsSettings) -> [Float] {
        guard settings.normalize else { return image.voxels }
        let n = Double(image.voxels.count)
        var sum = 0.0, sumSq = 0.0
        for v in image.voxels { let d = Double(v); sum += d; sumSq += d * d }
        let mean = sum / n
        let sigma = ((sumSq - sum * sum / n) / (n - 1)).squareRoot()
        let scale = 1 / sigma
        let outliers = settings.removeOutliers.map(Float.init)
        let factor = Float(settings.normalizeScale)
        return image.voxels.map { v in
            var x = Float((Double(v) - mean) * scale)
            if let o = outliers { x = min(max(x, -o), o) }
            return x * factor
        }
    }

    /// Features of the voxels `voxels` (linear indices into `image`'s grid).
    public static func features(intensities: [Float], geometry: ImageGeometry, voxels: [Int],
                                settings: RadiomicsSettings) throws(RadiomicsError) -> FeatureVector {
        guard settings.binWidth > 0, settings.binWidth.isFinite else { throw .invalidSetting("binWidth must be positive") }
        guard !voxels.isEmpty else { throw .emptyMask(label: settings.label) }
        let size = geometry.size
        var lo = SIMD3<Int>(repeating: .max), hi = SIMD3<Int>(repeating: .min)
        for i in voxels {
            let p = SIMD3(i % size.x, (i / size.x) % size.y, i / (size.x * size.y))
            lo = pointwiseMin(lo, p); hi = pointwiseMax(hi, p)
        }
        let extent = hi &- lo &+ 1
        let dims = (0..<3).filter { extent[$0] > 1 }.count
        if dims == 0 { throw .singleVoxel }
        if dims < 2 { throw .tooFewDimensions(dims) }
        let nx = extent.x, ny = extent.y, nz = extent.z
        var mask = [Bool](repeating: false, count: nx * ny * nz)
        var values = [Double](repeating: 0, count: nx * ny * nz)
        for z in 0..<nz {
            for y in 0..<ny {
                let src = lo.x + size.x * ((lo.y + y) + size.y * (lo.z + z))
                for x in 0..<nx { values[x + nx * (y + ny * z)] = Double(intensities[src + x]) }
            }
        }
        for i in voxels {
            let p = SIMD3(i % size.x, (i / size.x) % size.y, i / (size.x * size.y)) &- lo
            mask[p.x + nx * (p.y + ny * p.z)] = true
        }
        let s = geometry.spacing
        let region = Region(nx: nx, ny: ny, nz: nz, spacing: SIMD3(s.x, s.y, s.z), mask: mask, intensities: values)
        let binned = DiscretisedRegion(region, binWidth: settings.binWidth)

        var names: [String] = [], vals: [Double] = []
        func add(_ cls: String, _ list: [(String, Double)]) {
            for (n, v) in list { names.append("original_\(cls)_\(n)"); vals.append(v) }
        }
        add("shape", ShapeFeatures.compute(region))
        add("firstorder", FirstOrderFeatures.compute(binned, settings: settings))
        add("glcm", GLCMFeatures.compute(binned))
        add("gldm", GLDMFeatures.compute(binned))
        add("glrlm", GLRLMFeatures.compute(binned))
        add("glszm", GLSZMFeatures.compute(binned))
        add("ngtdm", NGTDMFeatures.compute(binned))
        return FeatureVector(names: names, values: vals)
    }

    /// Features of the whole mask (label `settings.label`).
    public static func features(image: ImageVolume, mask: ImageVolume,
                                settings: RadiomicsSettings = RadiomicsSettings()) throws(RadiomicsError) -> FeatureVector {
        let flags = try regionFlags(image: image, mask: mask, settings: settings)
        let voxels = flags.indices.filter { flags[$0] }
        return try features(intensities: preparedIntensities(image, settings: settings), geometry: image.geometry,
                            voxels: voxels, settings: settings)
    }

    /// Features of every lesion with at least `minimumLesionVoxels` voxels and of the whole mask,
    /// lesions computed concurrently.
    public static func extract(image: ImageVolume, mask: ImageVolume, settings: RadiomicsSettings = RadiomicsSettings(),
                               minimumLesionVoxels: Int = 1, allowOtherLabels: Bool = false) throws(RadiomicsError) -> StudyFeatures {
        let flags = try regionFlags(image: image, mask: mask, settings: settings, allowOtherLabels: allowOtherLabels)
        let intensities = preparedIntensities(image, settings: settings)
        let lesions = MaskComponents.find(flags, size: image.size, minimumVoxels: max(1, minimumLesionVoxels))
        let all = flags.indices.filter { flags[$0] }
        // Job 0 is the study (the whole mask), then one job per lesion.
        let jobs: [[Int]] = [all] + lesions.map(\.voxels)
        let results = ResultSlots<Result<FeatureVector, RadiomicsError>>(count: jobs.count)
        let geometry = image.geometry
        DispatchQueue.concurrentPerform(iterations: jobs.count) { k in
            let r: Result<FeatureVector, RadiomicsError>
            do throws(RadiomicsError) { r = .success(try features(intensities: intensities, geometry: geometry, voxels: jobs[k], settings: settings)) }
            catch { r = .failure(error) }
            results.set(k, r)
        }
        let values = results.values
        func centroid(_ voxels: [Int]) -> Point3 {
            let s = geometry.size
            var sum = Point3.zero
            for i in voxels { sum += Point3(Double(i % s.x), Double((i / s.x) % s.y), Double(i / (s.x * s.y))) }
            return geometry.world(atIndex: sum / Double(voxels.count))
        }
        guard case .success(let studyVector)? = values[0] else {
            if case .failure(let e)? = values[0] { throw e }
            throw .emptyMask(label: settings.label)
        }
        var rows: [RegionFeatures] = []
        var skipped: [(lesionID: Int, voxelCount: Int, reason: RadiomicsError)] = []
        for (k, lesion) in lesions.enumerated() {
            switch values[k + 1] {
            case .success(let v)?:
                rows.append(RegionFeatures(lesionID: lesion.id, voxelCount: lesion.voxelCount,
                                           centroid: centroid(lesion.voxels), features: v))
            case .failure(let e)?: skipped.append((lesion.id, lesion.voxelCount, e))
            case nil: break
            }
        }
        let study = RegionFeatures(lesionID: nil, voxelCount: all.count, centroid: centroid(all), features: studyVector)
        return StudyFeatures(lesions: rows, study: study, skipped: skipped)
    }
}

/// Write-once slots filled from concurrent jobs.
final class ResultSlots<T>: @unchecked Sendable {
    private var slots: [T?]
    private let lock = NSLock()
    init(count: Int) { slots = [T?](repeating: nil, count: count) }
    func set(_ k: Int, _ value: T) { lock.lock(); slots[k] = value; lock.unlock() }
    var values: [T?] { lock.lock(); defer { lock.unlock() }; return slots }
}
