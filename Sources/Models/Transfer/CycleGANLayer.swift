import Torch

/// The unit the CycleGAN networks are built from: optional reflection padding, a (transposed)
/// convolution, instance normalisation without affine parameters (the reference's
/// `InstanceNorm2d` default) and an activation. Its children are numbered as the reference's
/// `nn.Sequential` entries, so that layout's state-dict keys are reproduced by the networks.
enum CycleGANLayer {
    /// What follows the normalisation.
    enum Activation { case relu, leakyRelu, none }

    /// [pad?] conv [norm?] [activation?] as a flat list, ready to splice into a `Sequential`.
    static func conv(_ inChannels: Int, _ outChannels: Int, kernel: Int, stride: Int = 1, padding: Int = 0,
                     reflection: Int = 0, norm: Bool = true, activation: Activation,
                     generator: Generator?) throws(TorchError) -> [any UnaryLayer] {
        var layers: [any UnaryLayer] = []
        if reflection > 0 { layers.append(BorderPad.reflection2d(reflection)) }
        layers.append(try Conv2d(inChannels, outChannels, kernelSize: kernel, stride: stride, padding: padding,
                                 generator: generator))
        if norm { layers.append(try InstanceNorm2d(outChannels)) }
        layers += activationLayers(activation)
        return layers
    }

    /// Stride-2 3 × 3 transposed convolution doubling the size, instance norm, ReLU.
    static func up(_ inChannels: Int, _ outChannels: Int, generator: Generator?) throws(TorchError) -> [any UnaryLayer] {
        [try ConvTranspose2d(inChannels, outChannels, kernelSize: 3, stride: 2, padding: 1, outputPadding: 1,
                             generator: generator),
         try InstanceNorm2d(outChannels), ReLU()]
    }

    static func activationLayers(_ a: Activation) -> [any UnaryLayer] {
        switch a {
        case .relu: return [ReLU()]
        case .leakyRelu: return [LeakyReLU(negativeSlope: 0.2)]
        case .none: return []
        }
    }

    /// The reference's `init_weights(init_type='normal', gain=0.02)`: every convolution weight
    /// N(0, 0.02²), every bias 0, drawn in declaration order from `generator`.
    static func initialiseNormal(_ module: Module, generator: Generator?) throws(TorchError) {
        for (_, m) in module.namedModules() {
            let pair: (Parameter, Parameter?)?
            if let c = m as? Convolution { pair = (c.weight, c.bias) }
            else if let t = m as? TransposedConvolution { pair = (t.weight, t.bias) }
            else { pair = nil }
            guard let (weight, bias) = pair else { continue }
            try Init.normal_(weight.value, mean: 0, std: 0.02, generator: generator)
            if let bias { try Init.constant_(bias.value, 0) }
        }
    }
}
