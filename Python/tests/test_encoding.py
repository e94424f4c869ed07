"""The counter-based input generator: its words against an independent computation (numpy's
wrapping unsigned arithmetic, element by element), its spikes independent of the batch, the
chunking and the time window, and firing at the rate asked."""

import numpy as np
import pytest
import torch

from asf_torch.encoding import (encode, keys_tensor, mix32, pixel_words, sample_key,
                                uniforms)


def mix32_numpy(x):
    x = np.uint32(x)
    with np.errstate(over="ignore"):
        x ^= x >> np.uint32(16)
        x *= np.uint32(0x21F0AAAD)
        x ^= x >> np.uint32(15)
        x *= np.uint32(0x735A2D97)
        x ^= x >> np.uint32(15)
    return int(x)


def key_numpy(seed, stream, index):
    with np.errstate(over="ignore"):
        z = (np.uint64(seed) * np.uint64(0x9E3779B97F4A7C15)
             + np.uint64(stream) * np.uint64(0xBF58476D1CE4E5B9)
             + np.uint64(index) * np.uint64(0x94D049BB133111EB))
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    return int(z) & ((1 << 63) - 1)


def uniform_by_hand(key, t, pixel):
    k0, k1 = key & 0xFFFFFFFF, key >> 32
    step = mix32_numpy(mix32_numpy(k0 ^ t) ^ k1)
    word = (pixel * 0x9E3779B9) & 0xFFFFFFFF
    return np.float32(mix32_numpy(step ^ word) >> 8) * np.float32(2.0 ** -24)


@pytest.mark.parametrize("x", [0, 1, 0x12345678, 0xFFFFFFFF, 0x80000000])
def test_mix32_matches_unsigned_arithmetic(x):
    assert mix32(x) == mix32_numpy(x)
    assert int(mix32(torch.tensor([x], dtype=torch.int64))[0]) == mix32_numpy(x)


def test_sample_keys_match_unsigned_arithmetic():
    for seed, stream, index in [(1, 0, 0), (42, 3, 59999), (2**40 + 7, 0x7E57, 123)]:
        assert sample_key(seed, stream, index) == key_numpy(seed, stream, index)


def test_uniforms_are_the_hash_of_sample_step_and_pixel():
    keys = keys_tensor(7, 2, [5, 900], "cpu")
    u = uniforms(keys, 3, (2, 3, 4), "cpu")  # (T, B, C, H, W)
    for b, index in enumerate([5, 900]):
        key = sample_key(7, 2, index)
        for t in range(3):
            for c in range(2):
                for y in range(3):
                    for x in range(4):
                        pixel = (y * 4 + x) * 2 + c  # (h, w, c) order
                        assert float(u[t, b, c, y, x]) == uniform_by_hand(key, t, pixel)


def test_pixel_words_number_pixels_channels_last():
    words = pixel_words((3, 2, 2), "cpu")
    assert int(words[1, 0, 1]) == (4 * 0x9E3779B9) & 0xFFFFFFFF  # (h 0, w 1, c 1): (0·2+1)·3+1
    assert int(words[2, 1, 1]) == (11 * 0x9E3779B9) & 0xFFFFFFFF  # (1·2+1)·3+2


def test_spikes_do_not_depend_on_the_batch_the_chunks_or_the_window(monkeypatch):
    torch.manual_seed(0)
    images = torch.rand(6, 1, 5, 5) * 2 - 1
    keys = keys_tensor(3, 1, range(10, 16), "cpu")
    whole = encode(images, keys, 12, "poisson-clamped")
    alone = torch.cat([encode(images[k:k + 1], keys[k:k + 1], 12, "poisson-clamped")
                       for k in range(6)], dim=1)
    assert torch.equal(whole, alone)
    assert torch.equal(encode(images, keys, 5, "poisson-clamped"), whole[:5])
    import asf_torch.encoding as encoding
    monkeypatch.setattr(encoding, "CHUNK_ELEMENTS", 40)  # one step at a time
    assert torch.equal(encode(images, keys, 12, "poisson-clamped"), whole)
    # Spikes carry the pixel's sign; zero pixels never fire.
    assert bool(((whole != 0) <= (images.sign() != 0).unsqueeze(0)).all())
    assert bool((whole * images.sign().unsqueeze(0) >= 0).all())


def test_pixels_fire_at_their_rate_independently():
    images = torch.full((50, 1, 28, 28), 0.6)
    keys = keys_tensor(1, 0, range(50), "cpu")
    spikes = encode(images, keys, 40, "poisson-half")  # p = 0.3
    rate = float(spikes.mean())
    assert abs(rate - 0.3) < 0.003  # 1.6 M draws: σ ≈ 0.00036
    a = spikes.reshape(40, 50, -1)
    for x, y in [(a[1:], a[:-1]), (a[..., 1:], a[..., :-1]), (a[:, 1:], a[:, :-1])]:
        x = x - x.mean()
        y = y - y.mean()
        correlation = float((x * y).mean() / (x.std() * y.std()))
        assert abs(correlation) < 0.01
