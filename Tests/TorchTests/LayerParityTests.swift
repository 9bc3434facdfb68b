import Testing
import Torch

/// How to build and call the Swift layer for one fixture case of `scripts/make_fixtures.py`.
struct LayerCase: Sendable, CustomTestStringConvertible {
    let name: String
    let build: @Sendable (Generator) throws -> Module
    let run: @Sendable (Module, [Tensor]) throws -> [Tensor?]
    var testDescription: String { name }

    /// A `UnaryLayer` called on its single input.
    init(_ name: String, _ build: @escaping @Sendable (Generator) throws -> any UnaryLayer) {
        self.name = name
        self.build = build
        run = { m, x in
            guard let layer = m as? any UnaryLayer else { throw FixtureError("\(name) is not a UnaryLayer") }
            return [try layer(x[0])]
        }
    }

    init<M: Module>(_ name: String, _ build: @escaping @Sendable (Generator) throws -> M,
                    run: @escaping @Sendable (M, [Tensor]) throws -> [Tensor?]) {
        self.name = name
        self.build = build
        self.run = { m, x in
            guard let typed = m as? M else { throw FixtureError("\(name): unexpected module type") }
            return try run(typed, x)
        }
    }
}

enum LayerCases {
    static let all: [LayerCase] = [
        LayerCase("linear") { g in try Linear(5, 3, generator: g) },
        LayerCase("linear_nobias") { g in try Linear(6, 2, bias: false, generator: g) },
        LayerCase("conv1d") { g in try Conv1d(2, 3, kernelSize: 3, stride: 2, padding: 1, generator: g) },
        LayerCase("conv2d") { g in try Conv2d(4, 6, kernelSize: 3, padding: 2, dilation: 2, groups: 2, generator: g) },
        LayerCase("conv3d") { g in try Conv3d(2, 3, kernelSize: 3, stride: 2, padding: 1, generator: g) },
        LayerCase("conv2d_same_even_kernel") { g in try Conv2d(2, 3, kernelSize: 4, padding: .same, generator: g) },
        LayerCase("conv1d_same_dilated") { g in try Conv1d(2, 2, kernelSize: 4, padding: .same, dilation: 3, generator: g) },
        LayerCase("conv3d_valid") { g in try Conv3d(1, 2, kernelSize: 2, padding: .valid, bias: false, generator: g) },
        LayerCase("conv_transpose2d") { g in
            try ConvTranspose2d(3, 2, kernelSize: 3, stride: 2, padding: 1, outputPadding: 1, generator: g)
        },
        LayerCase("conv_transpose3d") { g in try ConvTranspose3d(4, 2, kernelSize: 2, stride: 2, groups: 2, generator: g) },

        LayerCase("batchnorm1d_train") { _ in try BatchNorm1d(4) },
        LayerCase("batchnorm2d_train") { _ in try BatchNorm2d(3) },
        LayerCase("batchnorm2d_eval") { _ in try BatchNorm2d(3) },
        LayerCase("batchnorm3d_cumulative") { _ in try BatchNorm3d(2, momentum: nil) },
        LayerCase("batchnorm2d_untracked") { _ in try BatchNorm(3, affine: false, trackRunningStats: false) },
        LayerCase("instancenorm2d_affine") { _ in try InstanceNorm2d(3, affine: true) },
        LayerCase("instancenorm3d_tracked_train") { _ in try InstanceNorm3d(2, trackRunningStats: true) },
        LayerCase("instancenorm3d_tracked_eval") { _ in try InstanceNorm3d(2, trackRunningStats: true) },
        LayerCase("groupnorm") { _ in try GroupNorm(numGroups: 2, numChannels: 4) },
        LayerCase("layernorm") { _ in try LayerNorm(4) },
        LayerCase("layernorm_2d_nobias") { _ in try LayerNorm([3, 4], bias: false) },

        LayerCase("relu") { _ in ReLU() },
        LayerCase("leaky_relu") { _ in LeakyReLU(negativeSlope: 0.2) },
        LayerCase("gelu") { _ in GELU() },
        LayerCase("gelu_tanh") { _ in GELU(approximate: .tanh) },
        LayerCase("sigmoid") { _ in Sigmoid() },
        LayerCase("tanh") { _ in Tanh() },
        LayerCase("softmax") { _ in Softmax(dim: 1) },
        LayerCase("log_softmax") { _ in LogSoftmax(dim: -1) },
        LayerCase("silu") { _ in SiLU() },
        LayerCase("identity") { _ in Identity() },
        LayerCase("flatten") { _ in Flatten() },

        LayerCase("maxpool2d") { _ in try MaxPool2d(kernelSize: 2) },
        LayerCase("maxpool3d") { _ in try MaxPool3d(kernelSize: 3, stride: 2, padding: 1) },
        LayerCase("avgpool2d") { _ in try AvgPool2d(kernelSize: 3, stride: 2, padding: 1, countIncludePad: false) },
        LayerCase("avgpool3d_ceil") { _ in try AvgPool3d(kernelSize: 2, ceilMode: true) },
        LayerCase("adaptive_avgpool2d") { _ in try AdaptiveAvgPool(outputSize: [2, 3]) },
        LayerCase("adaptive_avgpool3d") { _ in try AdaptiveAvgPool(outputSize: [1, 1, 1]) },
        LayerCase("adaptive_maxpool2d") { _ in try AdaptiveMaxPool(outputSize: [2, 2]) },
        LayerCase("upsample_nearest2d") { _ in try Upsample(scaleFactor: 2) },
        LayerCase("upsample_bilinear") { _ in try Upsample(size: [5, 3], mode: .linear) },
        LayerCase("upsample_trilinear_align") { _ in try Upsample(scaleFactor: 2, mode: .linear, alignCorners: true) },

        LayerCase("sequential") { g in
            try Sequential(Conv2d(2, 4, kernelSize: 3, padding: 1, generator: g), BatchNorm2d(4), ReLU(),
                           MaxPool2d(kernelSize: 2), Flatten(), Linear(16, 3, generator: g))
        },

        LayerCase("mha_self_batch_first", { g in try MultiheadAttention(embedDim: 8, numHeads: 2, batchFirst: true, generator: g) },
                  run: { m, x in [try m(x[0], x[0], x[0], keyPaddingMask: x[1], needWeights: false).output] }),
        LayerCase("mha_cross_weights", { g in try MultiheadAttention(embedDim: 6, numHeads: 3, generator: g) },
                  run: { m, x in let r = try m(x[0], x[1], x[1], attnMask: x[2]); return [r.output, r.weights] }),
        LayerCase("mha_unaveraged_float_mask",
                  { g in try MultiheadAttention(embedDim: 4, numHeads: 2, bias: false, batchFirst: true, generator: g) },
                  run: { m, x in
                      let r = try m(x[0], x[1], x[2], attnMask: x[3], averageAttnWeights: false)
                      return [r.output, r.weights]
                  }),

        LayerCase("encoder_layer_post_relu") { g in
            try TransformerEncoderLayer(dModel: 8, numHeads: 2, dimFeedforward: 16, dropout: 0.1, generator: g)
        },
        LayerCase("encoder_layer_pre_gelu", { g in
            try TransformerEncoderLayer(dModel: 8, numHeads: 2, dimFeedforward: 12, dropout: 0, activation: .gelu,
                                        batchFirst: true, normFirst: true, generator: g)
        }, run: { m, x in [try m.forward(x[0], srcKeyPaddingMask: x[1])] }),
        LayerCase("encoder_stack") { g in
            let layer = try TransformerEncoderLayer(dModel: 8, numHeads: 4, dimFeedforward: 16, batchFirst: true,
                                                    normFirst: true, generator: g)
            return try TransformerEncoder(layer, numLayers: 2, norm: LayerNorm(8))
        },
        LayerCase("encoder_stack_causal", { g in
            try TransformerEncoder(TransformerEncoderLayer(dModel: 4, numHeads: 2, dimFeedforward: 8, dropout: 0, generator: g),
                                   numLayers: 2)
        }, run: { m, x in [try m.forward(x[0], isCausal: true)] }),
    ]
}

