import MedicalIO
import Models
import Training
import Vocabulary

/// The benchmark's classical baseline, **histogram matching (with inversion where the contrasts
/// are opposite)** — MedicalIO's `HistogramMatching`, standing in for the paper's neural style
/// transfer (which needs an ImageNet-trained VGG we cannot ship).
///
/// Per target modality, the reference landmarks are learnt from the training patients' target
/// images on the common grid (normalised as the CycleGAN sees them; Otsu head masks). Whether to
/// reflect the source's tissue contrast is decided on the same training patients: inversion is
/// used when `tissueContrastIsReversed` says so for the majority of their co-registered pairs.
/// Voxels outside the source's head become background (−1).
public enum HistogramBaseline {
    public static func method(training: [TransferPatient]) throws(TransferJobError) -> (method: TransferMethod, inverted: [String: Bool]) {
        var matchers: [Modality: HistogramMatching] = [:]
        var inverted: [String: Bool] = [:]
        for target in Modality.allCases {
            var targets: [(image: ImageVolume, mask: LabelVolume?)] = []
            var reversedVotes = 0
            for p in training {
                let real = try volume(target == .flair ? p.flair : p.t1ce, p)
                let source = try volume(target == .flair ? p.t1ce : p.flair, p)
                targets.append((real, nil))
                do { if try HistogramMatching.tissueContrastIsReversed(source, real) { reversedVotes += 1 } } catch {
                    throw .data(TransferDataError(path: p.t1cePath, reason: "contrast detection: \(error)"))
                }
            }
            let invert = 2 * reversedVotes > training.count
            inverted[TransferBench.direction(to: target)] = invert
            do { matchers[target] = try HistogramMatching.learn(targets: targets, invertTissueContrast: invert) } catch {
                throw .data(TransferDataError(path: training.first?.t1cePath ?? "training set", reason: "histogram matching: \(error)"))
            }
        }
        let learnt = matchers
        let method = TransferMethod(name: "baseline") { patient, target in
            let source = try volume(target == .flair ? patient.t1ce : patient.flair, patient)
            return try learnt[target]!.apply(to: source, outside: -1).voxels
        }
        return (method, inverted)
    }

    /// A patient's grid values as a volume (only the voxel layout matters here).
    static func volume(_ voxels: [Float], _ p: TransferPatient) throws(TransferJobError) -> ImageVolume {
        let g = ImageGeometry(size: GridSize(p.grid.sliceSize, p.grid.sliceSize, p.grid.slices), spacing: Spacing(1, 1, 1))
        do { return try ImageVolume(geometry: g, voxels: voxels) } catch {
            throw .data(TransferDataError(path: p.t1cePath, reason: "\(error)"))
        }
    }
}
