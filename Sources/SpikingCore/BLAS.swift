// Thin wrappers over OpenBLAS `cblas_sgemm` for row-major Float matrices, and the
// thread-count control. Nothing else in SpikingCore imports CBLAS.

import CBLAS

/// Row-major single-precision matrix products through OpenBLAS.
public enum BLAS {
  /// C[M×N] = alpha · op(A) · op(B) + beta · C, all row-major.
  /// `transposeA`: A is stored K×M; otherwise M×K. `transposeB`: B is stored N×K; otherwise K×N.
  @inline(__always)
  public static func gemm(
    m: Int, n: Int, k: Int,
    a: UnsafePointer<Float>, transposeA: Bool = false,
    b: UnsafePointer<Float>, transposeB: Bool = false,
    c: UnsafeMutablePointer<Float>, alpha: Float = 1, beta: Float = 0
  ) {
    guard m > 0, n > 0 else { return }
    if k == 0 {
      if beta == 0 { c.update(repeating: 0, count: m * n) }
      return
    }
    let lda = transposeA ? m : k
    let ldb = transposeB ? k : n
    cblas_sgemm(
      CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans,
      transposeB ? CblasTrans : CblasNoTrans,
      Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(n))
  }

  /// Sets how many threads OpenBLAS uses for the following calls.
  public static func setThreadCount(_ count: Int) {
    openblas_set_num_threads(Int32(max(1, count)))
  }

  /// The number of threads OpenBLAS currently uses.
  public static var threadCount: Int { Int(openblas_get_num_threads()) }
}
