/// The marching-cubes tables pyradiomics' shape class uses (Lorensen and Cline's cases, halved
/// by complement symmetry). Coordinates are (z, y, x) offsets within one cube.
enum MarchingCubesTables {
    /// The eight cube corners.
    static let corners: [(Int, Int, Int)] = [(0, 0, 0), (0, 0, 1), (0, 1, 1), (0, 1, 0), (1, 0, 0), (1, 0, 1), (1, 1, 1), (1, 1, 0)]

    /// The midpoints of the twelve cube edges, where the surface crosses them.
    static let edgeMidpoints: [SIMD3<Double>] = [
        SIMD3(0, 0, 0.5), SIMD3(0, 0.5, 1), SIMD3(0, 1, 0.5), SIMD3(0, 0.5, 0),
        SIMD3(1, 0, 0.5), SIMD3(1, 0.5, 1), SIMD3(1, 1, 0.5), SIMD3(1, 0.5, 0),
        SIMD3(0.5, 0, 0), SIMD3(0.5, 0, 1), SIMD3(0.5, 1, 1), SIMD3(0.5, 1, 0),
    ]

    /// For each of the 128 corner configurations (the other 128 are their complements), the cube
    /// edges whose midpoints form its triangles, three per triangle.
    static let triangles: [[Int8]] = triangleCodes.split(whereSeparator: \.isWhitespace).map { code in
        code == "-" ? [] : code.map { Int8($0.hexDigitValue!) }
    }

    /// `triangles` as data: one token per configuration, in order, one hexadecimal digit per
    /// edge ("-" for none). `PyradiomicsAgreementTests` checks the meshes it gives against pyradiomics' shape features.
    private static let triangleCodes = """
        - 083 190 183198 12a 08312a 92a029 2832a8a98 b23 b2008b 190b23 b2119b98b 3a1ba3 a1008a8ba
        9033b9ba9 98aba8 478 043473 190478 194147173 12a478 34730412a 92a902478 2a9297273479 478b23
        b47b24204 190478b23 47b94bb29192 3a1ba3478 ba114b10447b 4789033b9ba9 47b4b99ba 954 954083
        054015 854835315 12a954 08312a954 2a5542240 2a5325354834 954b23 b2008b954 054015b23
        215258b28548 3a1ba3954 549a1008a8ba 54050ba5bb03 548a58ba8 789579 309539357 780017715 157173
        78957912a 12a309395357 0288258572a5 2a5253357 579789b23 579972209b27 b23018178157 21b17b157
        7895793a1ba3 5705097b0a10ba0 ba003ba50078570 ba557b 65a 08365a 19065a 18319865a 165126
        165126083 965906026 598582526832 b2365a b2008b65a 190b2365a b2119b98b65a 63b653513
        08b0b50515b6 63b036065059 65969bb98 47865a 04347365a 19047865a 19414717365a 478165126
        043473165126 478965906026 739479329596269 b2347865a b47b2420465a 190b2347865a
        47b94bb2919265a 47863b653513 51b5b610b47b04b 47863b036065059 65969b4797b9 a4964a a4964a083
        01aa60640 18316886461a 149124264 149124264083 024426 832824426 b23a4964a b2008ba4964a
        b2301aa60640 64161a148b2118b 964369139b63 18b081b61149641 63b036640 86468b 67a78a89a
        67a0a709a073 67a1a7178018 67a1a7173 126168189678 269129679309739 078706602 273267
        b2367a78a89a 207b2709767a9a7 67a1a7178018b23 b2117ba61167 896678169b63136 09167b
        07870603bb60 67b
        """
}
