import Foundation
import MedicalIO
import Models
import Torch

/// Mean losses of one epoch: the four networks' own terms, the cycle and identity terms, and
/// the validation patients' cycle loss and paired error.
public struct TransferEpochLosses: Codable, Sendable, Equatable {
    public var epoch: Int
    /// Eq. 3's term of generator 1 (T1 CE → FLAIR) and of generator 2 (FLAIR → T1 CE).
    public var generatorT1ceToFlair = 0.0
    public var generatorFlairToT1ce = 0.0
    /// Eq. 4 (both directions, before λ).
    public var cycle = 0.0
    public var identity = 0.0
    /// The paired term (both directions, before its weight); 0 when it is off.
    public var paired = 0.0
    /// Eq. 2: what the generators minimise.
    public var generatorObjective = 0.0
    /// Eq. 5 (discriminator 1, FLAIR) and Eq. 6 (discriminator 2, T1 CE).
    public var discriminatorFlair = 0.0
    public var discriminatorT1ce = 0.0
    /// Validation: Eq. 4 and the mean |G(source) − paired target| over both directions, in [-1, 1] units.
    public var validationCycle = 0.0
    public var validationPairedMAE = 0.0
    public var seconds = 0.0

    public init(epoch: Int) { self.epoch = epoch }

    private enum CodingKeys: String, CodingKey {
        case epoch, generatorT1ceToFlair, generatorFlairToT1ce, cycle, identity, paired, generatorObjective
        case discriminatorFlair, discriminatorT1ce, validationCycle, validationPairedMAE, seconds
    }

    /// Histories in checkpoints written before the paired term existed decode with it at 0.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        epoch = try c.decode(Int.self, forKey: .epoch)
        generatorT1ceToFlair = try c.decode(Double.self, forKey: .generatorT1ceToFlair)
        generatorFlairToT1ce = try c.decode(Double.self, forKey: .generatorFlairToT1ce)
        cycle = try c.decode(Double.self, forKey: .cycle)
        identity = try c.decode(Double.self, forKey: .identity)
        paired = try c.decodeIfPresent(Double.self, forKey: .paired) ?? 0
        generatorObjective = try c.decode(Double.self, forKey: .generatorObjective)
        discriminatorFlair = try c.decode(Double.self, forKey: .discriminatorFlair)
        discriminatorT1ce = try c.decode(Double.self, forKey: .discriminatorT1ce)
        validationCycle = try c.decode(Double.self, forKey: .validationCycle)
        validationPairedMAE = try c.decode(Double.self, forKey: .validationPairedMAE)
        seconds = try c.decode(Double.self, forKey: .seconds)
    }

    static let csvHeader = "epoch,g_t1ce_to_flair,g_flair_to_t1ce,cycle,identity,paired,g_objective,d_flair,d_t1ce,val_cycle,val_paired_mae,seconds"
    var csvRow: String {
        ([String(epoch + 1)] + [generatorT1ceToFlair, generatorFlairToT1ce, cycle, identity, paired, generatorObjective,
                                discriminatorFlair, discriminatorT1ce, validationCycle, validationPairedMAE, seconds]
            .map { String(format: "%.6g", $0) }).joined(separator: ",")
    }
}

/// What the CycleGAN trainer reports as it goes.
public enum TransferTrainingEvent: Sendable {
    case resumed(fromEpoch: Int)
    case epochStarted(epoch: Int, epochs: Int, steps: Int)
    case epochFinished(TransferEpochLosses, verdict: TrainingHealth.Verdict)
    case sampleWritten(path: String)
}

/// Why CycleGAN training stopped.
public enum TransferTrainingError: Error, CustomStringConvertible {
    case nonFiniteLoss(epoch: Int, step: Int, loss: String, kept: String?)
    case collapsed(epoch: Int, discriminator: String, epochs: Int, kept: String?)
    case noTrainingPairs
    case engine(TorchError)
    case checkpoint(String)
    case data(TransferDataError)

