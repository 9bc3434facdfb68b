import Foundation
import MedicalIO
import Statistics
import Vocabulary

/// One T1 CE slice and the FLAIR slice paired with it (indices on the common `TransferGrid`).
public struct SlicePair: Codable, Sendable, Hashable {
    public var t1ce: Int
    public var flair: Int
    public init(t1ce: Int, flair: Int) {
        self.t1ce = t1ce
        self.flair = flair
    }
}

/// Chooses the slice pairs of one patient from the usable slices (each (H·W) values in
/// [-1, 1], in grid order; `slices` gives their grid indices). The paper pairs each slice with
/// the other modality's slice of highest normalised mutual information.
public typealias SlicePairing = @Sendable (_ t1ce: [[Float]], _ flair: [[Float]], _ slices: [Int]) throws -> [SlicePair]

/// One patient with both modalities on the common grid, normalised to [-1, 1].
public struct TransferPatient: Sendable {
    public var patientID: String
    public var studyID: String
    public var t1cePath: String
    public var flairPath: String
    /// Grid voxels, x fastest, then y, then slice.
    public var t1ce: [Float]
    public var flair: [Float]
    /// Each volume's normalisation scale (`TransferIntensity.scale`).
    public var t1ceScale: Float
    public var flairScale: Float
    /// Grid slices with head in both modalities.
    public var slices: [Int]
    public var pairs: [SlicePair]
    public var grid: TransferGrid

    public init(patientID: String, studyID: String, t1cePath: String, flairPath: String, t1ce: [Float], flair: [Float],
                t1ceScale: Float, flairScale: Float, slices: [Int], pairs: [SlicePair], grid: TransferGrid) {
        self.patientID = patientID
        self.studyID = studyID
        self.t1cePath = t1cePath
        self.flairPath = flairPath
        self.t1ce = t1ce
        self.flair = flair
        self.t1ceScale = t1ceScale
        self.flairScale = flairScale
        self.slices = slices
        self.pairs = pairs
        self.grid = grid
    }

    /// The (H·W) values of slice `k` of `modality`.
    public func slice(_ modality: String, _ k: Int) -> [Float] {
        let n = grid.sliceSize * grid.sliceSize
        let v = modality == "flair" ? flair : t1ce
        return Array(v[(k * n)..<((k + 1) * n)])
    }
}

/// Why the transfer data set could not be built; names the file.
public struct TransferDataError: Error, CustomStringConvertible {
    public let path: String
    public let reason: String
    public var description: String { "\(path): \(reason)" }
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
}

/// The training data of the modality-transfer CycleGAN: every patient with both modalities in
/// one study, both brought onto the common grid (centred on the T1 CE image) and normalised.
public enum TransferDataset {
    /// Share of a slice's pixels that must be head (above −0.95 after normalisation) in both
    /// modalities for the slice to be used; edge slices of air teach nothing.
    public static let minimumHeadFraction = 0.05

    /// Pairs on the common grid by position: slice k with slice k, the true anatomical
    /// correspondence when both images are of one session. Used where no pairing is given.
    public static let sameIndex: SlicePairing = { _, _, slices in slices.map { SlicePair(t1ce: $0, flair: $0) } }

    /// The paper's weak supervision: each usable T1 CE slice paired with the usable FLAIR slice
    /// of highest normalised mutual information (`MutualInformationPairing`, whole slice plane,
    /// intensities binned over each modality's usable slices, no search window).
    public static func mutualInformation(_ pairing: MutualInformationPairing = MutualInformationPairing()) -> SlicePairing {
        { t1ce, flair, slices in
            try pairing.matches(t1ce, flair).map { SlicePair(t1ce: slices[$0.sliceA], flair: slices[$0.sliceB]) }
        }
    }

