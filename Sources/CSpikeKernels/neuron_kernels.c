// The threshold test and the leak of spike_kernels.h, at the level kernel_level.c chose.
#include "spike_kernels.h"

#if defined(__x86_64__)
#include <immintrin.h>
#define ASF_X86 1
#else
#define ASF_X86 0
#endif

// The threshold scan (strictly above: u > threshold fires, u == threshold does not, as the
// reference code's F.threshold): most membranes stay at or below threshold, so 8 (or 16) are tested at once
// and only blocks with a spike are visited one by one.
#define FIRE_BLOCK(mask, base)                                                                 \
  while (mask) {                                                                               \
    const long i = (base) + __builtin_ctz(mask);                                               \
    mask &= mask - 1;                                                                          \
    u[i] = subtract ? u[i] - threshold : 0.0f;                                                 \
    counts[i] += 1.0f;                                                                         \
    spikes[spike_count++] = (int32_t)i;                                                        \
  }

// Neurons first..<n one by one.
static inline long fire_scalar(float *u, long first, long n, float compare, float threshold,
                               int subtract, float *counts, int32_t *spikes, long spike_count) {
  for (long j = first; j < n; j++) {
    if (u[j] > compare) {
      u[j] = subtract ? u[j] - threshold : 0.0f;
      counts[j] += 1.0f;
      spikes[spike_count++] = (int32_t)j;
    }
  }
  return spike_count;
}

#if ASF_X86
__attribute__((target("avx2,fma"))) static long
fire_avx2(float *u, long n, float compare, float threshold, int subtract, float *counts,
          int32_t *spikes, long spike_count) {
  const __m256 t8 = _mm256_set1_ps(compare);
  long j = 0;
  for (; j + 16 <= n; j += 16) {
    unsigned mask = (unsigned)_mm256_movemask_ps(_mm256_cmp_ps(_mm256_loadu_ps(u + j), t8, _CMP_GT_OQ)) |
                    ((unsigned)_mm256_movemask_ps(_mm256_cmp_ps(_mm256_loadu_ps(u + j + 8), t8, _CMP_GT_OQ)) << 8);
    FIRE_BLOCK(mask, j)
  }
  return fire_scalar(u, j, n, compare, threshold, subtract, counts, spikes, spike_count);
}

__attribute__((target("avx512f,avx2,fma"))) static long
fire_avx512(float *u, long n, float compare, float threshold, int subtract, float *counts,
            int32_t *spikes, long spike_count) {
  const __m512 t16 = _mm512_set1_ps(compare);
  long j = 0;
  for (; j + 32 <= n; j += 32) {
    unsigned mask = (unsigned)_mm512_cmp_ps_mask(_mm512_loadu_ps(u + j), t16, _CMP_GT_OQ) |
                    ((unsigned)_mm512_cmp_ps_mask(_mm512_loadu_ps(u + j + 16), t16, _CMP_GT_OQ)
                     << 16);
    FIRE_BLOCK(mask, j)
  }
  return fire_scalar(u, j, n, compare, threshold, subtract, counts, spikes, spike_count);
}
#endif

long asf_fire(float *u, long n, float compare, float threshold, int subtract, float *counts,
              int32_t *spikes, long spike_count) {
  long j = 0;
#if ASF_X86
  const int level = asf_kernel_level();
  if (level == 3)
    return fire_avx512(u, n, compare, threshold, subtract, counts, spikes, spike_count);
  if (level == 2)
    return fire_avx2(u, n, compare, threshold, subtract, counts, spikes, spike_count);
  // SSE2 is part of x86-64: test 8 membranes per iteration.
  const __m128 t4 = _mm_set1_ps(compare);
  for (; level == 1 && j + 8 <= n; j += 8) {
    unsigned mask = (unsigned)_mm_movemask_ps(_mm_cmpgt_ps(_mm_loadu_ps(u + j), t4)) |
                    ((unsigned)_mm_movemask_ps(_mm_cmpgt_ps(_mm_loadu_ps(u + j + 4), t4)) << 4);
    FIRE_BLOCK(mask, j)
  }
#endif
  return fire_scalar(u, j, n, compare, threshold, subtract, counts, spikes, spike_count);
}

void asf_decay(float *u, long n, float leak) {
  for (long i = 0; i < n; i++) u[i] *= leak;
}