    public var description: String {
        let keep = { (k: String?) in k.map { ". The last good model is kept at \($0)" } ?? ". No epoch finished healthy, so no model was kept" }
        switch self {
        case .nonFiniteLoss(let e, let s, let l, let k):
            return "the \(l) loss became non-finite at epoch \(e + 1), step \(s + 1); training stopped (divergence)" + keep(k)
        case .collapsed(let e, let d, let n, let k):
            return "the \(d) discriminator's loss stayed near zero for \(n) epochs (to epoch \(e + 1)): it wins outright "
                + "and the generators no longer learn (mode collapse); training stopped" + keep(k)
        case .noTrainingPairs: return "no slice pairs to train on (need patients with both T1 CE and FLAIR)"
        case .engine(let e): return "\(e)"
        case .checkpoint(let why): return "checkpoint: \(why)"
        case .data(let e): return "\(e)"
        }
    }
}

/// Trains the paper's modality-transfer CycleGAN on paired slices.
///
/// Weak supervision: each step takes one slice pair (a T1 CE slice and the FLAIR slice paired
/// with it by the data set's pairing, the paper's highest mutual information) as the A and B
/// images of the step. The losses stay the unpaired CycleGAN's — nothing compares G1(x) with
/// its pair y — but A and B show the same anatomy, so the discriminators judge fakes against
/// real slices of the matching level. Per step, as the reference: generators (discriminators
/// frozen), then discriminators on fakes drawn through the image pools.
///
/// One Adam over all four networks: libtorch's Adam keeps per-parameter state and skips
/// parameters without a gradient, so this equals the reference's two optimisers (same settings).
///
/// Output folder: `checkpoints/last.safetensors` (everything, for `resume`; written atomically
/// every epoch with the pools beside it), `model.safetensors` (weights of the last healthy
/// epoch), `history.csv`, `samples/epoch-NNN.png`. `resume` continues bit-identically on the
/// CPU: pair order is a function of (seed, epoch), the pools' draws of (seed, step), and the
/// pools' contents are restored.
public final class CycleGANTrainer {
    public let config: TransferNetworkConfig
    public let options: CycleGANTrainingOptions
    public let model: CycleGAN
    let folder: String?
    let poolFlair: ImagePool
    let poolT1ce: ImagePool

    public init(config: TransferNetworkConfig, options: CycleGANTrainingOptions, folder: String?) throws(TorchError) {
        self.config = config
        self.options = options
        self.folder = folder
        model = try CycleGAN(config: config, generator: Generator(seed: options.seed))
        poolFlair = ImagePool(capacity: options.poolSize, seed: options.seed ^ 0xF1A1)
        poolT1ce = ImagePool(capacity: options.poolSize, seed: options.seed ^ 0x71CE)
    }

    var lastPath: String? { folder.map { "\($0)/checkpoints/last.safetensors" } }
    var poolPath: String? { folder.map { "\($0)/checkpoints/last-pool.safetensors" } }
    public var modelPath: String? { folder.map { "\($0)/model.safetensors" } }

    /// The pairs of one epoch, in order: up to `pairsPerPatient` per patient, shuffled.
    func epochPairs(_ patients: [TransferPatient], epoch: Int) -> [(patient: Int, pair: SlicePair)] {
        var rng = SplitMix64(seed: options.seed &+ UInt64(epoch + 1) &* 0x9E37_79B9_7F4A_7C15)
        var all: [(Int, SlicePair)] = []
        for (i, p) in patients.enumerated() {
            var pairs = p.pairs
            if let n = options.pairsPerPatient, n < pairs.count { pairs = Array(pairs.shuffled(using: &rng).prefix(n)) }
            all += pairs.map { (i, $0) }
        }
        return all.shuffled(using: &rng)
    }

    func batchTensors(_ items: ArraySlice<(patient: Int, pair: SlicePair)>, _ patients: [TransferPatient]) throws(TorchError) -> (Tensor, Tensor) {
        var a: [Float] = [], b: [Float] = []
        for item in items {
            a += patients[item.patient].slice("t1ce", item.pair.t1ce)
            b += patients[item.patient].slice("flair", item.pair.flair)
        }
        let s = config.sliceSize
        return (try Tensor.wrapping(a, shape: [items.count, 1, s, s]), try Tensor.wrapping(b, shape: [items.count, 1, s, s]))
    }

