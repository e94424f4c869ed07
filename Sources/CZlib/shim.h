// zlib (apt: zlib1g-dev), with the inflateInit2 macro wrapped for Swift.
#include <zlib.h>

static inline int asf_inflate_init_gzip(z_stream *stream) {
  return inflateInit2(stream, 16 + MAX_WBITS);
}
