// The synaptic scatters of spike_kernels.h. Each kernel exists for AVX-512F, AVX2+FMA and
// baseline x86-64 (SSE2), besides portable loops, and the public entry points use the level
// kernel_level.c chose. Other CPUs get the portable loops only. Every version adds the same
// values in the same order, so they give the same bits.
#include "spike_kernels.h"

#if defined(__x86_64__)
#include <immintrin.h>
#define ASF_X86 1
#else
#define ASF_X86 0
#endif

static inline void add_row_portable(float *restrict dst, const float *restrict src, long n,
                                    float sign) {
  for (long i = 0; i < n; i++) dst[i] += sign * src[i];
}

#if ASF_X86
// Rows are 20 to a few hundred floats (one kernel row of a conv is K·out_c): blocks of 8 and
// 4, then a scalar tail under 4.
__attribute__((target("avx2,fma"))) static inline void
add_row_avx2(float *restrict dst, const float *restrict src, long n, float sign) {
  const __m256 s8 = _mm256_set1_ps(sign);
  long i = 0;
  for (; i + 8 <= n; i += 8)
    _mm256_storeu_ps(dst + i,
                     _mm256_fmadd_ps(s8, _mm256_loadu_ps(src + i), _mm256_loadu_ps(dst + i)));
  if (i + 4 <= n) {
    const __m128 s4 = _mm_set1_ps(sign);
    _mm_storeu_ps(dst + i, _mm_fmadd_ps(s4, _mm_loadu_ps(src + i), _mm_loadu_ps(dst + i)));
    i += 4;
  }
  for (; i < n; i++) dst[i] += sign * src[i];
}

// AVX-512: blocks of 16, then the AVX2 loop's 8 and 4 and scalar tail. Every element gets
// the same one fused multiply-add as in the AVX2 loop, so the sums are the same bits.
__attribute__((target("avx512f,avx2,fma"))) static inline void
add_row_avx512(float *restrict dst, const float *restrict src, long n, float sign) {
  const __m512 s16 = _mm512_set1_ps(sign);
  long i = 0;
  for (; i + 16 <= n; i += 16)
    _mm512_storeu_ps(dst + i,
                     _mm512_fmadd_ps(s16, _mm512_loadu_ps(src + i), _mm512_loadu_ps(dst + i)));
  if (i + 8 <= n) {
    const __m256 s8 = _mm256_set1_ps(sign);
    _mm256_storeu_ps(dst + i,
                     _mm256_fmadd_ps(s8, _mm256_loadu_ps(src + i), _mm256_loadu_ps(dst + i)));
    i += 8;
  }
  if (i + 4 <= n) {
    const __m128 s4 = _mm_set1_ps(sign);
    _mm_storeu_ps(dst + i, _mm_fmadd_ps(s4, _mm_loadu_ps(src + i), _mm_loadu_ps(dst + i)));
    i += 4;
  }
  for (; i < n; i++) dst[i] += sign * src[i];
}

static inline void add_row_sse(float *restrict dst, const float *restrict src, long n,
                               float sign) {
  const __m128 s4 = _mm_set1_ps(sign);
  long i = 0;
  for (; i + 4 <= n; i += 4)
    _mm_storeu_ps(dst + i, _mm_add_ps(_mm_loadu_ps(dst + i), _mm_mul_ps(s4, _mm_loadu_ps(src + i))));
  for (; i < n; i++) dst[i] += sign * src[i];
}
#endif

// The conv scatter takes the events in index order, so the spikes of one input position
// (y, x) over its channels come one after another: they reach the same membranes. Such a
// group is added chunk by chunk of the span: a chunk of membranes is loaded once, every
// event's weights are added to it in event order, and it is stored once. The additions and
// their order are those of one event after another, so the sums are the same bits.
#define DEFINE_SCATTERS(SUFFIX, ATTR, ADD_ROW, ADD_GROUP)                                      \
  ATTR static void scatter_rows_##SUFFIX(const float *w, long width, const int32_t *events,    \
                                         long count, float sign, float *u) {                   \
    for (long e = 0; e < count; e++) ADD_ROW(u, w + (long)events[e] * width, width, sign);     \
  }                                                                                            \
  ATTR static void scatter_conv_##SUFFIX(                                                      \
      const float *w, const int32_t *events, long count, float sign, float *u,                 \
      const int32_t *row_of, const int32_t *col_of, const int32_t *chan_of, long in_channels,  \
      long out_h, long out_w, long out_c, long kernel, long pad) {                             \
    const float *sources[ASF_GROUP_MAX];                                                       \
    long e = 0;                                                                                \
    while (e < count) {                                                                        \
      const long i = events[e];                                                                \
      const long y = row_of[i], x = col_of[i];                                                 \
      const long position = i - chan_of[i];                                                    \
      long end = e + 1;                                                                        \
      while (end < count && end - e < ASF_GROUP_MAX &&                                         \
             (long)events[end] - chan_of[events[end]] == position)                             \
        end++;                                                                                 \
      long ky_lo = y + pad - out_h + 1, ky_hi = y + pad;                                       \
      long kx_lo = x + pad - out_w + 1, kx_hi = x + pad;                                       \
      if (ky_lo < 0) ky_lo = 0;                                                                \
      if (kx_lo < 0) kx_lo = 0;                                                                \
      if (ky_hi > kernel - 1) ky_hi = kernel - 1;                                              \
      if (kx_hi > kernel - 1) kx_hi = kernel - 1;                                              \
      const long span = (kx_hi - kx_lo + 1) * out_c;                                          \
      for (long ky = ky_lo; ky <= ky_hi; ky++) {                                               \
        float *dst = u + ((y - ky + pad) * out_w + (x - kx_hi + pad)) * out_c;                 \
        for (long g = e; g < end; g++)                                                         \
          sources[g - e] =                                                                     \
              w + ((ky * in_channels + chan_of[events[g]]) * kernel + (kernel - 1 - kx_hi)) *  \
                      out_c;                                                                   \
        if (end - e == 1)                                                                      \
          ADD_ROW(dst, sources[0], span, sign);                                                \
        else                                                                                   \
          ADD_GROUP(dst, sources, end - e, span, sign);                                        \
      }                                                                                        \
      e = end;                                                                                 \
    }                                                                                          \
  }

