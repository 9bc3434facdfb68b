/// Where one frame (a single-frame file, or one frame of a multi-frame file) sits in patient
/// space, and how its stored values map to real values.
public struct DicomFrameGeometry: Sendable, Hashable {
    /// ImagePositionPatient: centre of the first transmitted pixel (mm, LPS); `nil` if absent
    /// or unusable.
    public var position: Point3?
    /// ImagePositionPatient as stored when it is present but unusable (not three finite numbers
    /// within ±10 km): such a frame cannot be placed, which is not the same as having no position.
    public var unusablePosition: String?
    /// ImageOrientationPatient row direction (direction of increasing column index).
    public var rowDirection: Point3?
    /// ImageOrientationPatient column direction (direction of increasing row index).
    public var columnDirection: Point3?
    /// PixelSpacing as (between columns, between rows) in mm — note DICOM stores row spacing first.
    public var pixelSpacing: (x: Double, y: Double)?
    public var sliceThickness: Double?
    public var rescaleSlope: Double
    public var rescaleIntercept: Double

    public static func == (a: Self, b: Self) -> Bool {
        a.position == b.position && a.unusablePosition == b.unusablePosition && a.rowDirection == b.rowDirection && a.columnDirection == b.columnDirection
            && a.pixelSpacing?.x == b.pixelSpacing?.x && a.pixelSpacing?.y == b.pixelSpacing?.y
            && a.sliceThickness == b.sliceThickness && a.rescaleSlope == b.rescaleSlope && a.rescaleIntercept == b.rescaleIntercept
    }
    public func hash(into h: inout Hasher) { h.combine(position); h.combine(rescaleSlope); h.combine(rescaleIntercept) }

    /// Unit normal `row × column`; `nil` without an orientation.
    public var normal: Point3? {
        guard let r = rowDirection, let c = columnDirection else { return nil }
        let n = Point3(r.y * c.z - r.z * c.y, r.z * c.x - r.x * c.z, r.x * c.y - r.y * c.x)
        let len = (n * n).sum().squareRoot()
        return len > 1e-6 ? n / len : nil
    }

    /// Geometry of the frames of `ds`: per-frame functional groups (Enhanced MR/CT) override
    /// shared groups, which override the classic top-level attributes. One entry per
    /// per-frame item (at least one): frames without their own item share the last entry, so a
    /// hostile NumberOfFrames costs nothing here.
    public static func frames(of ds: DicomDataSet, count: Int) -> [DicomFrameGeometry] {
        let top = DicomFrameGeometry(
            position: point(ds.doubles(.imagePositionPatient)),
            unusablePosition: unusablePosition(in: ds),
            rowDirection: orientation(ds.doubles(.imageOrientationPatient))?.0,
            columnDirection: orientation(ds.doubles(.imageOrientationPatient))?.1,
            pixelSpacing: spacing(ds.doubles(.pixelSpacing)),
            sliceThickness: ds.double(.sliceThickness),
            rescaleSlope: ds.double(.rescaleSlope) ?? 1,
            rescaleIntercept: ds.double(.rescaleIntercept) ?? 0)
        let shared = ds.sequence(.sharedFunctionalGroupsSequence)?.first
        let perFrame = ds.sequence(.perFrameFunctionalGroupsSequence) ?? []
        var base = top
        if let shared { base.apply(groups: shared) }
        return (0..<max(1, min(count, perFrame.count))).map { i in
            var g = base
            if i < perFrame.count { g.apply(groups: perFrame[i]) }
            return g
        }
    }

    /// Overrides fields from one item of a functional groups sequence.
    mutating func apply(groups: DicomDataSet) {
        if let p = groups.sequence(.planePositionSequence)?.first {
            if let v = Self.point(p.doubles(.imagePositionPatient)) {
                position = v
                unusablePosition = nil
            } else if let stored = Self.unusablePosition(in: p) {
                position = nil
                unusablePosition = stored
            }
        }
        if let o = groups.sequence(.planeOrientationSequence)?.first, let v = Self.orientation(o.doubles(.imageOrientationPatient)) {
            rowDirection = v.0; columnDirection = v.1
        }
        if let m = groups.sequence(.pixelMeasuresSequence)?.first {
            if let s = Self.spacing(m.doubles(.pixelSpacing)) { pixelSpacing = s }
            if let t = m.double(.sliceThickness) { sliceThickness = t }
        }
        if let t = groups.sequence(.pixelValueTransformationSequence)?.first {
            if let s = t.double(.rescaleSlope) { rescaleSlope = s }
            if let b = t.double(.rescaleIntercept) { rescaleIntercept = b }
        }
    }

    static func point(_ v: [Double]?) -> Point3? {
        // Positions beyond ±10 km are corrupt and would overflow later products.
        guard let v, v.count >= 3, v.prefix(3).allSatisfy({ $0.isFinite && abs($0) < 1e7 }) else { return nil }
        return Point3(v[0], v[1], v[2])
    }

    /// The stored text of an ImagePositionPatient that is present but not a point.
    static func unusablePosition(in ds: DicomDataSet) -> String? {
        guard point(ds.doubles(.imagePositionPatient)) == nil, let text = ds.strings(.imagePositionPatient),
              !text.joined().isEmpty else { return nil }
        return text.joined(separator: "\\")
    }

    static func orientation(_ v: [Double]?) -> (Point3, Point3)? {
        guard let v, v.count >= 6, v.allSatisfy(\.isFinite) else { return nil }
        var r = Point3(v[0], v[1], v[2]), c = Point3(v[3], v[4], v[5])
        let lr = (r * r).sum().squareRoot(), lc = (c * c).sum().squareRoot()
        guard lr > 1e-6, lc > 1e-6 else { return nil }
        r /= lr; c /= lc
        return (r, c)
    }

    static func spacing(_ v: [Double]?) -> (x: Double, y: Double)? {
        guard let v, v.count >= 2, v[0] > 0, v[1] > 0, v[0] < 1e6, v[1] < 1e6 else { return nil }
        return (x: v[1], y: v[0])
    }
}
