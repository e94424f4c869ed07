"""The weight gradients of a batch, summed over the processes while the backward runs: the
weights are grouped, from the last layer to the first (the order in which the backward
produces their gradients), into buckets of at least BUCKET_ELEMENTS values; a hook copies
each gradient into its bucket's flat buffer as soon as autograd has it, and a full bucket
starts its all-reduce at once, so that the reductions overlap the rest of the backward.
With one process the gradients are used as they are.
"""

import torch

BUCKET_ELEMENTS = 1 << 22


class GradientBuckets:
    def __init__(self, net, world, bucket_elements=BUCKET_ELEMENTS):
        self.world = world
        self.buckets = []  # [layers], flat buffer, filled count, handle
        self.views = {}
        self.bucket_of = {}
        if world.size == 1:
            return
        group, size = [], 0
        for l in sorted(net.weights, reverse=True):
            group.append(l)
            size += net.weights[l].numel()
            if size >= bucket_elements:
                self._add(net, group, size)
                group, size = [], 0
        if group:
            self._add(net, group, size)

    def _add(self, net, layers, size):
        flat = torch.zeros(size, dtype=torch.float32, device=self.world.device)
        offset = 0
        for l in layers:
            n = net.weights[l].numel()
            self.views[l] = flat[offset:offset + n].view(net.weights[l].shape)
            self.bucket_of[l] = len(self.buckets)
            offset += n
        self.buckets.append({"layers": layers, "flat": flat, "filled": 0, "handle": None})

    def attach(self, leaves):
        """Hooks this batch's weight leaves (before its backward)."""
        if self.world.size == 1:
            return
        for bucket in self.buckets:
            bucket["filled"], bucket["handle"] = 0, None
        for l, leaf in leaves.items():
            leaf.register_post_accumulate_grad_hook(self._hook(l))

    def _hook(self, l):
        def ready(leaf):
            self.views[l].copy_(leaf.grad)
            self._filled(self.buckets[self.bucket_of[l]])
        return ready

    def _filled(self, bucket):
        bucket["filled"] += 1
        if bucket["filled"] == len(bucket["layers"]):
            bucket["handle"] = self.world.reduce(bucket["flat"], async_op=True)

    def gradients(self, leaves):
        """∂L/∂W per layer, summed over the processes (after the backward)."""
        if self.world.size == 1:
            return {l: leaf.grad for l, leaf in leaves.items()}
        for bucket in self.buckets:
            if bucket["handle"] is None:  # a layer without a gradient: zeros, reduced now
                for l in bucket["layers"]:
                    if leaves[l].grad is None:
                        self.views[l].zero_()
                bucket["filled"] = len(bucket["layers"]) - 1
                self._filled(bucket)
            bucket["handle"].wait()
        return dict(self.views)
