import Foundation

/// One axial slice of image A and the slice of image B chosen as its counterpart.
public struct SliceMatch: Sendable, Codable, Equatable {
    /// Slice index in A (k on a volume; the array position for plain slices).
    public var sliceA: Int
    /// Slice index in B.
    public var sliceB: Int
    /// Normalised mutual information of the two slices (1…2).
    public var nmi: Double

    public init(sliceA: Int, sliceB: Int, nmi: Double) {
        self.sliceA = sliceA
        self.sliceB = sliceB
        self.nmi = nmi
    }
}

/// Weak supervision for modality transfer (paper, Methods): with both modalities of a patient
/// brought onto one grid (e.g. FLAIR resampled onto the T1 CE grid with `Resampler`), each axial
/// slice of A is paired with the slice of B that has the highest normalised mutual information.
///
/// - Intensities are binned over each **image's** min…max (the whole volume, or all the plain
///   slices given), not each slice's, so a slice's histogram does not depend on its own extremes
///   and bin indices are computed once.
/// - NMI is taken over the whole slice plane, background included (Studholme's whole-overlap
///   form): the head's outline is part of what makes two slices correspond.
/// - On volumes only slices with content take part: at least `minimumForegroundFraction` of the
///   plane above the volume's Otsu threshold. Slices of A without content get no match; slices
///   of B without content are never chosen. Plain slices are all taken as given.
/// - Ties go to the slice of B closest to the slice of A, then to the lower index.
public struct MutualInformationPairing: Sendable, Equatable {
    /// Bins per image of the joint histogram.
    public var bins: Int
    /// When set, slice k of A only looks at slices k − window … k + window of B.
    public var searchWindow: Int?
    /// The share of a slice's plane that must be head for a volume's slice to take part.
    public var minimumForegroundFraction: Double

    public init(bins: Int = ImageSimilarity.defaultMutualInformationBins, searchWindow: Int? = nil,
                minimumForegroundFraction: Double = 0.05) {
        self.bins = bins
        self.searchWindow = searchWindow
        self.minimumForegroundFraction = minimumForegroundFraction
    }

    /// The k indices of the slices of `volume` that have content (see the type's rules).
    public func contentSlices(of volume: ImageVolume) -> [Int] {
        let threshold = Otsu.threshold(volume.voxels)
        let plane = volume.size.x * volume.size.y
        let needed = minimumForegroundFraction * Double(plane)
        var out: [Int] = []
        for k in 0..<volume.size.z {
            var head = 0
            for v in volume.slice(k) where v > threshold { head += 1 }
            if head > 0, Double(head) >= needed { out.append(k) }
        }
        return out
    }

    /// The best slice of `b` for every slice of `a` with content, in increasing k of A. Both
    /// volumes must share the slice plane (resample B onto A's grid first).
    public func matches(_ a: ImageVolume, _ b: ImageVolume) throws(SimilarityError) -> [SliceMatch] {
        guard a.size.x == b.size.x, a.size.y == b.size.y else {
            throw .shapeMismatch("slices of A are \(a.size.x)×\(a.size.y), of B \(b.size.x)×\(b.size.y); "
                                 + "resample B onto A's grid first")
        }
        return try matches(a.voxels, b.voxels, plane: a.size.x * a.size.y, slicesA: contentSlices(of: a),
                           candidatesB: contentSlices(of: b))
    }

    /// The best of `b`'s slices for every one of `a`'s (each slice a plane of the same size,
    /// e.g. the usable slices of a common grid); indices are positions in the arrays.
    public func matches(_ a: [[Float]], _ b: [[Float]]) throws(SimilarityError) -> [SliceMatch] {
        guard let plane = a.first?.count ?? b.first?.count else { return [] }
        for s in a + b where s.count != plane {
            throw .shapeMismatch("slices hold \(s.count) and \(plane) values; all must share one plane")
        }
        return try matches(a.flatMap { $0 }, b.flatMap { $0 }, plane: plane, slicesA: Array(a.indices),
                           candidatesB: Array(b.indices))
    }

    private func matches(_ a: [Float], _ b: [Float], plane: Int, slicesA: [Int],
                         candidatesB: [Int]) throws(SimilarityError) -> [SliceMatch] {
        guard bins >= 2 else { throw .invalidParameter("slice pairing needs at least 2 bins, got \(bins)") }
        if let searchWindow, searchWindow < 0 { throw .invalidParameter("search window \(searchWindow) is negative") }
        guard !slicesA.isEmpty, !candidatesB.isEmpty else { return [] }
        let binsA = try IntensityBinning(bins: bins, spanning: a).binIndices(a)
        let binsB = try IntensityBinning(bins: bins, spanning: b).binIndices(b)
        var entropyB: [Int: Double] = [:]
        for kb in candidatesB { entropyB[kb] = marginalEntropy(binsB, slice: kb, plane: plane) }
        var counts = [Int32](repeating: 0, count: bins * bins)
        var out: [SliceMatch] = []
        for ka in slicesA {
            let hA = marginalEntropy(binsA, slice: ka, plane: plane)
            var best: SliceMatch?
            for kb in candidatesB {
                if let searchWindow, abs(kb - ka) > searchWindow { continue }
                let hAB = jointEntropy(binsA, ka, binsB, kb, plane: plane, counts: &counts)
                let nmi = hAB > 0 ? (hA + (entropyB[kb] ?? 0)) / hAB : 1
                // Candidates run in increasing k, so a strict improvement or a closer tie wins.
                if let current = best, nmi < current.nmi || (nmi == current.nmi && abs(kb - ka) >= abs(current.sliceB - ka)) {
                    continue
                }
                best = SliceMatch(sliceA: ka, sliceB: kb, nmi: nmi)
            }
            if let best { out.append(best) }
        }
        return out
    }

    private func marginalEntropy(_ indices: [Int32], slice k: Int, plane: Int) -> Double {
        var counts = [Int32](repeating: 0, count: bins)
        for p in (k * plane)..<((k + 1) * plane) { counts[Int(indices[p])] += 1 }
        return Self.entropy(counts, total: Double(plane))
    }

    /// H(A_ka, B_kb) of one slice pair; `counts` is scratch space reused across pairs.
    private func jointEntropy(_ a: [Int32], _ ka: Int, _ b: [Int32], _ kb: Int, plane: Int, counts: inout [Int32]) -> Double {
        let bins = self.bins
        counts.withUnsafeMutableBufferPointer { c in
            for i in c.indices { c[i] = 0 }
            a.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in
                    let oa = ka * plane, ob = kb * plane
                    for p in 0..<plane { c[Int(pa[oa + p]) * bins + Int(pb[ob + p])] += 1 }
                }
            }
        }
        return Self.entropy(counts, total: Double(plane))
    }

    private static func entropy(_ counts: [Int32], total: Double) -> Double {
        var h = 0.0
        for c in counts where c > 0 { let p = Double(c) / total; h -= p * log(p) }
        return h
    }
}