    /// Trains on `training` for `options.epochs`, validating on `validation` after each epoch.
    public func train(training: [TransferPatient], validation: [TransferPatient], resume: Bool = false,
                      onEvent: (TransferTrainingEvent) -> Void = { _ in }) throws(TransferTrainingError) {
        guard training.contains(where: { !$0.pairs.isEmpty }) else { throw .noTrainingPairs }
        for p in training + validation where p.grid.sliceSize != config.sliceSize {
            throw .data(TransferDataError(path: p.t1cePath, reason: "slices are \(p.grid.sliceSize) pixels, the networks take \(config.sliceSize)"))
        }
        let optimizer: Adam
        do { optimizer = try Adam(model.parameters(), learningRate: options.learningRate, betas: (options.beta1, options.beta2)) } catch { throw .engine(error) }
        var health = TrainingHealth(threshold: options.collapseThreshold, patience: options.collapseEpochs)
        var history: [TransferEpochLosses] = []
        var keptModel: String? = nil
        var startEpoch = 0
        if resume, let last = lastPath, FileManager.default.fileExists(atPath: last) {
            let state = try restore(from: last, optimizer: optimizer)
            (startEpoch, health, history, keptModel) = (state.epoch + 1, state.health, state.history, state.kept)
            onEvent(.resumed(fromEpoch: startEpoch))
        }
        if let folder { try? FileManager.default.createDirectory(atPath: "\(folder)/checkpoints", withIntermediateDirectories: true) }
        for epoch in startEpoch..<options.epochs {
            let started = Date()
            let items = epochPairs(training, epoch: epoch)
            let batch = max(1, options.batchSize)
            let stepsPerEpoch = (items.count + batch - 1) / batch
            onEvent(.epochStarted(epoch: epoch, epochs: options.epochs, steps: stepsPerEpoch))
            var sums = TransferEpochLosses(epoch: epoch)
            model.train()
            for s in 0..<stepsPerEpoch {
                let slice = items[(s * batch)..<min(items.count, (s + 1) * batch)]
                let globalStep = epoch * stepsPerEpoch + s
                let l: StepLosses
                do {
                    let (a, b) = try batchTensors(slice, training)
                    l = try step(a, b, optimizer: optimizer, step: globalStep)
                } catch { throw .engine(error) }
                if case .nonFinite(let name) = TrainingHealth.check(step: l.named) {
                    throw .nonFiniteLoss(epoch: epoch, step: s, loss: name, kept: keptModel)
                }
                l.accumulate(into: &sums)
            }
            sums.scale(1 / Double(max(1, stepsPerEpoch)))
            do { (sums.validationCycle, sums.validationPairedMAE) = try validate(validation.isEmpty ? training : validation) } catch { throw .engine(error) }
            sums.seconds = Date().timeIntervalSince(started)
            history.append(sums)
            let verdict = health.record(epoch: ["FLAIR (D1)": sums.discriminatorFlair, "T1 CE (D2)": sums.discriminatorT1ce])
            if verdict == .healthy, let path = modelPath {
                do { try Checkpoint.save(to: path, model: model, globalRNG: [], info: .init(epoch: epoch)) } catch { throw .checkpoint("\(error)") }
                keptModel = path
            }
            try saveState(epoch: epoch, optimizer: optimizer, health: health, history: history, kept: keptModel)
            onEvent(.epochFinished(sums, verdict: verdict))
            if options.sampleEvery > 0, (epoch + 1) % options.sampleEvery == 0 || epoch + 1 == options.epochs, let folder {
                let path = String(format: "%@/samples/epoch-%03d.png", folder, epoch + 1)
                try writeSample(validation.isEmpty ? training : validation, to: path)
                onEvent(.sampleWritten(path: path))
            }
            switch verdict {
            case .collapsed(let d, let n): throw .collapsed(epoch: epoch, discriminator: d, epochs: n, kept: keptModel)
            case .nonFinite(let name): throw .nonFiniteLoss(epoch: epoch, step: stepsPerEpoch - 1, loss: name, kept: keptModel)
            case .healthy, .suspicious: break
            }
        }
    }
}
