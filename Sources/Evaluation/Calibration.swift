/// Calibration of the top-1 prediction: expected calibration error over equal-width bins of the
/// confidence (the maximum probability), and the reliability-diagram data behind it.
public struct Calibration: Sendable, Equatable, Codable {
    /// One confidence bin; `lower` is exclusive and `upper` inclusive, except that the first bin
    /// also holds confidence 0.
    public struct Bin: Sendable, Equatable, Codable {
        public var lower: Double
        public var upper: Double
        public var count: Int
        /// Mean confidence of the bin's studies; `nil` when empty.
        public var meanConfidence: Double?
        /// Fraction of the bin's studies whose arg-max class is right; `nil` when empty.
        public var accuracy: Double?
    }

    public var bins: [Bin]
    /// ECE = Σ_b (n_b / N) · |accuracy_b − confidence_b|.
    public var expectedCalibrationError: Double
    /// The largest |accuracy_b − confidence_b| over non-empty bins.
    public var maximumCalibrationError: Double

    /// The paper gives no calibration protocol; 15 bins is the usual choice (Guo et al. 2017).
    public static let defaultBinCount = 15

    public init(_ predictions: Predictions, binCount: Int = Calibration.defaultBinCount) {
        let b = max(1, binCount)
        var count = [Int](repeating: 0, count: b)
        var confidence = [Double](repeating: 0, count: b)
        var correct = [Int](repeating: 0, count: b)
        for row in predictions.rows {
            let predicted = row.predicted
            let conf = row.probability(predicted)
            // Bin i holds (i/b, (i+1)/b]; ceil keeps exact bin edges in the lower bin.
            let bin = min(b - 1, max(0, Int((conf * Double(b)).rounded(.up)) - 1))
            count[bin] += 1
            confidence[bin] += conf
            if predicted == row.label { correct[bin] += 1 }
        }
        let n = Double(max(1, predictions.count))
        var ece = 0.0, mce = 0.0
        bins = (0..<b).map { i in
            let c = count[i]
            guard c > 0 else {
                return Bin(lower: Double(i) / Double(b), upper: Double(i + 1) / Double(b), count: 0,
                           meanConfidence: nil, accuracy: nil)
            }
            let meanConf = confidence[i] / Double(c)
            let acc = Double(correct[i]) / Double(c)
            let gap = abs(acc - meanConf)
            ece += Double(c) / n * gap
            mce = max(mce, gap)
            return Bin(lower: Double(i) / Double(b), upper: Double(i + 1) / Double(b), count: c,
                       meanConfidence: meanConf, accuracy: acc)
        }
        expectedCalibrationError = ece
        maximumCalibrationError = mce
    }
}
