import Foundation
import MedicalIO

/// One lesion of a study, as the lesion-level classifier sees it: a 26-connected component of a
/// thresholded tumour probability map (or of a truth mask), located in patient coordinates.
public struct LesionInstance: Sendable, Equatable, Codable {
    /// Mean position of the component's voxels, LPS millimetres.
    public var centroid: Point3
    /// Component volume in millilitres (voxel count × voxel volume).
    public var volumeML: Double
    public var voxelCount: Int
    /// The modality ("t1ce" or "flair") whose map the component was found on.
    public var modality: String
    /// Volume (mL) of the component on the other modality's map whose centroid matched this one;
    /// nil when that map has no component near it or the study has no such map.
    public var matchedVolumeML: Double?

    public init(centroid: Point3, volumeML: Double, voxelCount: Int, modality: String, matchedVolumeML: Double? = nil) {
        self.centroid = centroid
        self.volumeML = volumeML
        self.voxelCount = voxelCount
        self.modality = modality
        self.matchedVolumeML = matchedVolumeML
    }
}

/// How lesions are cut out of a probability map.
public struct LesionDetection: Sendable, Codable, Equatable {
    /// A voxel is lesion when its probability is at least this.
    public var threshold: Double = 0.5
    /// Components smaller than this (mL) are dropped: at the demo grid's 2 mm a 0.05 mL
    /// component is six voxels, a sphere of 4.6 mm, below the smallest metastasis the cohort
    /// draws but above most single-voxel false positives of a segmentation network.
    public var minimumML: Double = 0.05
    /// A component on the second modality's map matches a lesion of the first when their
    /// centroids are at most this far apart (mm).
    public var matchDistanceMM: Double = 10
    public init() {}
}

/// Finds lesions in probability maps and matches them across modalities.
public enum LesionFinder {
    /// The components of `map` at or above `threshold` with at least `minimumML` volume, largest
    /// first (ties by position of the first voxel, so the order is deterministic).
    public static func lesions(in map: ImageVolume, modality: String, detection: LesionDetection) -> [LesionInstance] {
        let g = map.geometry
        let voxelML = g.spacing.x * g.spacing.y * g.spacing.z / 1000
        let threshold = Float(detection.threshold)
        let inside = map.voxels.map { $0 >= threshold }
        let minimumVoxels = max(1, Int((detection.minimumML / max(voxelML, 1e-12)).rounded(.up)))
        let components = MaskComponents.find(inside, size: g.size, minimumVoxels: minimumVoxels)
        let nx = g.size.x, ny = g.size.y
        let found = components.map { c -> LesionInstance in
            var sum = Point3.zero
            for i in c.voxels { sum += Point3(Double(i % nx), Double((i / nx) % ny), Double(i / (nx * ny))) }
            let centre = g.world(atIndex: sum / Double(c.voxelCount))
            return LesionInstance(centroid: centre, volumeML: Double(c.voxelCount) * voxelML, voxelCount: c.voxelCount,
                                  modality: modality)
        }
        // Stable sort: components come in scan order, so equal volumes keep it.
        return found.enumerated().sorted { ($0.element.volumeML, -$0.offset) > ($1.element.volumeML, -$1.offset) }.map(\.element)
    }

    /// `primary` with `matchedVolumeML` set from `secondary`: each primary lesion, largest first,
    /// takes the nearest secondary component not yet taken whose centroid lies within
    /// `maximumDistance` mm. Unmatched secondary components are not returned: where both maps
    /// exist the primary (T1 CE) map defines the lesions.
    public static func match(_ primary: [LesionInstance], with secondary: [LesionInstance],
                             maximumDistance: Double) -> [LesionInstance] {
        var taken = [Bool](repeating: false, count: secondary.count)
        return primary.map { lesion in
            var out = lesion
            var best: (index: Int, distance: Double)?
            for (j, other) in secondary.enumerated() where !taken[j] {
                let d = distance(lesion.centroid, other.centroid)
                if d <= maximumDistance, d < (best?.distance ?? .infinity) { best = (j, d) }
            }
            if let best {
                taken[best.index] = true
                out.matchedVolumeML = secondary[best.index].volumeML
            }
            return out
        }
    }

    static func distance(_ a: Point3, _ b: Point3) -> Double {
        let d = a - b
        return (d * d).sum().squareRoot()
    }

    /// A truth label map (0 background, 1 enhancing, 2 necrotic/cystic core, 3 oedema) as a
    /// binary tumour map (labels 1–2), on the same grid, to be cut into lesions like a
    /// probability map.
    public static func tumourMask(fromLabels labels: ImageVolume) -> ImageVolume {
        labels.map { ($0 >= 0.5 && $0 < 2.5) ? Float(1) : Float(0) }
    }
}
