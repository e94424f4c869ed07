"""Data parallelism with torch.distributed, for `torchrun --nproc_per_node N` (and
--nnodes): NCCL on GPUs, gloo on CPUs. Every process takes its share of each global batch
(the samples k·N + rank), draws each sample's spikes from that sample's own stream, and
sums with the others what ASF-BP sums over a batch: ΣFO and ΣFI for the scale factors, the
weight gradients, the loss and the correct answers. So N processes train exactly what one
process trains on the same global batches (up to the order of float additions)."""

import os

import torch
import torch.distributed as dist


class World:
    """This process's place among the processes of a run (one process: rank 0 of 1)."""

    def __init__(self, device="cpu"):
        self.size = int(os.environ.get("WORLD_SIZE", "1"))
        self.rank = int(os.environ.get("RANK", "0"))
        if self.size > 1 and not dist.is_initialized():
            backend = "nccl" if str(device).startswith("cuda") else "gloo"
            dist.init_process_group(backend=backend)

    @property
    def main(self):
        return self.rank == 0

    def share(self, indices):
        """This process's samples of a global batch."""
        return indices[self.rank::self.size]

    def sum(self, tensor):
        """The sum over the processes (the tensor itself with one process)."""
        if self.size == 1:
            return tensor
        tensor = tensor.clone()
        dist.all_reduce(tensor, op=dist.ReduceOp.SUM)
        return tensor

    def sum_gradients(self, gradients):
        if self.size == 1:
            return gradients
        for g in gradients.values():
            dist.all_reduce(g, op=dist.ReduceOp.SUM)
        return gradients

    def broadcast(self, value):
        """Rank 0's value (commands from the control file) in every process."""
        if self.size == 1:
            return value
        holder = [value]
        dist.broadcast_object_list(holder, src=0)
        return holder[0]

    def close(self):
        if self.size > 1 and dist.is_initialized():
            dist.destroy_process_group()
