import Foundation
import MedicalIO
import Models
import Torch
import Training
import Vocabulary

/// One transfer method under benchmark: the synthetic `target` on the common grid, in [-1, 1],
/// from the source patient's normalised grid volume.
public struct TransferMethod: Sendable {
    /// Key in `metrics.json` ("cyclegan", "baseline").
    public var name: String
    public var synthesise: @Sendable (_ patient: TransferPatient, _ target: Modality) throws -> [Float]

    public init(name: String, synthesise: @escaping @Sendable (_ patient: TransferPatient, _ target: Modality) throws -> [Float]) {
        self.name = name
        self.synthesise = synthesise
    }
}

/// What `transfer bench` measured.
public struct TransferBenchResult: Sendable, Encodable {
    /// method → direction ("t1ce_to_flair", "flair_to_t1ce") → mean scores over held-out patients.
    public var metrics: [String: [String: SimilarityScores]]
    /// method → direction → mean lesion Dice (`LesionAgreement`) and the number of patients it averages.
    public var lesionDice: [String: [String: Double]]
    /// The same with every truth label in the neighbourhood (`LesionAgreement.anyLabel`), the
    /// check's first definition, kept for comparison.
    public var lesionDiceAnyLabel: [String: [String: Double]]
    public var lesionPatients: [String: Int]
    /// `LesionAgreement.Reference` name → direction → mean lesion Dice of the reference image,
    /// over the same patients.
    public var lesionReferences: [String: [String: Double]]
    public var patients: [String]
    public var seconds: Double
}

/// `metorigin transfer bench`: on the held-out patients of a trained model (its validation
/// split), every method synthesises each modality from the other on the common grid; MAE, PSNR,
/// SSIM and NMI against the real image are computed over the compared slices (those with head
/// in both modalities), intensities in [0, 1] units of each image's scale (data range 1) and
/// within the head (voxels where the real target or source is above background).
public enum TransferBench {
    public static func direction(to target: Modality) -> String {
        target == .flair ? "t1ce_to_flair" : "flair_to_t1ce"
    }

    /// The CycleGAN of a model folder as a method.
    public static func cycleGAN(_ bundle: TransferModelBundle) -> TransferMethod {
        nonisolated(unsafe) let model = bundle.model
        let grid = bundle.info.grid
        return TransferMethod(name: "cyclegan") { patient, target in
            try ModalityTransfer.generate(target == .flair ? patient.t1ce : patient.flair, grid: grid,
                                          generator: model.generator(to: target))
        }
    }

