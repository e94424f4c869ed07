// The C allocator's settings and trimming of spike_kernels.h (glibc; nothing elsewhere).
#include "spike_kernels.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

void asf_release_free_memory(void) {
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
}

void asf_configure_allocator(void) {
#if defined(__GLIBC__)
  // A fixed threshold: every block of 1 MiB or more (the batch arenas, datasets, images) is
  // its own mapping, returned to the system when freed. glibc's default raises the threshold
  // to the size of each large block freed (up to 32 MiB), after which such blocks come from
  // the heap and leave holes there that the resident size keeps.
  mallopt(M_MMAP_THRESHOLD, 1 << 20);
#endif
}
