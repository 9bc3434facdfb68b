import ArgumentParser
import Foundation
import MedicalIO
import Training
import Vocabulary

/// `metorigin pairing --manifest M`: how often mutual-information slice pairing finds the true
/// counterpart slice on a cohort whose studies with both modalities share a frame of reference.
struct PairingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pairing",
        abstract: "Measure mutual-information slice pairing against the true T1 CE ↔ FLAIR correspondence.",
        discussion: "For every study with both modalities, FLAIR is resampled onto the T1 CE grid (the true counterpart of slice k is then slice k), each T1 CE slice is paired with the FLAIR slice of highest normalised mutual information, and the share paired exactly and within ±1 slice is reported (docs/transfer.md)."
    )

    @OptionGroup var manifest: ManifestOption

    @Option(help: "Histogram bins per image.")
    var bins = Positive(integerLiteral: ImageSimilarity.defaultMutualInformationBins)

    @Option(help: "Only consider FLAIR slices within this many slices of the T1 CE slice (default: all).")
    var window: NonNegative?

    @OptionGroup var json: JSONOption

    func run() throws {
        let table = try Manifest.read(path: manifest.manifest)
        let start = Date()
        let report = try PairingAgreementStudy.run(manifest: table, pairing: MutualInformationPairing(bins: bins.value, searchWindow: window?.value),
                                                   log: { if !json.json { print($0) } })
        if json.json { return try json.print(report) }
        let t = report.total
        print(String(format: "%d studies, %d slices: exact %.3f (%d), within ±1 slice %.3f (%d); per-study mean exact %.3f, within ±1 %.3f; %.1f s",
                     report.studies.count, t.slices, t.exactFraction, t.exact, t.withinOneFraction, t.withinOne,
                     report.meanStudyExact, report.meanStudyWithinOne, Date().timeIntervalSince(start)))
    }
}
