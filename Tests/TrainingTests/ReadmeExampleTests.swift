import Foundation
import Testing
import Torch

/// The README's "training a small model" example, kept compiling and working.
@Suite struct ReadmeExampleTests {
    @Test func readmeExampleTrainsAndSaves() throws {
        Torch.manualSeed(0)
        let model = Sequential([try Linear(4, 16), ReLU(), try Linear(16, 3)])
        let optimizer = try Adam(model.parameters(), learningRate: 1e-2)
        let x = try Tensor.randn([64, 4]), y = try Tensor.randint(0, 3, [64])
        var first = 0.0, last = 0.0
        for i in 0..<100 {
            try optimizer.zeroGrad(setToNone: true)
            let loss = try Functional.crossEntropy(model(x), target: y)
            if i == 0 { first = try loss.scalar }
            last = try loss.scalar
            try loss.backward()
            try optimizer.step()
        }
        #expect(last < first * 0.8)
        let path = NSTemporaryDirectory() + "readme-\(getpid()).safetensors"
        defer { unlink(path) }
        try SafeTensors.write(model.stateDict(), to: path)
        #expect(try SafeTensors.read(path).tensors.count == 4)
    }
}