    /// The studies with both modalities acquired, one per patient (the first in manifest order);
    /// synthetic images never train or benchmark the transfer.
    public static func pairedStudies(_ manifest: Manifest) -> [Study] {
        var seen = Set<String>()
        var out: [Study] = []
        for study in manifest.studies where study.realRow("t1ce") != nil && study.realRow("flair") != nil {
            if seen.insert(study.patientID).inserted { out.append(study) }
        }
        return out
    }

    /// Loads one study's two images onto `grid`.
    public static func patient(_ study: Study, grid: TransferGrid, pairing: SlicePairing) throws(TransferDataError) -> TransferPatient {
        guard let t1Row = study.realRow("t1ce"), let flRow = study.realRow("flair") else {
            throw TransferDataError(path: study.studyID, reason: "the study does not have both T1 CE and FLAIR")
        }
        let t1 = try load(t1Row)
        let target = grid.geometry(centredOn: t1.geometry)
        let t1Grid = try resample(t1, onto: target, path: t1Row.path)
        let flGrid = try resample(try load(flRow), onto: target, path: flRow.path)
        let t1Scale = TransferIntensity.scale(of: t1Grid)
        let flScale = TransferIntensity.scale(of: flGrid)
        let t1n = TransferIntensity.normalised(t1Grid, scale: t1Scale)
        let fln = TransferIntensity.normalised(flGrid, scale: flScale)
        let n = grid.sliceSize * grid.sliceSize
        var usable: [Int] = []
        for k in 0..<grid.slices {
            let range = (k * n)..<((k + 1) * n)
            let a = t1n[range].count { $0 > -0.95 }, b = fln[range].count { $0 > -0.95 }
            if Double(min(a, b)) >= minimumHeadFraction * Double(n) { usable.append(k) }
        }
        guard !usable.isEmpty else {
            throw TransferDataError(path: t1Row.path, reason: "no slice of the common grid holds head in both T1 CE and FLAIR")
        }
        let slicesOf = { (v: [Float]) in usable.map { Array(v[($0 * n)..<(($0 + 1) * n)]) } }
        let pairs: [SlicePair]
        do { pairs = try pairing(slicesOf(t1n), slicesOf(fln), usable) } catch {
            throw TransferDataError(path: flRow.path, reason: "slice pairing failed: \(error)")
        }
        return TransferPatient(patientID: study.patientID, studyID: study.studyID, t1cePath: t1Row.path,
                               flairPath: flRow.path, t1ce: t1n, flair: fln, t1ceScale: t1Scale, flairScale: flScale,
                               slices: usable, pairs: pairs, grid: grid)
    }

    static func load(_ row: ManifestRow) throws(TransferDataError) -> ImageVolume {
        do { return try ImageLoader.load(row) } catch { throw TransferDataError(path: row.path, reason: error.reason) }
    }

    static func resample(_ v: ImageVolume, onto g: ImageGeometry, path: String) throws(TransferDataError) -> [Float] {
        do { return try Resampler.resample(v, onto: g, interpolation: .linear).voxels } catch {
            throw TransferDataError(path: path, reason: "resampling onto the transfer grid failed: \(error)")
        }
    }
}

/// The split of patients with both modalities into training and validation, by patient and
/// seeded: the paper's 115 / 12 of 127 (9.4 % validation, at least one patient).
public struct TransferSplit: Codable, Sendable, Equatable {
    public var training: [String]
    public var validation: [String]

    public static let paperValidationFraction = 12.0 / 127.0

    public init(training: [String], validation: [String]) {
        self.training = training
        self.validation = validation
    }

    public init(patients: [String], validationFraction: Double = paperValidationFraction, seed: UInt64) {
        var rng = SplitMix64(seed: seed ^ 0x5EED_7A45_F3E4_0001)
        let shuffled = patients.sorted().shuffled(using: &rng)
        let count = patients.count < 2 ? 0 : max(1, Int((Double(patients.count) * validationFraction).rounded()))
        validation = Array(shuffled.prefix(count)).sorted()
        training = Array(shuffled.dropFirst(count)).sorted()
    }
}