// Events of one position gathered at most at once (a conv has at most this many input
// channels in practice; a larger group is split, which changes nothing but speed).
#define ASF_GROUP_MAX 64

static inline void add_group_portable(float *restrict dst, const float *const *sources,
                                      long group, long n, float sign) {
  for (long i = 0; i < n; i++) {
    float acc = dst[i];
    for (long g = 0; g < group; g++) acc += sign * sources[g][i];
    dst[i] = acc;
  }
}

#if ASF_X86
// Chunks of 32 membranes in four registers, then of 8, then a scalar tail; sign·w + acc with
// a fused multiply-add as add_row_avx2 does (sign is ±1, so the product is exact either way).
__attribute__((target("avx2,fma"))) static inline void
add_group_avx2(float *restrict dst, const float *const *sources, long group, long n,
               float sign) {
  const __m256 s8 = _mm256_set1_ps(sign);
  long i = 0;
  for (; i + 32 <= n; i += 32) {
    __m256 a0 = _mm256_loadu_ps(dst + i), a1 = _mm256_loadu_ps(dst + i + 8);
    __m256 a2 = _mm256_loadu_ps(dst + i + 16), a3 = _mm256_loadu_ps(dst + i + 24);
    for (long g = 0; g < group; g++) {
      const float *src = sources[g] + i;
      a0 = _mm256_fmadd_ps(s8, _mm256_loadu_ps(src), a0);
      a1 = _mm256_fmadd_ps(s8, _mm256_loadu_ps(src + 8), a1);
      a2 = _mm256_fmadd_ps(s8, _mm256_loadu_ps(src + 16), a2);
      a3 = _mm256_fmadd_ps(s8, _mm256_loadu_ps(src + 24), a3);
    }
    _mm256_storeu_ps(dst + i, a0);
    _mm256_storeu_ps(dst + i + 8, a1);
    _mm256_storeu_ps(dst + i + 16, a2);
    _mm256_storeu_ps(dst + i + 24, a3);
  }
  for (; i + 8 <= n; i += 8) {
    __m256 a = _mm256_loadu_ps(dst + i);
    for (long g = 0; g < group; g++) a = _mm256_fmadd_ps(s8, _mm256_loadu_ps(sources[g] + i), a);
    _mm256_storeu_ps(dst + i, a);
  }
  if (i + 4 <= n) {
    const __m128 s4 = _mm_set1_ps(sign);
    __m128 a = _mm_loadu_ps(dst + i);
    for (long g = 0; g < group; g++) a = _mm_fmadd_ps(s4, _mm_loadu_ps(sources[g] + i), a);
    _mm_storeu_ps(dst + i, a);
    i += 4;
  }
  for (; i < n; i++) {
    float acc = dst[i];
    for (long g = 0; g < group; g++) acc += sign * sources[g][i];
    dst[i] = acc;
  }
}

