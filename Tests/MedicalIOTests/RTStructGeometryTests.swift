import Foundation
import Statistics
import Testing
@testable import MedicalIO

/// Rasterisation (polygons → mask) and contour extraction (mask → polygons), without DICOM.
@Suite struct RTStructGeometryTests {
    /// An oblique, anisotropic grid so index↔world mistakes cannot cancel out.
    static let oblique: ImageGeometry = {
        let c = 0.8, s = 0.6
        return ImageGeometry(size: GridSize(40, 36, 12), spacing: Spacing(0.7, 0.9, 2.5),
                             origin: Point3(-12, 30, 5),
                             direction: Matrix3(columns: Point3(c, s, 0), Point3(-s, c, 0), Point3(0, 0, 1)))
    }()

    static let axial = ImageGeometry(size: GridSize(20, 20, 6), spacing: Spacing(1, 1, 2))

    /// Index-space polygon on slice k, converted to world.
    static func polygon(_ g: ImageGeometry, k: Double, _ pts: [(Double, Double)]) -> [Point3] {
        pts.map { g.world(atIndex: Point3($0.0, $0.1, k)) }
    }

    static func count(_ m: LabelVolume, slice k: Int) -> Int {
        m.slice(k).reduce(0) { $0 + ($1 != 0 ? 1 : 0) }
    }

    @Test func squareOnVoxelBoundariesFillsExactlyItsVoxels() throws {
        let g = Self.oblique
        let square = Self.polygon(g, k: 3, [(1.5, 2.5), (5.5, 2.5), (5.5, 7.5), (1.5, 7.5)])
        let r = try ContourRasterizer().rasterize([square], onto: g)
        #expect(r.contouredSlices == [3])
        #expect(r.notes.isEmpty)
        for k in 0..<g.size.z { for j in 0..<g.size.y { for i in 0..<g.size.x {
            let inside = k == 3 && (2...5).contains(i) && (3...7).contains(j)
            #expect(r.mask[i, j, k] == (inside ? 1 : 0))
        } } }
    }

    @Test func halfVoxelCoverageDecidesInclusion() throws {
        let g = Self.axial
        // Covers 60 % of voxel column 4 and 40 % of voxel column 9.
        let poly = Self.polygon(g, k: 0, [(3.9, 1.5), (8.9, 1.5), (8.9, 2.5), (3.9, 2.5)])
        let r = try ContourRasterizer(subsamples: 10).rasterize([poly], onto: g)
        #expect(r.mask[4, 2, 0] == 1)
        #expect(r.mask[8, 2, 0] == 1)
        #expect(r.mask[9, 2, 0] == 0)
        #expect(r.mask[3, 2, 0] == 0)
        #expect(Self.count(r.mask, slice: 0) == 5)
    }

    @Test func circleAreaMatchesAnalyticArea() throws {
        let g = ImageGeometry(size: GridSize(64, 64, 1), spacing: Spacing(0.5, 0.5, 1))
        for radius in [2.3, 5.0, 11.7] {
            let n = 360
            let circle = (0..<n).map { t -> Point3 in
                let a = Double(t) / Double(n) * 2 * .pi
                return Point3(16 + radius * cos(a), 15.8 + radius * sin(a), 0)
            }
            let r = try ContourRasterizer().rasterize([circle], onto: g)
            let area = Double(Self.count(r.mask, slice: 0)) * 0.25
            let exact = Double.pi * radius * radius
            #expect(abs(area - exact) / exact < 0.06, "radius \(radius): \(area) vs \(exact)")
        }
    }

    @Test func evenOddRuleMakesHolesAndIslands() throws {
        let g = Self.axial
        let outer = Self.polygon(g, k: 2, [(1.5, 1.5), (12.5, 1.5), (12.5, 12.5), (1.5, 12.5)])
        let hole = Self.polygon(g, k: 2, [(4.5, 4.5), (7.5, 4.5), (7.5, 7.5), (4.5, 7.5)])
        let island = Self.polygon(g, k: 2, [(15.5, 15.5), (17.5, 15.5), (17.5, 17.5), (15.5, 17.5)])
        // Orientation must not matter: the hole is given in the same winding as the outer ring.
        let r = try ContourRasterizer().rasterize([outer, hole, island], onto: g)
        #expect(r.mask[3, 3, 2] == 1)
        #expect(r.mask[6, 6, 2] == 0)
        #expect(r.mask[16, 16, 2] == 1)
        #expect(Self.count(r.mask, slice: 2) == 121 - 9 + 4)
        // Overlapping polygons XOR.
        let a = Self.polygon(g, k: 1, [(1.5, 1.5), (5.5, 1.5), (5.5, 5.5), (1.5, 5.5)])
        let b = Self.polygon(g, k: 1, [(3.5, 3.5), (7.5, 3.5), (7.5, 7.5), (3.5, 7.5)])
        let x = try ContourRasterizer().rasterize([a, b], onto: g)
        #expect(x.mask[4, 4, 1] == 0)
        #expect(x.mask[2, 2, 1] == 1 && x.mask[6, 6, 1] == 1)
        #expect(Self.count(x.mask, slice: 1) == 16 + 16 - 8)
    }

