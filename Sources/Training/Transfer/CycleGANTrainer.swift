import Foundation
import MedicalIO
import Models
import Statistics
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

/// What the CycleGAN reports after each epoch: its mean losses and the health verdict on them.
public struct CycleGANEpochMetrics: Sendable, Equatable {
    public var losses: TransferEpochLosses
    public var verdict: TrainingHealth.Verdict
}

/// What the CycleGAN trainer reports as it goes.
public typealias TransferTrainingEvent = TrainingEvent<CycleGANEpochMetrics>

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
/// Training runs in the shared `TrainingLoop`; output folder: `checkpoints/last.safetensors`
/// (everything, for `resume`; written atomically every epoch with the pools beside it),
/// `model.safetensors` (the loop's best checkpoint: the weights of the last healthy epoch),
/// `history.csv`, `samples/epoch-NNN.png`. `resume` continues bit-identically on the CPU: pair
/// order is a function of (seed, epoch), the pools' draws of (seed, step), and the pools'
/// contents are restored.
public final class CycleGANTrainer {
    public let config: TransferNetworkConfig
    public let options: CycleGANTrainingOptions
    public let model: CycleGAN
    public let device: Device
    let folder: String?
    let poolFlair: ImagePool
    let poolT1ce: ImagePool

    public init(config: TransferNetworkConfig, options: CycleGANTrainingOptions, device: Device = .cpu,
                folder: String?) throws(TorchError) {
        self.config = config
        self.options = options
        self.device = device
        self.folder = folder
        model = try CycleGAN(config: config, generator: Generator(seed: options.seed))
        if device != .cpu { try model.to(device) }
        poolFlair = ImagePool(capacity: options.poolSize, seed: options.seed ^ 0xF1A1)
        poolT1ce = ImagePool(capacity: options.poolSize, seed: options.seed ^ 0x71CE)
    }

    var checkpoints: CheckpointPaths? {
        folder.map { CheckpointPaths(last: "\($0)/checkpoints/last.safetensors", best: "\($0)/model.safetensors") }
    }
    var poolPath: String? { folder.map { "\($0)/checkpoints/last-pool.safetensors" } }

    /// The pairs of one epoch, in order: up to `pairsPerPatient` per patient, shuffled.
    func epochPairs(_ patients: [TransferPatient], epoch: Int) -> [(patient: Int, pair: SlicePair)] {
        var rng = SplitMix64(seed: SeedMixing.advanced(options.seed, by: epoch + 1))
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
        return (try Tensor.wrapping(a, shape: [items.count, 1, s, s]).to(device), try Tensor.wrapping(b, shape: [items.count, 1, s, s]).to(device))
    }

    /// Trains on `training` for `options.maxEpochs`, validating on `validation` after each epoch.
    @discardableResult
    public func train(training: [TransferPatient], validation: [TransferPatient], resume: Bool = false,
                      onEvent: (TransferTrainingEvent) -> Void = { _ in }) throws(TrainingError) -> TrainingOutcome {
        guard training.contains(where: { !$0.pairs.isEmpty }) else {
            throw .noTrainingData("no slice pairs to train on (need patients with both T1 CE and FLAIR)")
        }
        for p in training + validation where p.grid.sliceSize != config.sliceSize {
            throw .data(TransferDataError(path: p.t1cePath, reason: "slices are \(p.grid.sliceSize) pixels, the networks take \(config.sliceSize)"))
        }
        let task = try CycleGANTrainingTask(trainer: self, training: training, validation: validation)
        return try TrainingLoop(task: task, maxEpochs: options.maxEpochs, earlyStopping: options.earlyStopping,
                                checkpoints: checkpoints).run(resume: resume, onEvent: onEvent)
    }
}