@Suite("Layers match PyTorch: initialisation, state-dict keys, forward, gradients, running statistics")
struct LayerParityTests {
    @Test(arguments: LayerCases.all)
    func parity(_ layerCase: LayerCase) throws {
        let store = try ParityFixtures.load()
        let fixture = try store.fixture(layerCase.name)
        let module = try layerCase.build(Generator(seed: UInt64(fixture.meta.seed)))

        // Default initialisation: same values from the same seed, drawn in PyTorch's order.
        let initial = try fixture.group("init", in: store)
        let own = module.stateDict()
        #expect(Set(own.keys) == Set(initial.keys), "state-dict keys")
        for (key, reference) in initial {
            if let mine = own[key] { try expectClose(mine, reference, rtol: 1e-6, atol: 1e-7, "\(layerCase.name) init \(key)") }
        }

        // PyTorch's state dict loads strictly: the keys are identical.
        try module.load(stateDict: fixture.group("state", in: store), strict: true)
        module.train(fixture.meta.train ?? false)

        let inputs = try fixture.inputs(in: store)
        for (i, x) in inputs.enumerated() where fixture.has("grad.input.\(i)") { try x.requiresGrad(true) }
        let outputs = try layerCase.run(module, inputs)
        try expectClose(outputs[0], fixture.tensor("output", in: store), "\(layerCase.name) output")
        for i in outputs.indices.dropFirst() where fixture.has("output.\(i)") {
            try expectClose(outputs[i], fixture.tensor("output.\(i)", in: store), "\(layerCase.name) output \(i)")
        }

        guard let main = outputs[0] else { return }
        try main.backward(gradient: fixture.tensor("grad_output", in: store))
        for (i, x) in inputs.enumerated() where fixture.has("grad.input.\(i)") {
            try expectClose(x.grad, fixture.tensor("grad.input.\(i)", in: store), "\(layerCase.name) input \(i) gradient")
        }
        for (key, p) in module.namedParameters() {
            try expectClose(p.value.grad, fixture.tensor("grad.\(key)", in: store), "\(layerCase.name) gradient of \(key)")
        }
        for (key, b) in module.namedBuffers() {
            try expectClose(b.value, fixture.tensor("after.\(key)", in: store), "\(layerCase.name) buffer \(key) after forward")
        }
    }
}
