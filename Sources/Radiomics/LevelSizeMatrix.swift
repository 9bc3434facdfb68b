import Foundation

/// The statistics GLSZM and GLDM share: both count voxels or zones by gray level i and a size j
/// (zone size, or dependence count + 1) and derive the same emphasis, non-uniformity, variance
/// and entropy features from that matrix (pyradiomics normalises each by the total count Nz).
struct LevelSizeMatrix {
    /// count[i][j]
    var cells: [Int: [Int: Double]] = [:]

    mutating func add(level: Int, size: Int) { cells[level, default: [:]][size, default: 0] += 1 }

    var total: Double { cells.values.reduce(0) { $0 + $1.values.reduce(0, +) } }

    struct Statistics {
        var smallEmphasis = 0.0, largeEmphasis = 0.0, sizeNonUniformity = 0.0, sizeNonUniformityNormalized = 0.0
        var sizeVariance = 0.0, grayLevelNonUniformity = 0.0, grayLevelNonUniformityNormalized = 0.0
        var grayLevelVariance = 0.0, lowGrayLevelEmphasis = 0.0, highGrayLevelEmphasis = 0.0
        var smallLowEmphasis = 0.0, smallHighEmphasis = 0.0, largeLowEmphasis = 0.0, largeHighEmphasis = 0.0
        var entropy = 0.0
    }

    var statistics: Statistics {
        var pg: [Int: Double] = [:], ps: [Int: Double] = [:]
        for (g, row) in cells.sorted(by: { $0.key < $1.key }) { for (s, v) in row { pg[g, default: 0] += v; ps[s, default: 0] += v } }
        let nz = total
        let eps = Double.ulpOfOne
        var st = Statistics()
        var uj = 0.0, ui = 0.0
        for (s, v) in ps.sorted(by: { $0.key < $1.key }) {
            let j = Double(s)
            st.smallEmphasis += v / (j * j); st.largeEmphasis += v * j * j; st.sizeNonUniformity += v * v
            uj += v / nz * j
        }
        for (s, v) in ps.sorted(by: { $0.key < $1.key }) { st.sizeVariance += v / nz * (Double(s) - uj) * (Double(s) - uj) }
        for (g, v) in pg.sorted(by: { $0.key < $1.key }) {
            let i = Double(g)
            st.grayLevelNonUniformity += v * v; st.lowGrayLevelEmphasis += v / (i * i); st.highGrayLevelEmphasis += v * i * i
            ui += v / nz * i
        }
        for (g, v) in pg.sorted(by: { $0.key < $1.key }) { st.grayLevelVariance += v / nz * (Double(g) - ui) * (Double(g) - ui) }
        for (g, row) in cells.sorted(by: { $0.key < $1.key }) {
            let i = Double(g)
            for (s, v) in row.sorted(by: { $0.key < $1.key }) {
                let j = Double(s)
                st.smallLowEmphasis += v / (i * i * j * j); st.smallHighEmphasis += v * i * i / (j * j)
                st.largeLowEmphasis += v * j * j / (i * i); st.largeHighEmphasis += v * i * i * j * j
                let q = v / nz
                st.entropy -= q * log2(q + eps)
            }
        }
        st.smallEmphasis /= nz; st.largeEmphasis /= nz
        st.sizeNonUniformityNormalized = st.sizeNonUniformity / (nz * nz); st.sizeNonUniformity /= nz
        st.grayLevelNonUniformityNormalized = st.grayLevelNonUniformity / (nz * nz); st.grayLevelNonUniformity /= nz
        st.lowGrayLevelEmphasis /= nz; st.highGrayLevelEmphasis /= nz
        st.smallLowEmphasis /= nz; st.smallHighEmphasis /= nz; st.largeLowEmphasis /= nz; st.largeHighEmphasis /= nz
        return st
    }
}
