// Hot loops of the event-driven spiking forward pass, in C so that each is compiled for
// several instruction sets (AVX-512F, AVX2+FMA, SSE2, portable) and one is chosen at first use.
// Legend: u membranes, w weights, events indices of the inputs that spiked this step.
#ifndef ASF_SPIKE_KERNELS_H
#define ASF_SPIKE_KERNELS_H

#include <stdint.h>

/// u[0..<width] += sign * w[e * width ...] for each event e (a linear layer's rows).
void asf_scatter_rows(const float *w, long width, const int32_t *events, long count, float sign,
                      float *u);

/// Conv layer, channels-last, stride 1: an input spike at (y, x, c) adds
/// sign * W[ky][kx][c][0..<out_c] to u[(y - ky + pad)][(x - kx + pad)][0..<out_c]. The
/// weights come in the span layout w[ky][c][kernel - 1 - kx][0..<out_c] (see
/// asf_conv_span_weights): for one ky the outputs of every kx lie next to each other, and so
/// do their weights, so each kernel row is one contiguous add of (kx range) · out_c floats.
/// row_of, col_of, chan_of map an input index to y, x, c.
void asf_scatter_conv(const float *w, const int32_t *events, long count, float sign, float *u,
                      const int32_t *row_of, const int32_t *col_of, const int32_t *chan_of,
                      long in_channels, long out_h, long out_w, long out_c, long kernel,
                      long pad);

/// asf_scatter_conv at instruction set `level` (0…3, at most asf_best_kernel_level()),
/// whatever level is in force: for measuring one level against another.
void asf_scatter_conv_at(int level, const float *w, const int32_t *events, long count,
                         float sign, float *u, const int32_t *row_of, const int32_t *col_of,
                         const int32_t *chan_of, long in_channels, long out_h, long out_w,
                         long out_c, long kernel, long pad);

/// Rearranges conv weights W[ky][kx][c][o] (row-major, as trained) into the span layout
/// span[ky][c][kernel - 1 - kx][o] that asf_scatter_conv reads.
void asf_conv_span_weights(const float *w, float *span, long kernel, long in_channels,
                           long out_c);

/// Threshold test of n membranes: each u > compare (strictly above; compare is the
/// threshold, or the float just below it for the inclusive rule u >= threshold) spikes (index
/// appended to spikes from position spike_count, counts[i] += 1) and is reset (to 0, or
/// u - threshold when subtract). Returns the new spike_count.
long asf_fire(float *u, long n, float compare, float threshold, int subtract, float *counts,
              int32_t *spikes, long spike_count);

/// The instruction set the kernels use: 0 portable loops, 1 SSE2, 2 AVX2+FMA, 3 AVX-512F.
/// The default is the best one the CPU has, except that AVX-512 is used only where its conv
/// scatter measured faster than AVX2's (a few milliseconds, timed once at first use).
/// asf_set_kernel_level(level) uses `level` (at most the best; −1: the default) and returns
/// the level in force (call it before the kernels run on several threads). The results are
/// the same bits at every level.
int asf_kernel_level(void);
int asf_best_kernel_level(void);
int asf_default_kernel_level(void);
int asf_set_kernel_level(int level);

/// u[i] *= leak for every i.
void asf_decay(float *u, long n, float leak);

/// Gives the pages the C allocator holds free back to the system (glibc: malloc_trim);
/// nothing elsewhere.
void asf_release_free_memory(void);

/* Makes every allocation of 1 MiB or more a mapping of its own, given back when freed (glibc);
   nothing elsewhere. Called once at the start of a long-running command. */
void asf_configure_allocator(void);

#endif
