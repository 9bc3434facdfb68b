import Foundation
import MedicalIO

/// Grey-level PNG grids of slices in [-1, 1] (black −1, white 1): the training samples and the
/// Figure-5-style comparison of the benchmark. Rows are cases, columns the panels of each row.
public enum TransferSampleGrid {
    /// `rows[r][c]` is a side × side slice (x fastest); every row has the same number of panels.
    /// Slices are drawn with the patient's anterior at the top (grid y grows posterior in LPS).
    public static func png(rows: [[[Float]]], side: Int) throws(PNGError) -> Data {
        let columns = rows.map(\.count).max() ?? 0
        let width = columns * side, height = rows.count * side
        var pixels = [UInt8](repeating: 0, count: max(0, width * height))
        for (r, row) in rows.enumerated() {
            for (c, slice) in row.enumerated() where slice.count == side * side {
                for y in 0..<side {
                    for x in 0..<side {
                        let v = (slice[y * side + x] + 1) / 2
                        pixels[(r * side + y) * width + c * side + x] = UInt8(max(0, min(255, (v * 255).rounded())))
                    }
                }
            }
        }
        return try PNGEncoder.encode(width: width, height: height, channels: 1, pixels: pixels)
    }

    /// Writes the grid atomically.
    public static func write(rows: [[[Float]]], side: Int, to path: String) throws(TransferDataError) {
        do {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            try AtomicFile.write(try png(rows: rows, side: side), to: path)
        } catch {
            throw TransferDataError(path: path, reason: "cannot write the PNG: \(error)")
        }
    }
}
