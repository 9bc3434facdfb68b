/// Why a histogram-matching model could not be learned or applied.
public enum HistogramMatchingError: Error, Equatable, CustomStringConvertible, Sendable {
    case noTrainingVolumes
    case invalidPercentiles(String)
    /// An image and its mask lie on different grids.
    case geometryMismatch(String)
    /// The mask selects nothing, or the values inside it are (nearly) constant.
    case degenerate(String)

    public var description: String {
        switch self {
        case .noTrainingVolumes: return "histogram matching needs at least one training volume of the target modality"
        case .invalidPercentiles(let why): return "invalid landmark percentiles: \(why)"
        case .geometryMismatch(let why): return "geometry mismatch: \(why)"
        case .degenerate(let why): return "cannot match histograms: \(why)"
        }
    }
}

/// The classical modality-transfer baseline, **histogram matching (with inversion)**: it stands
/// in for the paper's neural style transfer, which needs an ImageNet-trained VGG we cannot ship.
///
/// Learning (Nyúl & Udupa 1999, 2000): for each training volume of the target modality, the
/// intensities at `percentiles` inside its foreground mask (default: the Otsu head mask) are
/// taken as landmarks and mapped linearly onto a standard scale [0, 1] (lowest landmark 0,
/// highest 1); the standardised landmarks are averaged over volumes and placed back on the mean
/// lowest…highest range, giving the target's reference landmarks in typical raw units.
///
/// Applying: the source's own landmarks inside its mask are mapped piecewise linearly onto the
/// reference landmarks (the end segments extended beyond the outer landmarks); voxels outside
/// the mask become `outside`.
///
/// **Inversion.** T1 CE and FLAIR are "opposite" in the sense that matters here: CSF is dark on
/// both, but the tissue order above it is reversed (white matter brighter than grey on T1 CE,
/// grey brighter than white on FLAIR; enhancing tumour bright on T1 CE, oedema bright on FLAIR).
/// Monotone matching cannot reverse an order, so with `invertTissueContrast` the source is first
/// reflected above its CSF–tissue cut (Otsu's threshold of the values inside the mask): the
/// tissue range [lo, hi] (the smallest and largest values above the cut) is mapped onto itself
/// reversed, v → lo + hi − v, and values at or below the cut are left alone, so CSF stays dark
/// (and the gap between CSF and tissue is kept) while grey and white matter swap. Whether a pair of modalities is opposite is configured (true for
/// T1 CE ↔ FLAIR in either direction) or detected on co-registered training pairs with
/// `tissueContrastIsReversed`. Detection depends on the mask: over a whole-head mask the scalp
/// and skull (bright on both) dominate and the pair reads as not reversed — on three cohort300
/// pairs with the Otsu head mask it did, and matching without inversion scored better there —
/// so detect, and match, inside a brain mask when one is at hand.
public struct HistogramMatching: Sendable, Codable, Equatable {
    /// Nyúl's deciles between the 1st and 99th percentiles.
    public static let defaultPercentiles: [Double] = [1, 10, 20, 30, 40, 50, 60, 70, 80, 90, 99]

    /// Landmark percentiles (0…100, strictly increasing, at least two).
    public private(set) var percentiles: [Double]
    /// The target modality's intensity at each landmark percentile.
    public private(set) var landmarks: [Double]
    /// Whether the source's tissue contrast is reflected before matching (see the type's notes).
    public var invertTissueContrast: Bool

    public init(percentiles: [Double], landmarks: [Double], invertTissueContrast: Bool) throws(HistogramMatchingError) {
        try Self.check(percentiles)
        guard landmarks.count == percentiles.count else {
            throw .invalidPercentiles("\(landmarks.count) landmarks for \(percentiles.count) percentiles")
        }
        guard zip(landmarks, landmarks.dropFirst()).allSatisfy({ $0 <= $1 }), let first = landmarks.first,
              let last = landmarks.last, last > first else {
            throw .degenerate("reference landmarks \(landmarks) do not increase")
        }
        self.percentiles = percentiles
        self.landmarks = landmarks
        self.invertTissueContrast = invertTissueContrast
    }

    /// Learns the target modality's reference landmarks from `targets`, each with its mask
    /// (`nil`: the Otsu head mask of that volume).
    public static func learn(targets: [(image: ImageVolume, mask: LabelVolume?)], percentiles: [Double] = defaultPercentiles,
                             invertTissueContrast: Bool) throws(HistogramMatchingError) -> HistogramMatching {
        try check(percentiles)
        guard !targets.isEmpty else { throw .noTrainingVolumes }
        var standard = [Double](repeating: 0, count: percentiles.count)
        var low = 0.0, high = 0.0
        for (n, target) in targets.enumerated() {
            let values = try landmarks(of: target.image, mask: target.mask, percentiles: percentiles)
            let (l0, l1) = (values[0], values[values.count - 1])
            guard l1 > l0 else { throw .degenerate("training volume \(n) is constant inside its mask") }
            for i in values.indices { standard[i] += (values[i] - l0) / (l1 - l0) }
            low += l0
            high += l1
        }
        let count = Double(targets.count)
        low /= count
        high /= count
        return try HistogramMatching(percentiles: percentiles, landmarks: standard.map { low + $0 / count * (high - low) },
                                     invertTissueContrast: invertTissueContrast)
    }

