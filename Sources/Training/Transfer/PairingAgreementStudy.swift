import Foundation
import MedicalIO
import Vocabulary

/// Why the pairing study could not run; names the file and the problem.
public struct PairingStudyError: Error, CustomStringConvertible, Equatable {
    public let path: String
    public let reason: String
    public var description: String { "\(path): \(reason)" }
}

/// How well mutual-information slice pairing recovers the true anatomical correspondence on a
/// cohort where it is known: for every study with both T1 CE and FLAIR (one session, one frame
/// of reference), FLAIR is resampled (linear) onto the T1 CE grid, so the true counterpart of
/// T1 CE slice k is slice k of the resampled FLAIR. Each T1 CE slice with content is paired
/// (`MutualInformationPairing`) and scored against that identity wherever slice k of the
/// resampled FLAIR has content too (elsewhere the FLAIR field of view does not reach it).
public enum PairingAgreementStudy {
    /// One study's figures.
    public struct StudyResult: Sendable, Codable, Equatable {
        public var patientID: String
        public var studyID: String
        public var agreement: PairingAgreement
        /// Mean NMI of the chosen pairs.
        public var meanNMI: Double
    }

    /// Every study's figures and the pooled agreement (slices of all studies counted together).
    public struct Report: Sendable, Codable {
        public var manifest: String
        public var bins: Int
        public var searchWindow: Int?
        public var studies: [StudyResult]
        public var total: PairingAgreement
        /// Mean over studies of each study's exact and ±1 fractions.
        public var meanStudyExact: Double
        public var meanStudyWithinOne: Double
    }

    /// Runs the study on every study of `manifest` with both modalities, in manifest order.
    public static func run(manifest: Manifest, pairing: MutualInformationPairing = MutualInformationPairing(),
                           log: (String) -> Void = { _ in }) throws(PairingStudyError) -> Report {
        let both = manifest.studies.filter { $0.realRow("t1ce") != nil && $0.realRow("flair") != nil }
        guard !both.isEmpty else {
            throw PairingStudyError(path: manifest.path, reason: "no study has both a T1 CE and a FLAIR row")
        }
        var results: [StudyResult] = []
        for study in both {
            let result = try run(study: study, pairing: pairing)
            log(String(format: "%@: %d slices, exact %.3f, within ±1 %.3f", study.studyID, result.agreement.slices,
                       result.agreement.exactFraction, result.agreement.withinOneFraction))
            results.append(result)
        }
        let total = results.reduce(PairingAgreement()) { $0 + $1.agreement }
        let counted = results.filter { $0.agreement.slices > 0 }
        let n = Double(max(1, counted.count))
        return Report(manifest: manifest.path, bins: pairing.bins, searchWindow: pairing.searchWindow, studies: results,
                      total: total, meanStudyExact: counted.reduce(0) { $0 + $1.agreement.exactFraction } / n,
                      meanStudyWithinOne: counted.reduce(0) { $0 + $1.agreement.withinOneFraction } / n)
    }

    /// One study: FLAIR onto the T1 CE grid, pairing, agreement with the identity.
    public static func run(study: Study, pairing: MutualInformationPairing) throws(PairingStudyError) -> StudyResult {
        guard let t1Row = study.realRow("t1ce"), let flairRow = study.realRow("flair") else {
            throw PairingStudyError(path: study.studyID, reason: "the study does not have both T1 CE and FLAIR")
        }
        let t1 = try load(t1Row)
        let flair: ImageVolume
        do {
            flair = try Resampler.resample(try load(flairRow), onto: t1.geometry, interpolation: .linear)
        } catch let e as PairingStudyError {
            throw e
        } catch {
            throw PairingStudyError(path: flairRow.path, reason: "cannot resample onto the T1 CE grid: \(error)")
        }
        let matches: [SliceMatch]
        do { matches = try pairing.matches(t1, flair) } catch {
            throw PairingStudyError(path: flairRow.path, reason: "slice pairing failed: \(error)")
        }
        let covered = Set(pairing.contentSlices(of: flair))
        let agreement = PairingAgreement(matches: matches) { covered.contains($0) ? $0 : nil }
        let meanNMI = matches.isEmpty ? .nan : matches.reduce(0) { $0 + $1.nmi } / Double(matches.count)
        return StudyResult(patientID: study.patientID, studyID: study.studyID, agreement: agreement, meanNMI: meanNMI)
    }

    private static func load(_ row: ManifestRow) throws(PairingStudyError) -> ImageVolume {
        do { return try ImageLoader.load(row) } catch { throw PairingStudyError(path: row.path, reason: error.reason) }
    }
}
