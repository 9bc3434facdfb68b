import MedicalIO

/// One ground-truth lesion of a study and how the prediction treated it.
public struct LesionRecord: Sendable, Codable, Equatable {
    /// Equivalent-sphere diameter in mm.
    public var diameterMM: Double
    public var volumeML: Double
    public var bin: LesionSizeBin
    /// Whether any predicted component overlaps the lesion.
    public var detected: Bool
    /// Dice of the lesion against the union of the predicted components overlapping it (0 when missed).
    public var dice: Double
    /// HD95 (mm) against that union; `nil` when missed.
    public var hd95MM: Double?
}

/// Lesion-wise and case-level segmentation figures of one study (BraTS-METS style).
///
/// **Matching rule.** Lesions are the 26-connected components of the truth; predicted lesions
/// those of the prediction. A truth lesion is *detected* when at least one predicted component
/// overlaps it by one voxel or more (no dilation, unlike BraTS 2023's 1-voxel-dilated truth); it
/// is scored against the union of all predicted components overlapping it, so a prediction split
/// into pieces is one detection, and one predicted component spanning two lesions detects both. A
/// predicted component overlapping no truth voxel is a *false positive*.
///
/// **Lesion-wise Dice / HD95** (BraTS-METS): the mean over the truth lesions and the false
/// positives, each false positive and each missed lesion scoring Dice 0 and HD95
/// `missPenaltyMM`. A study with no truth and no prediction scores Dice 1 and HD95 0.
public struct StudySegmentationMetrics: Sendable, Codable, Equatable {
    /// BraTS-METS' HD95 for a missed lesion or a false positive (mm).
    public static let missPenaltyMM = 374.0

    public var studyID: String
    /// Dice of the whole masks; 1 when both are empty, 0 when exactly one is.
    public var caseDice: Double
    public var truthVolumeML: Double
    public var predictedVolumeML: Double
    public var lesions: [LesionRecord]
    /// Predicted components overlapping no truth voxel.
    public var falsePositives: Int
    /// Their total volume (mL); on a study without lesions, the whole predicted volume.
    public var falsePositiveVolumeML: Double
    public var lesionWiseDice: Double
    public var lesionWiseHD95MM: Double

    /// Whether the truth has no lesion (a study where the network should stay silent).
    public var truthIsEmpty: Bool { lesions.isEmpty }

    /// Detection sensitivity of this study per lesion-size bin.
    public var detectionByBin: [DetectionRate] { DetectionRate.byBin(lesions) }

    /// Scores `prediction` against `truth` (non-zero voxels are tumour) on one grid.
    public init(studyID: String, truth: LabelVolume, prediction: LabelVolume) throws(EvaluationError) {
        guard truth.geometry.isAligned(with: prediction.geometry) else {
            throw .invalidInput("study \(studyID): prediction grid \(prediction.size) at \(prediction.spacing) differs from "
                                + "truth grid \(truth.size) at \(truth.spacing)")
        }
        let size = truth.size, spacing = truth.spacing
        let voxelML = spacing.x * spacing.y * spacing.z / 1000
        let truthLesions = ConnectedComponents(truth), predicted = ConnectedComponents(prediction)

        let counts = MaskOverlap(truth.voxels, prediction.voxels)
        self.studyID = studyID
        caseDice = counts.dice ?? 1
        truthVolumeML = Double(counts.first) * voxelML
        predictedVolumeML = Double(counts.second) * voxelML

        lesions = truthLesions.members.map { lesion in
            var hits = Set<Int32>()
            for p in lesion where predicted.labels[p] != 0 { hits.insert(predicted.labels[p]) }
            let matched = hits.sorted().flatMap { predicted.members[Int($0) - 1] }
            let lesionSet = Set(lesion)
            let common = matched.reduce(0) { $0 + (lesionSet.contains($1) ? 1 : 0) }
            let diameter = LesionSizeBin.equivalentDiameter(voxels: lesion.count, spacing: spacing)
            return LesionRecord(diameterMM: diameter, volumeML: Double(lesion.count) * voxelML, bin: LesionSizeBin(diameter: diameter),
                                detected: !hits.isEmpty,
                                dice: MaskOverlap(first: lesion.count, second: matched.count, both: common).dice ?? 0,
                                hd95MM: hits.isEmpty ? nil : SurfaceDistance.hausdorff95(lesion, matched, size: size, spacing: spacing))
        }
        var falsePositives = 0, falsePositiveVoxels = 0
        for component in predicted.members where !component.contains(where: { truthLesions.labels[$0] != 0 }) {
            falsePositives += 1
            falsePositiveVoxels += component.count
        }
        self.falsePositives = falsePositives
        falsePositiveVolumeML = Double(falsePositiveVoxels) * voxelML

        let scored = lesions.count + falsePositives
        if scored == 0 {
            lesionWiseDice = 1
            lesionWiseHD95MM = 0
        } else {
            lesionWiseDice = lesions.reduce(0) { $0 + $1.dice } / Double(scored)
            let penalties = Double(falsePositives) * Self.missPenaltyMM
            lesionWiseHD95MM = (lesions.reduce(0) { $0 + ($1.hd95MM ?? Self.missPenaltyMM) } + penalties) / Double(scored)
        }
    }
}