    /// Benchmarks the model's CycleGAN and, with `baseline`, `HistogramBaseline` learnt on the
    /// model's training patients, plus any `extra` methods.
    ///
    /// By default the patients scored are the model's validation patients in `manifestPath`, the
    /// manifest it was trained on. With `trainingManifestPath`, `manifestPath` is another cohort
    /// (external validation): every patient in it with both modalities is scored, and the baseline
    /// learns from the model's training patients in `trainingManifestPath`. `maxPatients` keeps the
    /// first patients in manifest order.
    public static func run(manifestPath: String, modelFolder: String, outputFolder: String, baseline: Bool = true,
                           trainingManifestPath: String? = nil, maxPatients: Int? = nil,
                           methods extra: [TransferMethod] = [],
                           log: (String) -> Void = { _ in }) throws(TransferJobError) -> TransferBenchResult {
        let started = Date()
        let bundle: TransferModelBundle
        do { bundle = try TransferModelBundle(folder: modelFolder) } catch { throw .data(error) }
        let manifest: Manifest
        do { manifest = try Manifest.read(path: manifestPath) } catch { throw .manifest(error) }
        if let maxPatients, maxPatients < 1 {
            throw .data(TransferDataError(path: manifestPath, reason: "the number of patients to score must be at least 1, got \(maxPatients)"))
        }
        let held = Set(bundle.info.split.validation)
        let scored = TransferDataset.pairedStudies(manifest).filter { trainingManifestPath != nil || held.contains($0.patientID) }
        let studies = Array(scored.prefix(maxPatients ?? scored.count))
        guard !studies.isEmpty else {
            throw .data(TransferDataError(path: manifestPath, reason: "no patient with both T1 CE and FLAIR in one study to score"
                                          + (trainingManifestPath == nil ? " among the model's validation patients" : "")))
        }
        let grid = bundle.info.grid
        var methods = [cycleGAN(bundle)]
        if baseline {
            let trainingSet = Set(bundle.info.split.training)
            var trainingManifest = manifest
            if let trainingManifestPath {
                do { trainingManifest = try Manifest.read(path: trainingManifestPath) } catch { throw .manifest(error) }
            }
            var training: [TransferPatient] = []
            for study in TransferDataset.pairedStudies(trainingManifest) where trainingSet.contains(study.patientID) {
                do { training.append(try TransferDataset.patient(study, grid: grid, pairing: TransferDataset.sameIndex)) } catch { throw .data(error) }
            }
            guard !training.isEmpty else {
                throw .data(TransferDataError(path: trainingManifest.path, reason: "holds none of the model's \(trainingSet.count) "
                                              + "training patients with both modalities, from which the baseline learns"))
            }
            let (method, inverted) = try HistogramBaseline.method(training: training)
            methods.append(method)
            log("baseline: histogram matching learnt on \(training.count) training patients; inversion \(inverted.sorted { $0.key < $1.key })")
        }
        methods += extra
        let plane = grid.sliceSize * grid.sliceSize
        var scores: [String: [String: [SimilarityScores]]] = [:]
        var dice: [String: [String: [Double]]] = [:], diceAnyLabel: [String: [String: [Double]]] = [:]
        var references: [String: [String: [Double]]] = [:]
        var figureRows: [[[Float]]] = []
        var perPatient = ["patient_id,method,direction,mae,psnr,ssim,nmi,lesion_dice,lesion_dice_any_label"]
        for study in studies {
            let patient: TransferPatient
            do { patient = try TransferDataset.patient(study, grid: grid, pairing: TransferDataset.sameIndex) } catch { throw .data(error) }
            let slices = patient.slices
            func pick<T>(_ v: [T]) -> [T] { slices.flatMap { v[($0 * plane)..<(($0 + 1) * plane)] } }
            let unit = { (v: [Float]) -> [Float] in v.map { ($0 + 1) / 2 } }
            var row: [String: [Float]] = ["t1ce": patient.slice("t1ce", slices[slices.count / 2]),
                                          "flair": patient.slice("flair", slices[slices.count / 2])]
            for target in Modality.allCases {
                let real = pick(target == .flair ? patient.flair : patient.t1ce)
                let source = pick(target == .flair ? patient.t1ce : patient.flair)
                let head = zip(real, source).map { $0 > -0.95 || $1 > -0.95 }
                let truth = try truthOnGrid(study, target: target, patient: patient).map(pick)
                let labels = LesionAgreement.visibleLabels(on: target)
                for reference in LesionAgreement.Reference.allCases {
                    guard let truth, let image = reference.image(source: source, truth: truth, target: target),
                          let d = LesionAgreement.dice(real: real, synthetic: image, truth: truth, labels: labels, side: grid.sliceSize) else { continue }
                    references[reference.rawValue, default: [:]][direction(to: target), default: []].append(d)
                }
                for method in methods {
                    let synthetic: [Float]
                    do { synthetic = pick(try method.synthesise(patient, target)) } catch {
                        throw .data(TransferDataError(path: study.row(target.other.rawValue)?.path ?? study.studyID,
                                                      reason: "\(method.name) failed: \(error)"))
                    }
                    let s = try similarity(unit(synthetic), unit(real), mask: head, side: grid.sliceSize, path: study.studyID)
                    scores[method.name, default: [:]][direction(to: target), default: []].append(s)
                    let d = truth.flatMap { LesionAgreement.dice(real: real, synthetic: synthetic, truth: $0, labels: labels, side: grid.sliceSize) }
                    // On FLAIR targets both definitions are the same labels: one computation serves both.
                    let dAny = labels == LesionAgreement.anyLabel ? d
                        : truth.flatMap { LesionAgreement.dice(real: real, synthetic: synthetic, truth: $0,
                                                               labels: LesionAgreement.anyLabel, side: grid.sliceSize) }
                    if let d { dice[method.name, default: [:]][direction(to: target), default: []].append(d) }
                    if let dAny { diceAnyLabel[method.name, default: [:]][direction(to: target), default: []].append(dAny) }
                    let figures: [String] = [s.mae, s.psnr, s.ssim, s.nmi].map { String(format: "%.6g", $0) }
                    let fields: [String] = [study.patientID, method.name, direction(to: target)] + figures
                        + [d, dAny].map { $0.map { String(format: "%.4f", $0) } ?? "" }
                    perPatient.append(fields.joined(separator: ","))
                    let mid = slices.count / 2
                    row["\(method.name)-\(target.rawValue)"] = Array(synthetic[(mid * plane)..<((mid + 1) * plane)])
                }
            }
            if figureRows.count < 4 {
                let columns: [String] = ["t1ce"] + methods.map { "\($0.name)-flair" } + ["flair"] + methods.map { "\($0.name)-t1ce" }
                figureRows.append(columns.compactMap { row[$0] })
            }
            log("  \(study.patientID): \(slices.count) slices compared")
        }
        let means = scores.mapValues { $0.compactMapValues { SimilarityScores.mean($0) } }
        let mean = { (d: [String: [String: [Double]]]) in d.mapValues { $0.mapValues { $0.reduce(0, +) / Double(max(1, $0.count)) } } }
        let meanDice = mean(dice), meanDiceAnyLabel = mean(diceAnyLabel), meanReferences = mean(references)
        let lesionPatients = dice.mapValues { $0.values.map(\.count).max() ?? 0 }
        try write(means: means, dice: meanDice, diceAnyLabel: meanDiceAnyLabel, lesionPatients: lesionPatients, references: meanReferences,
                  perPatient: perPatient, figure: figureRows, side: grid.sliceSize, methods: methods.map(\.name), to: outputFolder)
        return TransferBenchResult(metrics: means, lesionDice: meanDice, lesionDiceAnyLabel: meanDiceAnyLabel, lesionPatients: lesionPatients,
                                   lesionReferences: meanReferences, patients: studies.map(\.patientID),
                                   seconds: Date().timeIntervalSince(started))
    }

