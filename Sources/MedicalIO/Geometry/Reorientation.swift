extension Volume {
    /// The same image with its voxel axes permuted and flipped so that they follow `code`
    /// (default LPS, the identity direction) as closely as the grid allows.
    ///
    /// No interpolation: every voxel value is copied exactly, and the geometry is updated so that
    /// each voxel keeps its world position. An oblique grid stays oblique; only the closest axis
    /// order and signs change (as ITK's `DICOMOrientImageFilter` and nibabel's `as_closest_canonical`).
    public func reoriented(to code: OrientationCode = .lps) -> Volume {
        let g = geometry
        let n = [g.size.x, g.size.y, g.size.z]
        let s = [g.spacing.x, g.spacing.y, g.spacing.z]
        let stride = [1, n[0], n[0] * n[1]]
        let assigned = OrientationCode.assign(g.direction)  // input axis -> world axis

        var inputAxis = [0, 0, 0], flip = [false, false, false]
        for a in 0..<3 {
            let target = code.axes[a]
            // `assign` uses each world axis once, so exactly one input axis matches.
            let c = assigned.firstIndex(of: target.world) ?? a
            inputAxis[a] = c
            flip[a] = (g.direction[target.world, c] < 0) != (target.sign < 0)
        }
        if inputAxis == [0, 1, 2] && flip == [false, false, false] { return self }

        var startIndex = Point3.zero
        var base = 0
        var step = [0, 0, 0]
        for a in 0..<3 {
            let c = inputAxis[a]
            step[a] = flip[a] ? -stride[c] : stride[c]
            if flip[a] {
                base += (n[c] - 1) * stride[c]
                startIndex[c] = Double(n[c] - 1)
            }
        }
        let cols = (0..<3).map { a in g.direction.column(inputAxis[a]) * (flip[a] ? -1 : 1) }
        let out = ImageGeometry(
            size: GridSize(n[inputAxis[0]], n[inputAxis[1]], n[inputAxis[2]]),
            spacing: Spacing(s[inputAxis[0]], s[inputAxis[1]], s[inputAxis[2]]),
            origin: g.world(atIndex: startIndex),
            direction: Matrix3(columns: cols[0], cols[1], cols[2]))

        let (nx, ny, nz) = (out.size.x, out.size.y, out.size.z)
        let values = [Scalar](unsafeUninitializedCapacity: voxels.count) { dst, initialised in
            voxels.withUnsafeBufferPointer { src in
                var o = 0
                for k in 0..<nz {
                    for j in 0..<ny {
                        var idx = base + k * step[2] + j * step[1]
                        for _ in 0..<nx {
                            dst.initializeElement(at: o, to: src[idx])
                            o += 1
                            idx += step[0]
                        }
                    }
                }
            }
            initialised = voxels.count
        }
        // Same voxel count, permuted extents: always valid.
        return (try? Volume(geometry: out, voxels: values)) ?? self
    }
}
