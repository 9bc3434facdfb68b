/// Which of a NIfTI header's transforms places the voxels, chosen in the order the NIfTI-1
/// standard gives: the sform when `sform_code` > 0, else the qform when `qform_code` > 0, else
/// voxel sizes only ("method 1"). A transform that is set but unusable (non-finite values, a
/// singular matrix, a quaternion that is not a rotation) is skipped with a warning naming it and
/// the transform used instead; when none is usable the file is refused.
enum NIfTIGrid {
    /// The affine, its LPS grid, and the warnings to pass on to the user.
    static func choose(_ h: NIfTIHeader, path: String) throws(NIfTIError) -> (RASAffine, ImageGeometry, warnings: [String]) {
        let size = h.gridSize
        var skipped: [String] = []
        if h.sformCode > 0 {
            let affine = RASAffine(rows: h.srow)
            switch grid(affine, size: size) {
            case .success(let g): return (affine, g, [])
            case .failure(let why): skipped.append("sform (sform_code \(h.sformCode)) \(why.reason)")
            }
        }
        if h.qformCode > 0 {
            if let why = qformProblem(h) {
                skipped.append("qform (qform_code \(h.qformCode)) \(why)")
            } else {
                let affine = RASAffine.fromQuaternion(h.quaternion, qfac: h.pixdim[0], pixdim: voxelSizes(h), offset: h.qoffset)
                switch grid(affine, size: size) {
                case .success(let g): return (affine, g, warning(path, skipped, used: "the qform"))
                case .failure(let why): skipped.append("qform (qform_code \(h.qformCode)) \(why.reason)")
                }
            }
        }
        let pix = voxelSizes(h)
        guard pix.x.isFinite, pix.y.isFinite, pix.z.isFinite else {
            skipped.append("pixdim \(Array(h.pixdim[1...3])) is not finite")
            throw .invalidGeometry(path: path, reason: "no usable transform: " + skipped.joined(separator: "; "))
        }
        let affine = RASAffine.fallback(size: size, pixdim: pix)
        guard let g = affine.geometry(size: size) else {
            skipped.append("pixdim \(Array(h.pixdim[1...3])) gives no grid")
            throw .invalidGeometry(path: path, reason: "no usable transform: " + skipped.joined(separator: "; "))
        }
        return (affine, g, warning(path, skipped, used: "voxel sizes only (pixdim, NIfTI method 1; origin at the centre)"))
    }

    static func voxelSizes(_ h: NIfTIHeader) -> Point3 { Point3(abs(h.pixdim[1]), abs(h.pixdim[2]), abs(h.pixdim[3])) }

    static func warning(_ path: String, _ skipped: [String], used: String) -> [String] {
        skipped.isEmpty ? [] : ["\(path): \(skipped.joined(separator: "; ")); using \(used)"]
    }

    /// Why a transform was not used.
    struct Unusable: Error { var reason: String }

    /// The grid an affine describes, or why it describes none.
    static func grid(_ a: RASAffine, size: GridSize) -> Result<ImageGeometry, Unusable> {
        let values = [a.matrix.columns.0, a.matrix.columns.1, a.matrix.columns.2, a.translation].flatMap { [$0.x, $0.y, $0.z] }
        if !values.allSatisfy(\.isFinite) { return .failure(Unusable(reason: "holds non-finite values")) }
        guard let g = a.geometry(size: size) else { return .failure(Unusable(reason: "is singular (a zero or degenerate axis)")) }
        return .success(g)
    }

    /// Why the qform parameters cannot be a rotation with voxel sizes, or `nil`.
    static func qformProblem(_ h: NIfTIHeader) -> String? {
        let q = h.quaternion
        guard q.x.isFinite, q.y.isFinite, q.z.isFinite else { return "has a non-finite quaternion \(q)" }
        // b² + c² + d² ≤ 1 for a unit quaternion; float32 storage may exceed 1 only by rounding.
        let n = (q * q).sum()
        if n > 1 + 1e-4 { return "has quaternion (b, c, d) = \(q) of squared norm \(n) > 1, not a rotation" }
        guard h.qoffset.x.isFinite, h.qoffset.y.isFinite, h.qoffset.z.isFinite else { return "has a non-finite offset" }
        let pix = voxelSizes(h)
        guard pix.x.isFinite, pix.y.isFinite, pix.z.isFinite else { return "uses pixdim \(Array(h.pixdim[1...3])), not finite" }
        return nil
    }
}
