import Foundation
import Models
import Torch

/// The three engine-benchmark workloads, built exactly as `benchmarks/engine.py` builds them
/// in PyTorch (same shapes, dtypes, seed, optimiser).
public enum EngineWorkload: String, CaseIterable, Sendable {
    /// A training step of a 3D CNN branch like the classifier's (input 2×2×64×64×32, Adam).
    case cnn3d
    /// A training step of a 12-layer transformer encoder (width 256, 8 heads, FF 1024, 256 tokens, batch 4).
    case transformer
    /// A small 2D U-Net (4 levels, width 8) on one 64×64 slice: per-call overhead dominates.
    case dispatchUNet2d = "dispatch-unet2d"

    /// How many times more warm-up and timed steps this workload gets than the command's
    /// `--warmup` and `--runs` say, the same on both sides. A dispatch-bound step lasts about
    /// 10 ms on two cores, against 0.2–1 s for the others: three of them are dominated by the
    /// first steps' allocator and thread-pool warm-up and by scheduler noise, so it is timed
    /// 20 times as often (still under a second per worker).
    public var stepScale: Int { self == .dispatchUNet2d ? 20 : 1 }

    /// Builds the model, inputs and optimiser; returns one training step.
    public func makeStep(device: Device, seed: UInt64) throws(TorchError) -> () throws(TorchError) -> Void {
        Torch.manualSeed(seed)
        let gen = try Generator(seed: seed)
        switch self {
        case .cnn3d:
            let model = try CNN3dBenchmarkNet()
            try model.to(device)
            let x = try Tensor.randn([2, 2, 64, 64, 32], generator: gen).to(device)
            let y = try Tensor([Int64(1), 3]).to(device)
            let opt = try Adam(model.parameters(), learningRate: 1e-4)
            return { () throws(TorchError) in
                try opt.zeroGrad(setToNone: true)
                try Functional.crossEntropy(model(x), target: y).backward()
                try opt.step()
            }
        case .transformer:
            let layer = try TransformerEncoderLayer(dModel: 256, numHeads: 8, dimFeedforward: 1024, dropout: 0.1, batchFirst: true)
            let model = try TransformerEncoder(layer, numLayers: 12)
            try model.to(device)
            let x = try Tensor.randn([4, 256, 256], generator: gen).to(device)
            let opt = try Adam(model.parameters(), learningRate: 1e-4)
            return { () throws(TorchError) in
                try opt.zeroGrad(setToNone: true)
                try model(x).square().mean().backward()
                try opt.step()
            }
        case .dispatchUNet2d:
            let model = try UNet2dBenchmarkNet()
            try model.to(device)
            let x = try Tensor.randn([1, 1, 64, 64], generator: gen).to(device)
            let t = try Tensor.rand([1, 1, 64, 64], generator: gen).gt(0.5).to(.float32).to(device)
            let opt = try Adam(model.parameters(), learningRate: 1e-4)
            return { () throws(TorchError) in
                try opt.zeroGrad(setToNone: true)
                try Functional.binaryCrossEntropyWithLogits(model(x), target: t).backward()
                try opt.step()
            }
        }
    }
}

/// Workload (a): the classifier's branch — stem, five two-arm down-sampling blocks, a linear head.
final class CNN3dBenchmarkNet: Module, UnaryLayer {
    let stem: ConvNormReLU
    let blocks: [ResidualDownBlock]
    let head: Linear

    init(widths: [Int] = [8, 16, 32, 64, 128]) throws(TorchError) {
        stem = try ConvNormReLU(spatialDims: 3, 2, widths[0], groups: 8)
        var blocks: [ResidualDownBlock] = []
        var c = widths[0]
        for w in widths { blocks.append(try ResidualDownBlock(spatialDims: 3, c, w, groups: 8)); c = w }
        self.blocks = blocks
        head = try Linear(c, 5)
        super.init()
    }

    func callAsFunction(_ x: Tensor) throws(TorchError) -> Tensor {
        var y = try stem(x)
        for b in blocks { y = try b(y) }
        return try head(y.mean(dims: [2, 3, 4]))
    }
}

/// Workload (c): a plain 4-level U-Net with transposed-convolution up-sampling.
final class UNet2dBenchmarkNet: Module, UnaryLayer {
    let down: [[Conv2d]]
    let up: [UpLevel]
    let out: Conv2d

    final class UpLevel: Module {
        let upsample: ConvTranspose2d
        let conv1: Conv2d
        let conv2: Conv2d
        init(_ cin: Int, _ w: Int) throws(TorchError) {
            upsample = try ConvTranspose2d(cin, w, kernelSize: 2, stride: 2)
            conv1 = try Conv2d(2 * w, w, kernelSize: 3, padding: 1)
            conv2 = try Conv2d(w, w, kernelSize: 3, padding: 1)
            super.init()
        }
    }

    init(width: Int = 8, levels: Int = 4) throws(TorchError) {
        var down: [[Conv2d]] = []
        var c = 1
        var channels: [Int] = []
        for i in 0..<levels {
            let w = width << i
            down.append([try Conv2d(c, w, kernelSize: 3, padding: 1), try Conv2d(w, w, kernelSize: 3, padding: 1)])
            channels.append(w)
            c = w
        }
        var up: [UpLevel] = []
        for i in (0..<(levels - 1)).reversed() {
            up.append(try UpLevel(c, channels[i]))
            c = channels[i]
        }
        self.down = down
        self.up = up
        out = try Conv2d(c, 1, kernelSize: 1)
        super.init()
    }

    func callAsFunction(_ input: Tensor) throws(TorchError) -> Tensor {
        var x = input
        var skips: [Tensor] = []
        for (i, level) in down.enumerated() {
            x = try level[1](level[0](x).relu()).relu()
            if i < down.count - 1 {
                skips.append(x)
                x = try Functional.maxPool(x, kernel: [2, 2])
            }
        }
        for level in up {
            x = try Tensor.cat([skips.removeLast(), level.upsample(x)], dim: 1)
            x = try level.conv2(level.conv1(x).relu()).relu()
        }
        return try out(x)
    }
}