    @Test func contoursBetweenSlicesGoToTheNearestAndGapsStayEmpty() throws {
        let g = Self.axial
        let sq: [(Double, Double)] = [(2.5, 2.5), (6.5, 2.5), (6.5, 6.5), (2.5, 6.5)]
        let r = try ContourRasterizer().rasterize([
            Self.polygon(g, k: 0.3, sq),      // → slice 0
            Self.polygon(g, k: 3.0, sq),      // → slice 3
            Self.polygon(g, k: 3.45, [(10.5, 10.5), (12.5, 10.5), (12.5, 12.5)]),  // also slice 3, farther: dropped
            Self.polygon(g, k: 4.6, sq),      // → slice 5
            Self.polygon(g, k: 6.2, sq),      // beyond the last slice
            Self.polygon(g, k: -0.7, sq),     // before the first
        ], onto: g)
        #expect(r.contouredSlices == [0, 3, 5])
        #expect(r.usedContours == 3)
        #expect(Self.count(r.mask, slice: 0) == 16)
        #expect(Self.count(r.mask, slice: 1) == 0)
        #expect(Self.count(r.mask, slice: 2) == 0)
        #expect(Self.count(r.mask, slice: 3) == 16)
        #expect(Self.count(r.mask, slice: 4) == 0)
        #expect(Self.count(r.mask, slice: 5) == 16)
        #expect(r.notes.count == 3)
        #expect(r.notes.contains { $0.contains("nearer plane") })
    }

    @Test func degenerateContoursAreSkippedWithNotes() throws {
        let g = Self.axial
        let tilted = [Point3(1, 1, 0), Point3(5, 1, 0), Point3(5, 5, 6)]
        let nan = [Point3(1, 1, 0), Point3(.nan, 1, 0), Point3(5, 5, 0)]
        let huge = [Point3(-1e300, -1e300, 0), Point3(1e300, -1e300, 0), Point3(1e300, 1e300, 0)]
        let r = try ContourRasterizer().rasterize([[Point3(1, 1, 0)], tilted, nan, huge], onto: g)
        #expect(r.notes.count == 3)
        #expect(r.usedContours == 1)
        // The huge triangle covers half the plane through the grid's diagonal.
        #expect(Self.count(r.mask, slice: 0) > 150)
        #expect(throws: RTStructError.self) { try ContourRasterizer(subsamples: 0).rasterize([], onto: g) }
    }

