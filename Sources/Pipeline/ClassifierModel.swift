/// Which primary-site classifier `metorigin cv` cross-validates.
public enum ClassifierModel: String, Sendable, CaseIterable {
    /// The paper's deep network (`CrossValidation`).
    case paper
    /// pyradiomics features of the lesions and a regularised multinomial logistic regression
    /// (`RadiomicsCrossValidation`).
    case radiomics
}
