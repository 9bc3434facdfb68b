import Testing
import Torch

/// Reflection, replication and circular padding against values worked out by hand, and the
/// error libtorch gives when a reflection is wider than the input.
@Suite("Border padding modes")
struct BorderPaddingTests {
    @Test func reflectReplicateCircularIn1D() throws {
        let x = try Tensor([Float(1), 2, 3], shape: [1, 1, 3])
        #expect(try Functional.pad(x, [2, 2], mode: .reflect).toArray(Float.self) == [3, 2, 1, 2, 3, 2, 1])
        #expect(try Functional.pad(x, [2, 1], mode: .replicate).toArray(Float.self) == [1, 1, 1, 2, 3, 3])
        #expect(try Functional.pad(x, [1, 2], mode: .circular).toArray(Float.self) == [3, 1, 2, 3, 1, 2])
    }

    @Test func reflectionPad2dLayerPadsBothSpatialDimensions() throws {
        // 2×2 image [[1, 2], [3, 4]] reflected by 1: rows and columns mirror about the edge.
        let x = try Tensor([Float(1), 2, 3, 4], shape: [1, 1, 2, 2])
        let y = try BorderPad.reflection2d(1)(x)
        #expect(y.shape == [1, 1, 4, 4])
        #expect(try y.toArray(Float.self) == [4, 3, 4, 3,
                                               2, 1, 2, 1,
                                               4, 3, 4, 3,
                                               2, 1, 2, 1])
        #expect(BorderPad.reflection2d(1).stateDict().isEmpty)
    }

    @Test func reflectionWiderThanInputIsAnError() throws {
        let x = try Tensor.ones([1, 1, 3])
        #expect(throws: TorchError.self) { try Functional.pad(x, [3, 3], mode: .reflect) }
    }
}
