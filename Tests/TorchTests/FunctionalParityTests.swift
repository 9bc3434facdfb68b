import Testing
import Torch

/// A `Functional` call for one fixture case of `scripts/make_fixtures.py`.
struct FunctionCase: Sendable, CustomTestStringConvertible {
    let name: String
    let call: @Sendable ([Tensor]) throws -> Tensor
    var testDescription: String { name }
    init(_ name: String, _ call: @escaping @Sendable ([Tensor]) throws -> Tensor) {
        self.name = name
        self.call = call
    }
}

enum FunctionCases {
    typealias F = Functional
    static let all: [FunctionCase] = [
        // Losses.
        FunctionCase("cross_entropy_weighted_smoothed") { x in try F.crossEntropy(x[0], target: x[1], weight: x[2], labelSmoothing: 0.1) },
        FunctionCase("cross_entropy_spatial_ignore") { x in try F.crossEntropy(x[0], target: x[1], reduction: .sum, ignoreIndex: 1) },
        FunctionCase("cross_entropy_probabilities") { x in try F.crossEntropy(x[0], target: x[1], labelSmoothing: 0.2) },
        FunctionCase("nll_weighted") { x in try F.nllLoss(F.logSoftmax(x[0], dim: 1), target: x[1], weight: x[2]) },
        FunctionCase("bce_with_logits_pos_weight") { x in try F.binaryCrossEntropyWithLogits(x[0], target: x[1], posWeight: x[2]) },
        FunctionCase("bce_with_logits_none") { x in try F.binaryCrossEntropyWithLogits(x[0], target: x[1], reduction: .none) },
        FunctionCase("mse") { x in try F.mseLoss(x[0], target: x[1]) },
        FunctionCase("l1_sum") { x in try F.l1Loss(x[0], target: x[1], reduction: .sum) },
        FunctionCase("smooth_l1_beta") { x in try F.smoothL1Loss(x[0], target: x[1], beta: 0.5) },
        // Functions without a layer of their own.
        FunctionCase("sdpa_float_mask") { x in try F.scaledDotProductAttention(query: x[0], key: x[1], value: x[2], mask: x[3]) },
        FunctionCase("sdpa_causal") { x in try F.scaledDotProductAttention(query: x[0], key: x[1], value: x[2], isCausal: true) },
        FunctionCase("sdpa_bool_mask") { x in try F.scaledDotProductAttention(query: x[0], key: x[1], value: x[2], mask: x[3]) },
        FunctionCase("interpolate_bicubic") { x in try F.interpolate(x[0], size: [4, 5], mode: .cubic) },
        FunctionCase("interpolate_nearest3d_scale") { x in try F.interpolate(x[0], scale: [2, 1, 1.5]) },
        FunctionCase("pad_constant") { x in try F.pad(x[0], [1, 2, 0, 1], value: 0.5) },
        FunctionCase("conv2d_stride_fn") { x in try F.conv(x[0], weight: x[1], bias: x[2], stride: [2, 1], padding: [1, 0]) },
        FunctionCase("conv_transpose1d_fn") { x in
            try F.convTranspose(x[0], weight: x[1], stride: [3], padding: [1], outputPadding: [2], dilation: [2])
        },
        FunctionCase("max_pool1d_fn") { x in try F.maxPool(x[0], kernel: [3], stride: [2], padding: [1], ceilMode: true) },
        FunctionCase("global_max_pool3d_fn") { x in try F.globalMaxPool(x[0]) },
        FunctionCase("group_norm_fn") { x in try F.groupNorm(x[0], groups: 3, weight: x[1], bias: x[2], eps: 1e-3) },
        FunctionCase("dropout_seeded") { x in try F.dropout(x[0], p: 0.3, training: true, generator: Generator(seed: 77)) },
        FunctionCase("batch_norm_fn_float64") { x in
            try F.batchNorm(x[0], runningMean: nil, runningVar: nil, weight: x[1], bias: x[2], training: true, eps: 1e-4)
        },
    ]
}

@Suite("Functional losses and operations match PyTorch: values and gradients")
struct FunctionalParityTests {
    @Test(arguments: FunctionCases.all)
    func parity(_ functionCase: FunctionCase) throws {
        let store = try ParityFixtures.load()
        let fixture = try store.fixture(functionCase.name)
        let inputs = try fixture.inputs(in: store)
        for (i, x) in inputs.enumerated() where fixture.has("grad.input.\(i)") { try x.requiresGrad(true) }
        let output = try functionCase.call(inputs)
        try expectClose(output, fixture.tensor("output", in: store), "\(functionCase.name) output")
        try output.backward(gradient: fixture.tensor("grad_output", in: store))
        for (i, x) in inputs.enumerated() where fixture.has("grad.input.\(i)") {
            try expectClose(x.grad, fixture.tensor("grad.input.\(i)", in: store), "\(functionCase.name) gradient of input \(i)")
        }
    }

    /// Every fixture the script writes has a Swift test, and every test has its fixture.
    @Test func everyFixtureCaseIsTested() throws {
        let store = try ParityFixtures.load()
        let tested = Set(LayerCases.all.map(\.name) + FunctionCases.all.map(\.name))
        #expect(tested.count == LayerCases.all.count + FunctionCases.all.count, "duplicate case names")
        #expect(Set(store.cases.keys).subtracting(tested).sorted() == [], "fixtures without a Swift test")
        #expect(tested.subtracting(store.cases.keys).sorted() == [], "Swift cases without a fixture")
    }
}
