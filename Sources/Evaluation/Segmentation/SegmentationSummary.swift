/// Detection of truth lesions pooled over studies, in one size bin or (`bin` nil) all together.
public struct DetectionRate: Sendable, Codable, Equatable {
    public var bin: LesionSizeBin?
    public var lesions: Int
    public var detected: Int
    /// detected / lesions; `nil` when the bin holds no lesion.
    public var sensitivity: Double? { lesions > 0 ? Double(detected) / Double(lesions) : nil }

    private enum CodingKeys: String, CodingKey { case bin, lesions, detected, sensitivity }

    public init(bin: LesionSizeBin?, lesions: Int, detected: Int) {
        self.bin = bin
        self.lesions = lesions
        self.detected = detected
    }

    /// One rate per size bin (every bin, empty ones included) over `records`.
    public static func byBin(_ records: [LesionRecord]) -> [DetectionRate] {
        LesionSizeBin.allCases.map { bin in
            let inBin = records.filter { $0.bin == bin }
            return DetectionRate(bin: bin, lesions: inBin.count, detected: inBin.filter(\.detected).count)
        }
    }

    /// All of `records` together (`bin` nil).
    public static func overall(_ records: [LesionRecord]) -> DetectionRate {
        DetectionRate(bin: nil, lesions: records.count, detected: records.filter(\.detected).count)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(bin: try c.decodeIfPresent(LesionSizeBin.self, forKey: .bin), lesions: try c.decode(Int.self, forKey: .lesions),
                  detected: try c.decode(Int.self, forKey: .detected))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(bin, forKey: .bin)
        try c.encode(lesions, forKey: .lesions)
        try c.encode(detected, forKey: .detected)
        try c.encodeIfPresent(sensitivity, forKey: .sensitivity)
    }
}

/// Segmentation figures over a set of studies (one network, one modality), for `metrics.json`.
///
/// - `dice`, `lesionWiseDice`, `lesionWiseHD95MM`: per-study values averaged over the studies
///   **with** lesions (studies without lesions are judged by their false-positive volume, not by
///   a Dice of 1 for saying nothing).
/// - `detectedLesionHD95MM`: over every detected lesion (no miss penalty), the distance users
///   read as contour accuracy.
/// - `sensitivityByBin`: lesions pooled over studies, per size bin; `sensitivity` over all sizes.
/// - `falsePositivesPerStudy`: false-positive components per study over all studies.
/// - `emptyStudyFalsePositiveVolumeML`: predicted volume on the studies without any lesion
///   (conservativeness), and how many of those had any prediction at all.
public struct SegmentationSummary: Sendable, Codable, Equatable {
    public var studies: Int
    public var studiesWithLesions: Int
    public var studiesWithoutLesions: Int
    public var dice: MeanAndSD
    public var lesionWiseDice: MeanAndSD
    public var lesionWiseHD95MM: MeanAndSD
    public var detectedLesionHD95MM: MeanAndSD
    public var sensitivityByBin: [DetectionRate]
    public var sensitivity: DetectionRate
    public var falsePositivesPerStudy: MeanAndSD
    public var emptyStudyFalsePositiveVolumeML: MeanAndSD
    public var emptyStudiesWithFalsePositives: Int

    public init(_ studies: [StudySegmentationMetrics]) {
        let withLesions = studies.filter { !$0.truthIsEmpty }, empty = studies.filter(\.truthIsEmpty)
        self.studies = studies.count
        studiesWithLesions = withLesions.count
        studiesWithoutLesions = empty.count
        dice = MeanAndSD(withLesions.map(\.caseDice))
        lesionWiseDice = MeanAndSD(withLesions.map(\.lesionWiseDice))
        lesionWiseHD95MM = MeanAndSD(withLesions.map(\.lesionWiseHD95MM))
        let lesions = studies.flatMap(\.lesions)
        detectedLesionHD95MM = MeanAndSD(lesions.compactMap(\.hd95MM))
        sensitivityByBin = DetectionRate.byBin(lesions)
        sensitivity = DetectionRate.overall(lesions)
        falsePositivesPerStudy = MeanAndSD(studies.map { Double($0.falsePositives) })
        emptyStudyFalsePositiveVolumeML = MeanAndSD(empty.map(\.falsePositiveVolumeML))
        emptyStudiesWithFalsePositives = empty.filter { $0.falsePositives > 0 }.count
    }
}
