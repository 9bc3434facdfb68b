/// The settings of one task's training that are not shared (batch size, learning rate,
/// sampling, augmentation…), with the task's paper and demo protocols.
public protocol TrainingSettings: Codable, Sendable, Equatable {
    static var paper: TrainingOptions<Self> { get }
    static var demo: TrainingOptions<Self> { get }
}

/// How a network is trained: the settings every task shares — the epoch budget, early stopping
/// and the seed — and the task's own `settings`, whose fields read and write as if they were
/// this struct's (`options.batchSize`).
///
/// In JSON (a `--config` section, a model's provenance) all fields sit in one flat object, so
/// `{"maxEpochs": 5, "batchSize": 4}` overrides one of each.
@dynamicMemberLookup
public struct TrainingOptions<Settings: TrainingSettings>: Codable, Sendable, Equatable {
    /// Upper bound on epochs; with early stopping, training normally ends before.
    public var maxEpochs: Int
    /// Stop when the task's monitored loss has not fallen by `minRelativeImprovement` below its
    /// best for `patience` consecutive epochs (`EarlyStopping`); nil: run all `maxEpochs`.
    public var patience: Int?
    public var minRelativeImprovement: Double
    /// Every random process of the run (initialisation, sampling, augmentation, dropout) derives from it.
    public var seed: UInt64
    public var settings: Settings

    public init(maxEpochs: Int, patience: Int?, minRelativeImprovement: Double = 0.01, seed: UInt64 = 0, settings: Settings) {
        self.maxEpochs = maxEpochs
        self.patience = patience
        self.minRelativeImprovement = minRelativeImprovement
        self.seed = seed
        self.settings = settings
    }

    /// The paper's protocol.
    public init() { self = Settings.paper }

    public static var paper: Self { Settings.paper }
    public static var demo: Self { Settings.demo }

    /// `paper` or `demo`; nil for another name.
    public static func preset(_ name: String) -> Self? {
        switch name {
        case "paper": return paper
        case "demo": return demo
        default: return nil
        }
    }

    public subscript<T>(dynamicMember key: WritableKeyPath<Settings, T>) -> T {
        get { settings[keyPath: key] }
        set { settings[keyPath: key] = newValue }
    }

    /// The stopping rule as a fresh run starts it.
    public var earlyStopping: EarlyStopping {
        EarlyStopping(patience: patience ?? .max, minRelativeImprovement: minRelativeImprovement)
    }

    private enum SharedKeys: String, CodingKey {
        case maxEpochs, patience, minRelativeImprovement, seed
        /// The CycleGAN's epoch count in transfer models written before the settings were shared.
        case epochs
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: SharedKeys.self)
        if let n = try c.decodeIfPresent(Int.self, forKey: .maxEpochs) { maxEpochs = n } else {
            maxEpochs = try c.decode(Int.self, forKey: .epochs)
        }
        patience = try c.decodeIfPresent(Int.self, forKey: .patience)
        minRelativeImprovement = try c.decodeIfPresent(Double.self, forKey: .minRelativeImprovement) ?? 0.01
        seed = try c.decode(UInt64.self, forKey: .seed)
        settings = try Settings(from: decoder)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: SharedKeys.self)
        try c.encode(maxEpochs, forKey: .maxEpochs)
        try c.encodeIfPresent(patience, forKey: .patience)
        try c.encode(minRelativeImprovement, forKey: .minRelativeImprovement)
        try c.encode(seed, forKey: .seed)
        try settings.encode(to: encoder)
    }
}

/// Settings whose counts a user can set in a `--config` file, checked there as the command
/// line checks its own: a zero or negative epoch budget would report on an untrained network.
public protocol CountChecked {
    /// The first count that cannot train (its key, and why), or nil.
    var countProblem: (key: String, reason: String)? { get }
}

extension TrainingOptions: CountChecked {
    public var countProblem: (key: String, reason: String)? {
        if maxEpochs < 1 { return ("maxEpochs", "must be at least 1, got \(maxEpochs)") }
        if let patience, patience < 1 { return ("patience", "must be at least 1, got \(patience)") }
        return nil
    }
}
