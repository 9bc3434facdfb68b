import MedicalIO

extension SegmentationInferenceOutcome: Encodable {
    private enum CodingKeys: String, CodingKey { case size, spacing, tumourVoxels, tumourML, maxProbability, seconds }

    /// The image grid as `size` and `spacing` arrays beside the figures.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(geometry.size.array, forKey: .size)
        try c.encode(geometry.spacing.array, forKey: .spacing)
        try c.encode(tumourVoxels, forKey: .tumourVoxels)
        try c.encode(tumourML, forKey: .tumourML)
        try c.encode(maxProbability, forKey: .maxProbability)
        try c.encode(seconds, forKey: .seconds)
    }
}
