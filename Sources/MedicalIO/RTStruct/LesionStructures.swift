extension RTStructBuilder.Structure {
    /// One structure per lesion: the 26-connected components (`MaskComponents`) of the voxels of
    /// `mask` equal to `label` (non-zero when nil), named "`namePrefix` 1", "`namePrefix` 2", … in
    /// the components' scan order. The structures share one label volume holding each lesion's
    /// number, so many lesions cost one copy of the grid. At most 255 lesions fit; more is an error.
    public static func lesions(of mask: LabelVolume, label: UInt8? = nil, namePrefix: String = "Lesion",
                               minimumVoxels: Int = 1, interpretedType: String = "GTV",
                               generationAlgorithm: String = "AUTOMATIC") throws(RTStructError) -> [RTStructBuilder.Structure] {
        let inside: [Bool] = label.map { l in mask.voxels.map { $0 == l } } ?? mask.voxels.map { $0 != 0 }
        let components = MaskComponents.find(inside, size: mask.size, minimumVoxels: minimumVoxels)
        guard components.count <= 255 else {
            throw .invalidArgument("\(components.count) lesions do not fit one label volume (at most 255)")
        }
        var numbered = mask
        for i in numbered.voxels.indices { numbered.voxels[i] = 0 }
        for c in components { for v in c.voxels { numbered.voxels[v] = UInt8(c.id) } }
        return components.map { c in
            RTStructBuilder.Structure(name: "\(namePrefix) \(c.id)", mask: numbered, label: UInt8(c.id),
                                      interpretedType: interpretedType, generationAlgorithm: generationAlgorithm)
        }
    }
}
