import MedicalIO
import Statistics

/// The contoured batch split into training and validation studies by patient — every study of
/// a patient on the same side — in the paper's proportion (138 T1 CE cases split 120 / 18 and
/// 145 FLAIR cases 125 / 20: ≈ 87 / 13 %).
public struct SegmentationSplit: Sendable, Equatable, Codable {
    /// Indices of the training studies, ascending.
    public var training: [Int]
    /// Indices of the validation studies, ascending.
    public var validation: [Int]

    /// The paper's validation share.
    public static let paperValidationFraction = 0.13

    /// Patients are shuffled with `seed` and taken into validation until it holds
    /// `round(validationFraction × studies)` studies (at least one patient, and never every
    /// patient, when there are two or more).
    /// - Parameter patientIDs: the patient of each study.
    public init(patientIDs: [String], validationFraction: Double = SegmentationSplit.paperValidationFraction, seed: UInt64) {
        var order: [String] = []
        var studiesOf: [String: [Int]] = [:]
        for (i, p) in patientIDs.enumerated() {
            if studiesOf[p] == nil { order.append(p) }
            studiesOf[p, default: []].append(i)
        }
        var rng = SplitMix64(seed: seed)
        order.shuffle(using: &rng)
        let target = Int((Double(patientIDs.count) * validationFraction).rounded())
        var validation: [Int] = []
        var taken = 0
        for p in order where taken < order.count - 1 && (validation.count < target || (taken == 0 && validationFraction > 0)) {
            validation += studiesOf[p]!
            taken += 1
        }
        let held = Set(validation)
        self.validation = validation.sorted()
        self.training = patientIDs.indices.filter { !held.contains($0) }
    }
}
