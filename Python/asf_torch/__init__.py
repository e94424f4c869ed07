"""asf_torch: the ASF-BP engine of asf-tui in PyTorch.

The same semantics as the Swift engine (strict spike rule u > Vth, hard reset, leak only on
conv and linear neurons, spiking average pools with their own threshold, max pools without
neurons, layer-wise scale factors over the neurons with FI >= FO, the 1[FI > 0] mask, one
backward pass on the equivalent network) on any device PyTorch supports, and the same
checkpoint format (.asfck), so that networks move between the two backends.
"""

from .checkpoint import Checkpoint, read_checkpoint, write_checkpoint
from .network import SpikingNetwork

__all__ = ["Checkpoint", "read_checkpoint", "write_checkpoint", "SpikingNetwork"]