    /// The source mapped onto the target's reference distribution (inverted first when
    /// configured); `mask` `nil` means the source's Otsu head mask.
    public func apply(to source: ImageVolume, mask: LabelVolume? = nil, outside: Float = 0) throws(HistogramMatchingError)
        -> ImageVolume {
        let region = try Self.region(source, mask)
        var image = source
        if invertTissueContrast { image = try Self.reflectedAboveCut(image, mask: region) }
        let own = try Self.landmarks(of: image, mask: region, percentiles: percentiles)
        // Equal source landmarks (a histogram spike) would give a zero-width segment: keep the first.
        var xs: [Double] = [], ys: [Double] = []
        for i in own.indices where xs.last.map({ own[i] > $0 }) ?? true {
            xs.append(own[i])
            ys.append(landmarks[i])
        }
        guard xs.count >= 2 else { throw .degenerate("the source is constant inside its mask") }
        for p in image.voxels.indices {
            guard region.voxels[p] != 0 else { image.voxels[p] = outside; continue }
            image.voxels[p] = Float(Self.piecewiseLinear(Double(image.voxels[p]), xs, ys))
        }
        return image
    }

    /// Whether two co-registered images of the same anatomy (one grid) order their tissue in
    /// opposite ways: the Pearson correlation of their intensities over the voxels above both
    /// images' CSF–tissue cuts inside `mask` (`nil`: the first image's head mask) is negative.
    public static func tissueContrastIsReversed(_ a: ImageVolume, _ b: ImageVolume,
                                                mask: LabelVolume? = nil) throws(HistogramMatchingError) -> Bool {
        guard a.geometry.isAligned(with: b.geometry) else {
            throw .geometryMismatch("the two images lie on different grids (\(a.size) and \(b.size)); resample one onto the other")
        }
        let region = try region(a, mask)
        let cutA = tissueCut(a, region), cutB = tissueCut(b, region)
        var n = 0.0, sa = 0.0, sb = 0.0, saa = 0.0, sbb = 0.0, sab = 0.0
        for p in a.voxels.indices where region.voxels[p] != 0 && a.voxels[p] > cutA && b.voxels[p] > cutB {
            let x = Double(a.voxels[p]), y = Double(b.voxels[p])
            n += 1; sa += x; sb += y; saa += x * x; sbb += y * y; sab += x * y
        }
        guard n >= 2 else { throw .degenerate("no tissue voxel lies above the CSF cut in both images") }
        return sab - sa * sb / n < 0
    }

    // MARK: pieces

    static func check(_ percentiles: [Double]) throws(HistogramMatchingError) {
        guard percentiles.count >= 2 else { throw .invalidPercentiles("need at least two, got \(percentiles.count)") }
        guard percentiles.allSatisfy({ $0 >= 0 && $0 <= 100 }), zip(percentiles, percentiles.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw .invalidPercentiles("\(percentiles) must increase strictly within 0…100")
        }
    }

    static func region(_ image: ImageVolume, _ mask: LabelVolume?) throws(HistogramMatchingError) -> LabelVolume {
        guard let mask else { return Otsu.foregroundMask(image) }
        guard mask.geometry.isAligned(with: image.geometry) else {
            throw .geometryMismatch("mask grid \(mask.size) does not match image grid \(image.size)")
        }
        guard mask.foregroundCount > 0 else { throw .degenerate("the mask is empty") }
        return mask
    }

    static func landmarks(of image: ImageVolume, mask: LabelVolume?, percentiles: [Double]) throws(HistogramMatchingError)
        -> [Double] {
        let region = try region(image, mask)
        let values: [Float]
        do { values = try image.percentiles(percentiles, within: region) } catch {
            throw .geometryMismatch(error.description)
        }
        guard values.allSatisfy(\.isFinite) else { throw .degenerate("no finite value inside the mask") }
        return values.map { Double($0) }
    }

    /// Otsu's threshold of the values inside `region`: the cut between CSF and tissue.
    static func tissueCut(_ image: ImageVolume, _ region: LabelVolume) -> Float {
        var inside: [Float] = []
        for p in image.voxels.indices where region.voxels[p] != 0 { inside.append(image.voxels[p]) }
        return Otsu.threshold(inside)
    }

    static func reflectedAboveCut(_ image: ImageVolume, mask region: LabelVolume) throws(HistogramMatchingError) -> ImageVolume {
        let cut = tissueCut(image, region)
        var lo = Float.infinity, hi = -Float.infinity
        for p in image.voxels.indices where region.voxels[p] != 0 && image.voxels[p] > cut {
            lo = min(lo, image.voxels[p]); hi = max(hi, image.voxels[p])
        }
        guard cut.isFinite, hi > lo else { throw .degenerate("the source has no tissue contrast above its CSF cut") }
        var out = image
        for p in out.voxels.indices where region.voxels[p] != 0 && out.voxels[p] > cut {
            out.voxels[p] = lo + hi - out.voxels[p]
        }
        return out
    }

    /// The piecewise-linear map through (xs, ys), xs strictly increasing, end segments extended.
    static func piecewiseLinear(_ v: Double, _ xs: [Double], _ ys: [Double]) -> Double {
        var lo = 0, hi = xs.count - 1
        if v <= xs[1] { hi = 1 } else if v >= xs[xs.count - 2] { lo = xs.count - 2 } else {
            // Binary search for the segment [xs[lo], xs[lo + 1]] holding v.
            while hi - lo > 1 {
                let mid = (lo + hi) / 2
                if xs[mid] <= v { lo = mid } else { hi = mid }
            }
        }
        let t = (v - xs[lo]) / (xs[hi] - xs[lo])
        return ys[lo] + t * (ys[hi] - ys[lo])
    }
}
