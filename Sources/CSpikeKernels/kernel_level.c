// Which instruction set the kernels use (spike_kernels.h): the best the CPU has, found once,
// except that AVX-512 is used only where its conv scatter measured faster than AVX2's.
#include "spike_kernels.h"

#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#if defined(__x86_64__)
#define ASF_X86 1
#else
#define ASF_X86 0
#endif

// The level the kernels use; −1 until first asked (then the default). Workers read it at
// once, so it is read and written atomically.
static int level_in_force = -1;

// The instruction sets: 0 portable loops, 1 SSE2, 2 AVX2+FMA, 3 AVX-512F. The best the CPU
// has is found once; asf_set_kernel_level may choose another (tests, benchmarks).
static int best_level(void) {
#if ASF_X86
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx2") &&
      __builtin_cpu_supports("fma"))
    return 3;
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return 2;
  return 1;
#else
  return 0;
#endif
}

#if ASF_X86
static double seconds_now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

// Times the AVX-512 and AVX2 conv scatters against each other on a small layer (16×16×32 in,
// 64 out, 3×3, a tenth of the inputs spiking), alternating, best of 6 rounds of 20 steps each
// (a few milliseconds in all). AVX-512 is kept only when it is at least 3 % faster: CPUs that
// split 512-bit operations in two (Zen 4) run the AVX2 scatter faster.
static int faster_of_avx512_and_avx2(void) {
  enum { side = 16, in_c = 32, out_c = 64, kernel = 3, n = side * side * in_c };
  int32_t *row = malloc(3 * n * sizeof(int32_t));
  int32_t *events = malloc(n * sizeof(int32_t));
  float *w = malloc(kernel * kernel * in_c * out_c * sizeof(float));
  float *u = calloc(side * side * out_c, sizeof(float));
  if (!row || !events || !w || !u) {
    free(row), free(events), free(w), free(u);
    return 2;
  }
  int32_t *col = row + n, *chan = row + 2 * n;
  long count = 0;
  uint32_t state = 12345;
  for (long i = 0; i < n; i++) {
    chan[i] = (int32_t)(i % in_c);
    col[i] = (int32_t)((i / in_c) % side);
    row[i] = (int32_t)(i / (in_c * side));
    state = state * 1664525u + 1013904223u;
    if ((state >> 8) % 10 == 0) events[count++] = (int32_t)i;
  }
  for (long i = 0; i < kernel * kernel * in_c * out_c; i++) w[i] = (float)(i % 7) * 0.01f;
  double best[4] = {1e30, 1e30, 1e30, 1e30};
  for (int round = 0; round < 6; round++) {
    // Each level goes first in every other round (a clock lowered by one level's run then
    // weighs on both alike).
    for (int turn = 0; turn < 2; turn++) {
      const int level = (round + turn) % 2 == 0 ? 3 : 2;
      const double start = seconds_now();
      for (int step = 0; step < 20; step++)
        asf_scatter_conv_at(level, w, events, count, 1, u, row, col, chan, in_c, side, side,
                            out_c, kernel, 1);
      const double took = seconds_now() - start;
      if (took < best[level]) best[level] = took;
    }
  }
  free(row), free(events), free(w), free(u);
  return best[3] < 0.97 * best[2] ? 3 : 2;
}
#endif

// The level used unless one is asked for: the best, but AVX-512 only where it measured faster
// (found once, even when the first callers are several workers at once).
static int default_level_found = -1;
static pthread_once_t default_level_once = PTHREAD_ONCE_INIT;

static void find_default_level(void) {
  const int best = best_level();
#if ASF_X86
  default_level_found = best == 3 ? faster_of_avx512_and_avx2() : best;
#else
  default_level_found = best;
#endif
}

static int default_level(void) {
  pthread_once(&default_level_once, find_default_level);
  return default_level_found;
}

static inline int kernel_level(void) {
  int level = __atomic_load_n(&level_in_force, __ATOMIC_RELAXED);
  if (level < 0) {
    level = default_level();
    __atomic_store_n(&level_in_force, level, __ATOMIC_RELAXED);
  }
  return level;
}

int asf_kernel_level(void) { return kernel_level(); }

int asf_best_kernel_level(void) { return best_level(); }

int asf_default_kernel_level(void) { return default_level(); }

int asf_set_kernel_level(int level) {
  const int best = best_level();
  const int chosen = level < 0 ? default_level() : (level > best ? best : level);
  __atomic_store_n(&level_in_force, chosen, __ATOMIC_RELAXED);
  return chosen;
}
