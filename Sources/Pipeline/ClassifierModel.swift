/// Which primary-site classifier `metorigin cv` cross-validates.
public enum ClassifierModel: String, Sendable, CaseIterable {
    /// The paper's whole-brain dual-branch network (`CrossValidation`).
    case paper
    /// pyradiomics features of the lesions and a regularised multinomial logistic regression
    /// (`RadiomicsCrossValidation`).
    case radiomics
    /// The lesion-level multiple-instance network (`LesionCrossValidation`).
    case lesion
}

/// Where a lesion-based classifier's lesions come from (`metorigin cv --instances`).
public enum LesionInstanceKind: String, CaseIterable, Sendable {
    /// Components of the segmentation network's probability maps (`--probability-maps`).
    case predicted
    /// Components of the manifest's truth label maps: a labelled reference run only.
    case truth
}
