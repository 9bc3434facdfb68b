extension Volume {
    /// A binary mask (1 where `predicate` holds, else 0) on this volume's grid.
    public func mask(where predicate: (Scalar) -> Bool) -> LabelVolume {
        map { predicate($0) ? 1 : 0 }
    }

    /// This volume with voxels outside `mask` (label 0) set to `fill`.
    public func masked(by mask: LabelVolume, fill: Scalar = .zero) throws(VolumeError) -> Volume {
        guard mask.geometry.isAligned(with: geometry) else {
            throw .geometryMismatch("mask grid \(mask.size) does not match image grid \(size)")
        }
        var out = self
        out.voxels.withUnsafeMutableBufferPointer { v in
            mask.voxels.withUnsafeBufferPointer { m in
                for i in v.indices where m[i] == 0 { v[i] = fill }
            }
        }
        return out
    }
}

extension Volume where Scalar == UInt8 {
    /// Number of non-zero voxels.
    public var foregroundCount: Int { voxels.reduce(0) { $0 + ($1 != 0 ? 1 : 0) } }

    /// Physical volume of the non-zero voxels in mm³.
    public var foregroundVolume: Double {
        Double(foregroundCount) * spacing.x * spacing.y * spacing.z
    }

    /// Voxelwise union (1 where either is non-zero).
    public func union(_ other: LabelVolume) throws(VolumeError) -> LabelVolume {
        try combined(other) { $0 != 0 || $1 != 0 }
    }

    /// Voxelwise intersection (1 where both are non-zero).
    public func intersection(_ other: LabelVolume) throws(VolumeError) -> LabelVolume {
        try combined(other) { $0 != 0 && $1 != 0 }
    }

    private func combined(_ other: LabelVolume, _ rule: (UInt8, UInt8) -> Bool) throws(VolumeError) -> LabelVolume {
        guard other.geometry.isAligned(with: geometry) else {
            throw .geometryMismatch("mask grids differ: \(size) vs \(other.size)")
        }
        var out = self
        for i in out.voxels.indices { out.voxels[i] = rule(voxels[i], other.voxels[i]) ? 1 : 0 }
        return out
    }

    /// The largest 6-connected component of non-zero voxels (as a 0/1 mask); empty stays empty.
    public func largestComponent() -> LabelVolume {
        let (nx, ny, nz) = (size.x, size.y, size.z)
        let n = voxels.count
        var component = [Int32](repeating: -1, count: n)
        var sizes: [Int] = []
        var stack: [Int] = []
        voxels.withUnsafeBufferPointer { v in
            component.withUnsafeMutableBufferPointer { comp in
                for seed in 0..<n where v[seed] != 0 && comp[seed] < 0 {
                    let id = Int32(sizes.count)
                    var count = 0
                    comp[seed] = id
                    stack.append(seed)
                    while let p = stack.popLast() {
                        count += 1
                        let i = p % nx, j = (p / nx) % ny, k = p / (nx * ny)
                        // Unrolled neighbours: a closure per voxel costs more than the search.
                        if i > 0, v[p - 1] != 0, comp[p - 1] < 0 { comp[p - 1] = id; stack.append(p - 1) }
                        if i < nx - 1, v[p + 1] != 0, comp[p + 1] < 0 { comp[p + 1] = id; stack.append(p + 1) }
                        if j > 0, v[p - nx] != 0, comp[p - nx] < 0 { comp[p - nx] = id; stack.append(p - nx) }
                        if j < ny - 1, v[p + nx] != 0, comp[p + nx] < 0 { comp[p + nx] = id; stack.append(p + nx) }
                        let s = nx * ny
                        if k > 0, v[p - s] != 0, comp[p - s] < 0 { comp[p - s] = id; stack.append(p - s) }
                        if k < nz - 1, v[p + s] != 0, comp[p + s] < 0 { comp[p + s] = id; stack.append(p + s) }
                    }
                    sizes.append(count)
                }
            }
        }
        var out = self
        guard let best = sizes.indices.max(by: { sizes[$0] < sizes[$1] }) else { return out }
        let keep = Int32(best)
        for p in 0..<n { out.voxels[p] = component[p] == keep ? 1 : 0 }
        return out
    }

    /// Fills background regions that do not touch the grid border (6-connected), per volume —
    /// e.g. the ventricles inside an Otsu head mask.
    public func filledHoles() -> LabelVolume {
        let (nx, ny, nz) = (size.x, size.y, size.z)
        let n = voxels.count
        var outside = [Bool](repeating: false, count: n)
        var stack: [Int] = []
        voxels.withUnsafeBufferPointer { v in
            outside.withUnsafeMutableBufferPointer { out in
                func push(_ p: Int) {
                    if v[p] == 0 && !out[p] { out[p] = true; stack.append(p) }
                }
                for k in 0..<nz {
                    for j in 0..<ny {
                        for i in 0..<nx where i == 0 || j == 0 || k == 0 || i == nx - 1 || j == ny - 1 || k == nz - 1 {
                            push(i + nx * (j + ny * k))
                        }
                    }
                }
                while let p = stack.popLast() {
                    let i = p % nx, j = (p / nx) % ny, k = p / (nx * ny)
                    if i > 0 { push(p - 1) }
                    if i < nx - 1 { push(p + 1) }
                    if j > 0 { push(p - nx) }
                    if j < ny - 1 { push(p + nx) }
                    if k > 0 { push(p - nx * ny) }
                    if k < nz - 1 { push(p + nx * ny) }
                }
            }
        }
        var out = self
        for p in 0..<n { out.voxels[p] = outside[p] ? 0 : 1 }
        return out
    }
}