    static func similarity(_ synthetic: [Float], _ real: [Float], mask: [Bool], side: Int, path: String) throws(TransferJobError) -> SimilarityScores {
        let geometry = ImageGeometry(size: GridSize(side, side, real.count / (side * side)), spacing: Spacing(1, 1, 1))
        do {
            return try SimilarityScores(synthetic: ImageVolume(geometry: geometry, voxels: synthetic),
                                        real: ImageVolume(geometry: geometry, voxels: real), dataRange: .fixed(1),
                                        mask: LabelVolume(geometry: geometry, voxels: mask.map { $0 ? 1 : 0 }))
        } catch { throw .data(TransferDataError(path: path, reason: "similarity: \(error)")) }
    }

    /// The target image's truth labels on the common grid (nearest neighbour), or nil without truth.
    static func truthOnGrid(_ study: Study, target: Modality, patient: TransferPatient) throws(TransferJobError) -> [UInt8]? {
        guard let row = study.row(target.rawValue), let path = row.truthPath else { return nil }
        do {
            let labels = try ImageLoader.load(path: path)
            let source = try ImageLoader.load(path: patient.t1cePath, modality: .t1ce)
            let grid = patient.grid.geometry(centredOn: source.geometry)
            return try Resampler.resample(labels, onto: grid, interpolation: .nearest).voxels.map { UInt8(clampingFloat: $0) }
        } catch { throw .data(TransferDataError(path: path, reason: "cannot read the truth labels: \(error)")) }
    }

    /// `metrics.json` (method → direction → MAE, PSNR, SSIM, NMI and nothing else, as docs/transfer.md
    /// documents it), `lesions.json`, `per_patient.csv` and `figure5.png`.
    static func write(means: [String: [String: SimilarityScores]], dice: [String: [String: Double]],
                      diceAnyLabel: [String: [String: Double]], lesionPatients: [String: Int],
                      references: [String: [String: Double]], perPatient: [String], figure: [[[Float]]], side: Int, methods: [String], to folder: String) throws(TransferJobError) {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try AtomicFile.write(try encoder.encode(means), to: "\(folder)/metrics.json")
            struct Lesions: Encodable {
                var meanDice: [String: [String: Double]]
                var meanDiceAnyLabel: [String: [String: Double]]
                var patients: [String: Int]
                var references: [String: [String: Double]]
                var referenceDefinitions: [String: String]
                var definition: String
            }
            let definitions = Dictionary(uniqueKeysWithValues: LesionAgreement.Reference.allCases.map { ($0.rawValue, $0.definition) })
            let lesions = Lesions(meanDice: dice, meanDiceAnyLabel: diceAnyLabel, patients: lesionPatients,
                                  references: references, referenceDefinitions: definitions,
                                  definition: "Dice of Otsu-thresholded real and synthetic target images inside the truth lesion dilated by \(LesionAgreement.margin) px in-plane; the lesion is labels 1-2 (enhancing tumour and core) on T1 CE and 1-3 (with oedema) on FLAIR; meanDiceAnyLabel uses labels 1-3 for both")
            try AtomicFile.write(try encoder.encode(lesions), to: "\(folder)/lesions.json")
            try AtomicFile.write(perPatient.joined(separator: "\n") + "\n", to: "\(folder)/per_patient.csv")
        } catch { throw .data(TransferDataError(path: folder, reason: "cannot write the results: \(error)")) }
        do { try TransferSampleGrid.write(rows: figure, side: side, to: "\(folder)/figure5.png") } catch { throw .data(error) }
    }
}
