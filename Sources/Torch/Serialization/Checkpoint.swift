import Foundation

/// Training checkpoints: model, optimiser, scheduler, random-number state, progress and user
/// metadata in one safetensors file, written atomically.
///
/// Tensors are stored as `model.<key>`, `optimizer.<parameter index>.<state name>`,
/// `rng.global.<device>` and `rng.generator.<name>`; everything else is a JSON manifest in the
/// file's metadata under `metorigin.checkpoint`. Saving then loading into freshly made objects
/// of the same configuration and continuing gives, on the CPU, bit-identical results to never
/// stopping.
public enum Checkpoint {
    /// Where training stood and what the caller attached.
    public struct Info: Sendable, Equatable {
        public var step: Int
        public var epoch: Int
        public var metadata: [String: String]
        public init(step: Int = 0, epoch: Int = 0, metadata: [String: String] = [:]) {
            self.step = step
            self.epoch = epoch
            self.metadata = metadata
        }
    }

    static let manifestKey = "metorigin.checkpoint"
    static let formatKey = "format"
    static let format = "metorigin-checkpoint-1"

    /// Saves a checkpoint to `path` atomically.
    /// - Parameters:
    ///   - globalRNG: devices whose global generator state to keep (the CPU's drives dropout).
    ///   - generators: explicit generators to keep, by a name of the caller's choice.
    public static func save(to path: String, model: Module, optimizer: (any Optimizer)? = nil,
                            scheduler: (any LRScheduler)? = nil, globalRNG: [Device] = [.cpu],
                            generators: [String: Generator] = [:], info: Info = Info()) throws(CheckpointError) {
        var tensors: [String: Tensor] = [:]
        var manifest = Manifest(step: info.step, epoch: info.epoch, metadata: info.metadata)
        do {
            for (key, value) in model.stateDict() {
                tensors["model." + key] = value
                manifest.modelKeys.append(key)
            }
            manifest.modelKeys.sort()
            if let optimizer {
                let state = try optimizer.state()
                manifest.optimizer = OptimizerManifest(state)
                for (i, named) in state.tensors.enumerated() {
                    for (name, t) in named { tensors["optimizer.\(i).\(name)"] = t }
                }
            }
            manifest.scheduler = scheduler?.state()
            for device in globalRNG {
                tensors["rng.global.\(device)"] = try Torch.rngState(device: device)
                manifest.globalRNG.append(device.description)
            }
            for (name, generator) in generators {
                tensors["rng.generator.\(name)"] = try generator.state()
                manifest.generators.append(name)
            }
            manifest.generators.sort()
        } catch {
            throw .torch(file: path, message: error.message)
        }
        let json: String
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            encoder.nonConformingFloatEncodingStrategy = floatStrings
            json = String(decoding: try encoder.encode(manifest), as: UTF8.self)
        } catch {
            throw .invalid(file: path, reason: "cannot encode the manifest: \(error)")
        }
        do {
            try SafeTensors.write(tensors, metadata: [formatKey: format, manifestKey: json], to: path)
        } catch {
            throw .file(error)
        }
    }

    /// Reads the checkpoint at `path` and restores what it holds into the given objects, which
    /// must have the configuration of those saved (same model keys and shapes, same optimiser
    /// kind and settings, same scheduler kind). Everything is checked before anything changes.
    /// - Parameters:
    ///   - globalRNG: whether to restore the global generators saved.
    ///   - generators: generators to restore, by the names used when saving; each must be in the file.
    @discardableResult
    public static func load(from path: String, model: Module, optimizer: (any Optimizer)? = nil,
                            scheduler: (any LRScheduler)? = nil, globalRNG: Bool = true,
                            generators: [String: Generator] = [:]) throws(CheckpointError) -> Info {
        let contents: SafeTensors.Contents
        do { contents = try SafeTensors.read(path) } catch { throw .file(error) }
        let manifest = try readManifest(contents.metadata, file: path)
        let tensors = contents.tensors

        // Check.
        var modelDict: [String: Tensor] = [:]
        for key in manifest.modelKeys {
            guard let t = tensors["model." + key] else { throw .invalid(file: path, reason: "model tensor '\(key)' is missing") }
            modelDict[key] = t
        }
        let own = model.stateDict()
        let missing = own.keys.filter { modelDict[$0] == nil }.sorted()
        let unexpected = modelDict.keys.filter { own[$0] == nil }.sorted()
        guard missing.isEmpty && unexpected.isEmpty else {
            throw .mismatch(file: path, reason: "model keys differ: missing \(missing), unexpected \(unexpected)")
        }
        for (key, t) in own where modelDict[key]?.shape != t.shape {
            throw .mismatch(file: path, reason: "model tensor '\(key)' has shape \(modelDict[key]?.shape ?? []), the model \(t.shape)")
        }
        var optimizerState: OptimizerState?
        if let optimizer {
            guard let saved = manifest.optimizer else { throw .mismatch(file: path, reason: "the checkpoint has no optimizer state") }
            var perParameter: [[String: Tensor]] = []
            for (i, names) in saved.stateTensors.enumerated() {
                var named: [String: Tensor] = [:]
                for name in names {
                    guard let t = tensors["optimizer.\(i).\(name)"] else {
                        throw .invalid(file: path, reason: "optimizer tensor '\(i).\(name)' is missing")
                    }
                    named[name] = t
                }
                perParameter.append(named)
            }
            guard saved.steps.count == perParameter.count else {
                throw .invalid(file: path, reason: "optimizer state lists \(saved.steps.count) step counts for \(perParameter.count) parameters")
            }
            let state = OptimizerState(kind: saved.kind, hyperparameters: saved.hyperparameters,
                                       learningRate: saved.learningRate, initialLearningRate: saved.initialLearningRate,
                                       steps: saved.steps, tensors: perParameter)
            optimizerState = state
            do { try optimizer.validate(state: state) } catch {
                throw .mismatch(file: path, reason: error.message)
            }
        }
        if let scheduler {
            guard let saved = manifest.scheduler else { throw .mismatch(file: path, reason: "the checkpoint has no scheduler state") }
            let kind = scheduler.state().kind
            guard saved.kind == kind else { throw .mismatch(file: path, reason: "scheduler is \(kind), the checkpoint holds \(saved.kind)") }
        }
        var rng: [(Device, Tensor)] = []
        if globalRNG {
            for name in manifest.globalRNG {
                guard let device = Device(parsing: name), let t = tensors["rng.global.\(name)"] else {
                    throw .invalid(file: path, reason: "global generator state '\(name)' is missing or unnamed")
                }
                rng.append((device, t))
            }
        }
        var generatorStates: [(Generator, Tensor)] = []
        for (name, generator) in generators.sorted(by: { $0.key < $1.key }) {
            guard let t = tensors["rng.generator.\(name)"] else {
                throw .mismatch(file: path, reason: "the checkpoint has no generator named '\(name)'")
            }
            generatorStates.append((generator, t))
        }

        // Apply: the scheduler first, since its load is the one not fully checked above.
        if let scheduler, let saved = manifest.scheduler {
            do { try scheduler.load(state: saved) } catch { throw .mismatch(file: path, reason: error.description) }
        }
        do {
            try model.load(stateDict: modelDict, strict: true)
            if let optimizer, let optimizerState { try optimizer.load(state: optimizerState) }
            for (device, t) in rng { try Torch.setRNGState(t, device: device) }
            for (generator, t) in generatorStates { try generator.setState(t) }
        } catch {
            throw .torch(file: path, message: error.message)
        }
        return Info(step: manifest.step, epoch: manifest.epoch, metadata: manifest.metadata)
    }

    /// Progress and metadata of the checkpoint at `path`, without restoring anything.
    public static func info(at path: String) throws(CheckpointError) -> Info {
        let header: SafeTensors.Header
        do { header = try SafeTensors.readHeader(path) } catch { throw .file(error) }
        let m = try readManifest(header.metadata, file: path)
        return Info(step: m.step, epoch: m.epoch, metadata: m.metadata)
    }

    private static let floatStrings = JSONEncoder.NonConformingFloatEncodingStrategy.convertToString(
        positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")

    private static func readManifest(_ metadata: [String: String], file: String) throws(CheckpointError) -> Manifest {
        guard metadata[formatKey] == format, let json = metadata[manifestKey] else {
            throw .invalid(file: file, reason: "not a MetOrigin checkpoint (format '\(metadata[formatKey] ?? "none")')")
        }
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do {
            return try decoder.decode(Manifest.self, from: Data(json.utf8))
        } catch {
            throw .invalid(file: file, reason: "unreadable manifest: \(error)")
        }
    }
}