    @Test func pathologicalZigzagsAreRefusedBeforeAllocating() throws {
        let g = ImageGeometry(size: GridSize(8, 256, 1), spacing: Spacing(1, 1, 1))
        // 5,000 edges each spanning all 1,024 sub-rows: 5.1 M crossings, over the budget of 4.2 M.
        let zigzag = (0..<5000).map { n in Point3(Double(n % 7), n % 2 == 0 ? -1 : 260, 0) }
        #expect(throws: RTStructError.contoursTooComplex(slice: 0, points: 5000)) {
            try ContourRasterizer().rasterize([zigzag], onto: g)
        }
        // A few dozen such edges are fine.
        let r = try ContourRasterizer().rasterize([Array(zigzag.prefix(40))], onto: g)
        #expect(r.usedContours == 1)
    }

    // MARK: extraction

    static func ellipsoid(_ g: ImageGeometry, centre: Point3, radii: Point3) -> LabelVolume {
        var m = try! LabelVolume(geometry: g, repeating: 0)
        for k in 0..<g.size.z { for j in 0..<g.size.y { for i in 0..<g.size.x {
            let d = (Point3(Double(i), Double(j), Double(k)) - centre) / radii
            if (d * d).sum() <= 1 { m[i, j, k] = 1 }
        } } }
        return m
    }

    static func dice(_ a: LabelVolume, _ b: LabelVolume) -> Double {
        var both = 0, na = 0, nb = 0
        for (x, y) in zip(a.voxels, b.voxels) {
            if x != 0 { na += 1 }
            if y != 0 { nb += 1 }
            if x != 0 && y != 0 { both += 1 }
        }
        return na + nb == 0 ? 1 : 2 * Double(both) / Double(na + nb)
    }

    static func roundTrip(_ m: LabelVolume) throws -> (LabelVolume, [ContourExtractor.SliceContour]) {
        let contours = ContourExtractor.contours(of: m)
        let r = try ContourRasterizer().rasterize(contours.map(\.points), onto: m.geometry)
        #expect(r.notes.isEmpty)
        return (r.mask, contours)
    }

    @Test(arguments: [0.6, 1.5, 3.2, 7.0])
    func spheresRoundTrip(radius: Double) throws {
        let g = Self.oblique
        let m = Self.ellipsoid(g, centre: Point3(20.2, 17.1, 5.2),
                               radii: Point3(radius, radius * 0.7 / 0.9, max(0.6, radius * 0.7 / 2.5)))
        let nonEmpty = m.voxels.contains(1)
        #expect(nonEmpty)
        let (back, contours) = try Self.roundTrip(m)
        #expect(Self.dice(m, back) >= 0.95)
        let identical = back.voxels == m.voxels
        #expect(identical)
        // Contours lie on their slice's plane in world space.
        for c in contours {
            for p in c.points { #expect(abs(g.index(atWorld: p).z - Double(c.slice)) < 1e-9) }
        }
    }

    @Test func ellipsoidTouchingTheGridEdgeRoundTrips() throws {
        let g = Self.axial
        let m = Self.ellipsoid(g, centre: Point3(2, 10, 2.5), radii: Point3(6, 4, 2))
        let (back, _) = try Self.roundTrip(m)
        let identical = back.voxels == m.voxels
        #expect(identical)
    }

    @Test func torusKeepsItsHole() throws {
        let g = ImageGeometry(size: GridSize(32, 32, 5), spacing: Spacing(1, 1, 3))
        var m = try LabelVolume(geometry: g, repeating: 0)
        for k in 1..<4 { for j in 0..<32 { for i in 0..<32 {
            let r = ((Double(i) - 15.5) * (Double(i) - 15.5) + (Double(j) - 15.2) * (Double(j) - 15.2)).squareRoot()
            if (r - 9).magnitude <= 4 - Double(abs(k - 2)) { m[i, j, k] = 1 }
        } } }
        #expect(m[15, 15, 2] == 0)
        let (back, contours) = try Self.roundTrip(m)
        let identical = back.voxels == m.voxels
        #expect(identical)
        // Every contoured slice has an outer ring and a hole.
        for k in 1..<4 { #expect(contours.filter { $0.slice == k }.count == 2) }
        #expect(contours.allSatisfy { (1..<4).contains($0.slice) })
    }

    @Test func diagonalNeighboursGiveSimplePolygonsAndCollinearPointsAreDropped() throws {
        let g = ImageGeometry(size: GridSize(6, 6, 1), spacing: Spacing(1, 1, 1))
        var m = try LabelVolume(geometry: g, repeating: 0)
        m[1, 1, 0] = 1; m[2, 2, 0] = 1; m[3, 3, 0] = 1; m[2, 1, 0] = 0
        for i in 0..<6 { m[i, 5, 0] = 1 }  // a straight bar: 4 vertices
        let contours = ContourExtractor.contours(of: m)
        #expect(contours.count == 4)
        #expect(contours.allSatisfy { $0.points.count == 4 })
        let (back, _) = try Self.roundTrip(m)
        let identical = back.voxels == m.voxels
        #expect(identical)
        // A label filter picks only matching voxels.
        var labels = m
        labels[3, 3, 0] = 2
        #expect(ContourExtractor.contours(of: labels, label: 2).count == 1)
    }

    @Test func randomBlobsRoundTripExactly() throws {
        var rng = SplitMix64(seed: 7)
        let g = ImageGeometry(size: GridSize(24, 20, 3), spacing: Spacing(0.5, 0.8, 2))
        for _ in 0..<5 {
            var m = try LabelVolume(geometry: g, repeating: 0)
            for idx in m.voxels.indices where Double.random(in: 0..<1, using: &rng) < 0.45 { m.voxels[idx] = 1 }
            let (back, _) = try Self.roundTrip(m)
            let identical = back.voxels == m.voxels
        #expect(identical)
        }
    }
}
