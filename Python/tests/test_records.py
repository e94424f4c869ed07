"""The records' histograms on the device against counting by hand, values outside the range
and NaN included."""

import math

import torch

from asf_torch.records import histogram


def by_hand(values, lower, upper, bins):
    counts = [0] * bins
    for v in values:
        if math.isnan(v) or v < lower:
            k = 0
        elif v >= upper:
            k = bins - 1
        else:
            k = min(bins - 1, int((v - lower) / (upper - lower) * bins))
        counts[k] += 1
    return counts


def test_histograms_count_as_by_hand():
    generator = torch.Generator().manual_seed(2)
    values = torch.randn(2000, generator=generator) * 1.5 + 0.4
    values[:5] = torch.tensor([float("nan"), float("inf"), -float("inf"), -1.0, 2.0])
    got = histogram(values, -1, 2, 24).to(torch.int64).tolist()
    assert got == by_hand(values.tolist(), -1, 2, 24)
    assert sum(got) == 2000
