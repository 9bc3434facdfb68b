import Foundation
import MedicalIO
import Models
import Statistics
import Torch
@testable import Training

/// A two-layer slice network that meets the `SegmentationNetwork` contract: enough to learn
/// "bright blob = tumour" in a few steps, small enough for debug-build tests.
final class TinySegmentationNetwork: Module, SegmentationNetwork {
    let first: Conv2d
    let second: Conv2d
    var architecture: SegmentationArchitecture { .unet }
    var sizeMultiple: Int { 1 }

    init(seed: UInt64) throws(TorchError) {
        let g = try Generator(seed: seed)
        first = try Conv2d(1, 6, kernelSize: 3, padding: 1, generator: g)
        second = try Conv2d(6, 2, kernelSize: 1, generator: g)
        super.init()
    }

    func callAsFunction(_ x: Tensor) throws(TorchError) -> Tensor {
        try second(first(x).relu())
    }
}

enum SegmentationFixture {
    /// A fresh empty folder under the temporary directory.
    static func scratch(_ name: String) -> String {
        let path = NSTemporaryDirectory() + "metorigin-seg-tests/\(name)-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A (z, y, x) study on a `side`² grid: noisy head-like background, and a bright square
    /// "tumour" on the slices in `lesionSlices`.
    static func study(_ id: String, patient: String, side: Int = 16, slices: Int = 6, lesionSlices: Set<Int> = [2, 3],
                      seed: UInt64) -> SegmentationStudy {
        var rng = SplitMix64(seed: seed)
        let area = side * side
        var image = [Float](repeating: 0, count: area * slices)
        var mask = [UInt8](repeating: 0, count: area * slices)
        let cx = Int.random(in: 3..<(side - 7), using: &rng), cy = Int.random(in: 3..<(side - 7), using: &rng)
        for z in 0..<slices {
            for y in 0..<side {
                for x in 0..<side {
                    let i = z * area + y * side + x
                    image[i] = Float.random(in: -0.5...0.5, using: &rng)
                    if lesionSlices.contains(z) && (cx..<(cx + 4)).contains(x) && (cy..<(cy + 4)).contains(y) {
                        image[i] += 3
                        mask[i] = 1
                    }
                }
            }
        }
        let g = ImageGeometry(size: GridSize(side, side, slices), spacing: Spacing(2, 2, 2))
        return SegmentationStudy(studyID: id, patientID: patient, imagePath: "/nonexistent/\(id)", geometry: g, image: image, mask: mask)
    }

    static func dataSet(studies: Int = 6, side: Int = 16) -> SegmentationDataSet {
        SegmentationDataSet(modality: "t1ce", grid: SegmentationGrid(inPlaneSize: side, inPlaneSpacing: 2),
                            studies: (0..<studies).map { study("s\($0)", patient: "p\($0 / 2)", side: side, seed: UInt64($0) + 1) })
    }
}
