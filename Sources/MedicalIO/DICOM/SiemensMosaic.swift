/// Siemens "mosaic" images: one 2D image holding N slices as tiles in a ceil(√N)-wide grid
/// (fMRI, DTI, ASL). Unpacked into a volume using NumberOfImagesInMosaic (0019,xx0A) from the
/// "SIEMENS MR HEADER" private block. ImagePositionPatient refers to the corner of the whole
/// mosaic, so the first tile's position is shifted by half the size difference (as dcm2niix and
/// nibabel do). The slice direction is taken as row × column; the CSA header's
/// SliceNormalVector (which can point the other way) is not read.
enum SiemensMosaic {
    /// The tile layout of a mosaic header, or `nil` when the image is not a mosaic.
    struct Layout {
        var count: Int
        var tilesPerSide: Int
        var tileRows: Int
        var tileColumns: Int
    }

    static func layout(_ ds: DicomDataSet) -> Layout? {
        guard ds.strings(.imageType)?.contains("MOSAIC") == true,
              let rows = ds.int(.rows), let cols = ds.int(.columns) else { return nil }
        var count: Int?
        for block in UInt16(0x10)...UInt16(0xFF) {
            guard let creator = ds.string(DicomTag(0x0019, block)) else { continue }
            if creator.uppercased() == "SIEMENS MR HEADER" {
                count = ds.int(DicomTag(0x0019, block << 8 | 0x0A))
                break
            }
        }
        guard let n = count, n > 1, n <= 10_000 else { return nil }
        var side = Int(Double(n).squareRoot().rounded(.up))
        if side * side < n { side += 1 }
        guard rows % side == 0, cols % side == 0 else { return nil }
        return Layout(count: n, tilesPerSide: side, tileRows: rows / side, tileColumns: cols / side)
    }

    /// Geometry of the unpacked volume given the mosaic's 2D geometry.
    static func geometry(_ g: ImageGeometry, layout l: Layout, sliceSpacing: Double) -> ImageGeometry {
        let row = g.direction.column(0), col = g.direction.column(1)
        let shiftX = Double(g.size.x - l.tileColumns) / 2 * g.spacing.x
        let shiftY = Double(g.size.y - l.tileRows) / 2 * g.spacing.y
        let n = Point3(row.y * col.z - row.z * col.y, row.z * col.x - row.x * col.z, row.x * col.y - row.y * col.x)
        return ImageGeometry(size: GridSize(l.tileColumns, l.tileRows, l.count),
                             spacing: Spacing(g.spacing.x, g.spacing.y, sliceSpacing),
                             origin: g.origin + row * shiftX + col * shiftY,
                             direction: Matrix3(columns: row, col, n))
    }

    /// Rearranges the tiles of a decoded mosaic (row-major tile order) into slices.
    static func unpack(_ mosaic: [Float], mosaicColumns: Int, layout l: Layout) -> [Float] {
        var out = [Float](repeating: 0, count: l.tileColumns * l.tileRows * l.count)
        for k in 0..<l.count {
            let tr = k / l.tilesPerSide, tc = k % l.tilesPerSide
            for j in 0..<l.tileRows {
                let src = (tr * l.tileRows + j) * mosaicColumns + tc * l.tileColumns
                let dst = (k * l.tileRows + j) * l.tileColumns
                for i in 0..<l.tileColumns { out[dst + i] = mosaic[src + i] }
            }
        }
        return out
    }
}
