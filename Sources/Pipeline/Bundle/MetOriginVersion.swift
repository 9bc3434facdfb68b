/// The MetOrigin release this build is, as recorded in model bundles (bundle.json's
/// `metorigin_version`) so that a bundle names the software that trained it.
public enum MetOriginVersion {
    public static let current = "0.1.0"
}
