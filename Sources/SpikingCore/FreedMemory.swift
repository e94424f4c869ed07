// Memory the allocator holds free, given back to the system between phases of a run.

import CSpikeKernels

/// The C allocator's free pages.
public enum FreedMemory {
  /// Gives the pages the allocator holds free back to the system. glibc keeps freed blocks
  /// in its per-thread arenas, so without this the resident size keeps the high-water mark
  /// of every phase (a test pass, a latency curve, a longer T) for the rest of the run.
  public static func release() { asf_release_free_memory() }

  /// Makes every block of 1 MiB or more a mapping of its own, given back to the system when
  /// freed. Without it glibc raises its threshold after each large block freed (a batch
  /// arena, a test pass's buffers), later large blocks come from the heap, and the holes they
  /// leave keep the resident size creeping up over a long session. Call once, first.
  public static func configureAllocator() { asf_configure_allocator() }
}