// AVX-512: chunks of 64 membranes in four registers, then of 16, then the AVX2 tail; the
// same fused multiply-adds per element, in the same order, as add_group_avx2.
__attribute__((target("avx512f,avx2,fma"))) static inline void
add_group_avx512(float *restrict dst, const float *const *sources, long group, long n,
                 float sign) {
  const __m512 s16 = _mm512_set1_ps(sign);
  long i = 0;
  for (; i + 64 <= n; i += 64) {
    __m512 a0 = _mm512_loadu_ps(dst + i), a1 = _mm512_loadu_ps(dst + i + 16);
    __m512 a2 = _mm512_loadu_ps(dst + i + 32), a3 = _mm512_loadu_ps(dst + i + 48);
    for (long g = 0; g < group; g++) {
      const float *src = sources[g] + i;
      a0 = _mm512_fmadd_ps(s16, _mm512_loadu_ps(src), a0);
      a1 = _mm512_fmadd_ps(s16, _mm512_loadu_ps(src + 16), a1);
      a2 = _mm512_fmadd_ps(s16, _mm512_loadu_ps(src + 32), a2);
      a3 = _mm512_fmadd_ps(s16, _mm512_loadu_ps(src + 48), a3);
    }
    _mm512_storeu_ps(dst + i, a0);
    _mm512_storeu_ps(dst + i + 16, a1);
    _mm512_storeu_ps(dst + i + 32, a2);
    _mm512_storeu_ps(dst + i + 48, a3);
  }
  for (; i + 16 <= n; i += 16) {
    __m512 a = _mm512_loadu_ps(dst + i);
    for (long g = 0; g < group; g++) a = _mm512_fmadd_ps(s16, _mm512_loadu_ps(sources[g] + i), a);
    _mm512_storeu_ps(dst + i, a);
  }
  if (i < n) {
    const float *rest[ASF_GROUP_MAX];
    for (long g = 0; g < group; g++) rest[g] = sources[g] + i;
    add_group_avx2(dst + i, rest, group, n - i, sign);
  }
}

static inline void add_group_sse(float *restrict dst, const float *const *sources, long group,
                                 long n, float sign) {
  const __m128 s4 = _mm_set1_ps(sign);
  long i = 0;
  for (; i + 4 <= n; i += 4) {
    __m128 a = _mm_loadu_ps(dst + i);
    for (long g = 0; g < group; g++)
      a = _mm_add_ps(a, _mm_mul_ps(s4, _mm_loadu_ps(sources[g] + i)));
    _mm_storeu_ps(dst + i, a);
  }
  for (; i < n; i++) {
    float acc = dst[i];
    for (long g = 0; g < group; g++) acc += sign * sources[g][i];
    dst[i] = acc;
  }
}
#endif

DEFINE_SCATTERS(portable, , add_row_portable, add_group_portable)
#if ASF_X86
DEFINE_SCATTERS(avx2, __attribute__((target("avx2,fma"))), add_row_avx2, add_group_avx2)
DEFINE_SCATTERS(avx512, __attribute__((target("avx512f,avx2,fma"))), add_row_avx512,
                add_group_avx512)
DEFINE_SCATTERS(sse, , add_row_sse, add_group_sse)
#endif

void asf_scatter_rows(const float *w, long width, const int32_t *events, long count, float sign,
                      float *u) {
#if ASF_X86
  switch (asf_kernel_level()) {
  case 3: return scatter_rows_avx512(w, width, events, count, sign, u);
  case 2: return scatter_rows_avx2(w, width, events, count, sign, u);
  case 1: return scatter_rows_sse(w, width, events, count, sign, u);
  default: break;
  }
#endif
  scatter_rows_portable(w, width, events, count, sign, u);
}

void asf_scatter_conv(const float *w, const int32_t *events, long count, float sign, float *u,
                      const int32_t *row_of, const int32_t *col_of, const int32_t *chan_of,
                      long in_channels, long out_h, long out_w, long out_c, long kernel,
                      long pad) {
  asf_scatter_conv_at(asf_kernel_level(), w, events, count, sign, u, row_of, col_of, chan_of,
                      in_channels, out_h, out_w, out_c, kernel, pad);
}

void asf_scatter_conv_at(int level, const float *w, const int32_t *events, long count,
                         float sign, float *u, const int32_t *row_of, const int32_t *col_of,
                         const int32_t *chan_of, long in_channels, long out_h, long out_w,
                         long out_c, long kernel, long pad) {
  const int best = asf_best_kernel_level();
  if (level > best) level = best;
#if ASF_X86
  switch (level) {
  case 3:
    return scatter_conv_avx512(w, events, count, sign, u, row_of, col_of, chan_of, in_channels,
                               out_h, out_w, out_c, kernel, pad);
  case 2:
    return scatter_conv_avx2(w, events, count, sign, u, row_of, col_of, chan_of, in_channels,
                             out_h, out_w, out_c, kernel, pad);
  case 1:
    return scatter_conv_sse(w, events, count, sign, u, row_of, col_of, chan_of, in_channels,
                            out_h, out_w, out_c, kernel, pad);
  default: break;
  }
#endif
  scatter_conv_portable(w, events, count, sign, u, row_of, col_of, chan_of, in_channels, out_h,
                        out_w, out_c, kernel, pad);
}

void asf_conv_span_weights(const float *w, float *span, long kernel, long in_channels,
                           long out_c) {
  for (long ky = 0; ky < kernel; ky++)
    for (long kx = 0; kx < kernel; kx++)
      for (long c = 0; c < in_channels; c++) {
        const float *from = w + ((ky * kernel + kx) * in_channels + c) * out_c;
        float *to = span + ((ky * in_channels + c) * kernel + (kernel - 1 - kx)) * out_c;
        for (long o = 0; o < out_c; o++) to[o] = from[o];
      }
}
