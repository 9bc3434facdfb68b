/// Draws an epoch's training slices so that lesion-bearing slices make up `lesionShare` of it
/// rather than the few per cent they are of a brain: the classifier's `ClassSampler` over two
/// classes (empty, lesion-bearing), so the rarer class is over-sampled evenly and the commoner
/// one sub-sampled afresh each epoch. Deterministic in (seed, epoch).
public struct SliceSampler: Sendable {
    public let lesionShare: Double
    public let epochSize: Int

    public init(lesionShare: Double, epochSize: Int) {
        self.lesionShare = min(max(lesionShare, 0), 1)
        self.epochSize = epochSize
    }

    /// Indices into `slices` for one epoch, shuffled. Without any lesion-bearing (or any empty)
    /// slice the epoch is drawn from the other kind alone.
    public func epoch(_ slices: [SliceRef], epoch: Int, seed: UInt64) -> [Int] {
        ClassSampler(fractions: [1 - lesionShare, lesionShare], epochSize: epochSize)
            .epoch(labels: slices.map { $0.hasLesion ? 1 : 0 }, epoch: epoch, seed: seed)
    }
}
