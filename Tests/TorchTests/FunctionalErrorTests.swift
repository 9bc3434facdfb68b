import Testing
import Torch

/// Shape mistakes surface as thrown `TorchError`s carrying libtorch's own message, and the
/// process (and libtorch) carry on working afterwards.
@Suite("Errors: libtorch failures are thrown, not fatal")
struct FunctionalErrorTests {
    @Test func matmulShapeErrorCarriesLibtorchMessage() throws {
        let a = try Tensor.ones([2, 3])
        let b = try Tensor.ones([4, 5])
        let error = #expect(throws: TorchError.self) { try a.matmul(b) }
        #expect(error?.message.contains("mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)") == true,
                "message: \(error?.message ?? "none")")
        // The process continues, and so does libtorch.
        #expect(try a.matmul(b.narrow(dim: 0, start: 0, length: 3)).shape == [2, 5])
    }

    @Test func layerShapeErrorsAreThrown() throws {
        let linear = try Linear(4, 3)
        let linearError = #expect(throws: TorchError.self) { try linear(Tensor.ones([2, 5])) }
        #expect(linearError?.message.contains("cannot be multiplied") == true, "\(linearError?.message ?? "none")")

        let conv = try Conv2d(2, 4, kernelSize: 3)
        let convError = #expect(throws: TorchError.self) { try conv(Tensor.ones([1, 3, 8, 8])) }
        #expect(convError?.message.contains("to have 2 channels, but got 3 channels instead") == true,
                "\(convError?.message ?? "none")")

        let norm = try BatchNorm(4)
        let normError = #expect(throws: TorchError.self) { try norm(Tensor.ones([2, 3, 5])) }
        #expect(normError?.message.contains("running_mean should contain 3 elements not 4") == true,
                "\(normError?.message ?? "none")")

        let attention = try MultiheadAttention(embedDim: 8, numHeads: 2)
        let x = try Tensor.ones([3, 1, 8])
        #expect(throws: TorchError.self) { try attention(x, x, x, attnMask: Tensor.ones([2, 2], dtype: .bool)) }

        // Everything still works after the failures.
        #expect(try conv(Tensor.ones([1, 2, 5, 5])).shape == [1, 4, 3, 3])
        #expect(try linear(Tensor.ones([2, 4])).shape == [2, 3])
    }

    @Test func lossWithBadTargetThrows() throws {
        let logits = try Tensor.zeros([2, 3])
        let error = #expect(throws: TorchError.self) {
            try Functional.crossEntropy(logits, target: Tensor([Int64(0), 7], shape: [2]))
        }
        #expect(error?.message.contains("out of bounds") == true, "\(error?.message ?? "none")")
    }

    @Test func invalidLayerConfigurationsThrow() {
        #expect(throws: TorchError.self) { try Conv2d(3, 4, kernelSize: 3, groups: 2) }
        #expect(throws: TorchError.self) { try GroupNorm(numGroups: 3, numChannels: 4) }
        #expect(throws: TorchError.self) { try MultiheadAttention(embedDim: 6, numHeads: 4) }
        #expect(throws: TorchError.self) { try Dropout(p: 1.5) }
        #expect(throws: TorchError.self) { try Upsample() }
        #expect(throws: TorchError.self) { try Conv2d(1, 1, kernelSize: 3, stride: 2, padding: .same) }
    }

    @Test func stateDictShapeMismatchNamesTheKey() throws {
        let linear = try Linear(4, 3)
        let error = #expect(throws: TorchError.self) {
            try linear.load(stateDict: ["weight": Tensor.zeros([3, 5]), "bias": Tensor.zeros([3])])
        }
        #expect(error?.message.contains("'weight'") == true, "\(error?.message ?? "none")")
    }
}
