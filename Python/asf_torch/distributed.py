"""Data parallelism with torch.distributed, for `torchrun --nproc_per_node N` (and --nnodes):
one process group for CPU and GPU tensors ("cpu:gloo,cuda:nccl" where NCCL exists, gloo
otherwise). Every process takes its share of each global batch (the samples k·N + rank) and
sums with the others what ASF-BP sums over a batch.

Every collective goes through World.reduce (and World.commands for the control file's
commands), which asserts that its tensor lives on the run's device: an NCCL group refuses
host tensors, and a mistake shows on a CPU run too. Every copy from the device to the host
goes through World.host, which counts them: the trainer makes one per training batch.
"""

import os
import pickle

import torch
import torch.distributed as dist


class World:
    """This process's place among the processes of a run (one process: rank 0 of 1), the
    run's device, and the one path of every collective and every host copy."""

    def __init__(self, device="cpu"):
        self.size = int(os.environ.get("WORLD_SIZE", "1"))
        self.rank = int(os.environ.get("RANK", "0"))
        self.local_rank = int(os.environ.get("LOCAL_RANK", "0"))
        self.local_size = int(os.environ.get("LOCAL_WORLD_SIZE", str(self.size)))
        self.device = torch.device(device)
        self.host_copies = 0
        if self.size > 1 and not dist.is_initialized():
            if self.device.type == "cuda" and dist.is_nccl_available():
                dist.init_process_group("cpu:gloo,cuda:nccl", device_id=self.device)
            else:
                dist.init_process_group("gloo")

    @property
    def main(self):
        return self.rank == 0

    def share(self, indices):
        """This process's samples of a global batch."""
        return indices[self.rank::self.size]

    def _check(self, tensor):
        same = tensor.device.type == self.device.type and (
            self.device.index is None or tensor.device.index == self.device.index)
        assert same, (f"a collective on a tensor on {tensor.device} in a run on {self.device}: "
                      "every tensor of a run lives on the run's device")

    def reduce(self, tensor, async_op=False):
        """Sums `tensor` (on the run's device) over the processes, in place; returns it, or
        with `async_op` a handle to wait on (None with one process)."""
        self._check(tensor)
        if self.size == 1:
            return None if async_op else tensor
        handle = dist.all_reduce(tensor, op=dist.ReduceOp.SUM, async_op=async_op)
        return handle if async_op else tensor

    def host(self, tensor):
        """`tensor` copied to the host as a list of Python numbers (counted: each is a wait for
        the device). On the meta device, which holds no values, zeros stand in."""
        self.host_copies += 1
        if tensor.device.type == "meta":
            return [0.0] * tensor.numel()
        return tensor.detach().reshape(-1).cpu().tolist()

    def commands(self, commands):
        """Rank 0's commands (from the control file) in every process: their pickled bytes
        through two collectives on the run's device (called only when rank 0 has some, as
        every process learns from the batch's statistics)."""
        if self.size == 1:
            return commands
        data = pickle.dumps(commands if self.main else None)
        length = torch.tensor([len(data) if self.main else 0], dtype=torch.int64,
                              device=self.device)
        self.reduce(length)
        count = int(self.host(length)[0])
        buffer = torch.zeros(count, dtype=torch.uint8, device=self.device)
        if self.main:
            buffer.copy_(torch.frombuffer(bytearray(data), dtype=torch.uint8))
        self.reduce(buffer)
        return pickle.loads(bytes(self.host(buffer))) if count else []

    def flag(self, value):
        """Whether any process raised `value` (a bool): a collective of one number."""
        if self.size == 1:
            return bool(value)
        tensor = torch.tensor([1.0 if value else 0.0], device=self.device)
        return self.host(self.reduce(tensor))[0] > 0

    def close(self):
        if self.size > 1 and dist.is_initialized():
            dist.destroy_process_group()
