"""The backend's preset reader refuses what the Swift engine's refuses (issue 27): keys a
layer does not take, two layers in one item, a key written twice, alias bombs; and quotes
long values cut."""

import time

import pytest

from asf_torch.presets import PresetError, parse_preset


def refusal(text):
    with pytest.raises(PresetError) as caught:
        parse_preset(text, "t.yaml")
    return str(caught.value)


def alias_bomb(levels):
    text = "name: bomb\na0: &a0 [x, x, x, x, x, x, x, x, x]\n"
    for level in range(1, levels + 1):
        text += f"a{level}: &a{level} [{', '.join([f'*a{level - 1}'] * 9)}]\n"
    return text


def test_a_layer_item_takes_only_its_own_keys():
    typo = refusal("name: t\nlayers:\n  - {conv: 8, kernal: 5}\n  - flatten\n  - {linear: 10}\n")
    assert "'kernal' is a key conv does not take" in typo and "'kernel'" in typo
    assert "names conv and linear" in refusal("name: t\nlayers:\n  - {conv: 4, linear: 10}\n")
    stride = refusal("name: t\nlayers:\n  - {conv: 4}\n  - {avgpool: 2, stride: 1}\n")
    assert "'stride' is a key avgpool does not take" in stride
    preset = parse_preset("name: t\nlayers:\n  - {conv: 8, kernel: 5, padding: 0}\n"
                          "  - {maxpool: 2}\n  - flatten\n  - {linear: 10}\n", "t.yaml")
    assert preset["spec"]["layers"][0] == {"conv": {"outChannels": 8, "kernel": 5, "padding": 0}}


def test_a_key_written_twice_and_an_alias_bomb_are_refused():
    assert "appears twice" in refusal("name: t\ntime-steps: 3\nbatch-size: 2\ntime-steps: 4\n")
    start = time.time()
    assert "more than 100000 values" in refusal(alias_bomb(9))
    assert time.time() - start < 10
    assert "more than 100000 values" in refusal("name: t\nlayers: &a [*a]\n")
    assert parse_preset("name: &n t\ndescription: *n\n", "t.yaml")["description"] == "t"


def test_long_values_are_quoted_cut():
    text = refusal("name: t\n" + "k" * 1000 + ": 1\n")
    assert len(text) < 1000 and "(1000 characters)" in text


def test_deep_nesting_is_refused():
    assert "nest too deep" in refusal("name: t\nx: " + "[" * 50_000)


def test_methods_of_the_swift_engine_only_are_refused_by_name():
    """The method arena's methods train in the Swift engine; a preset the workbench wrote
    (with its sltt-steps line) still reads here for ASF-BP and BPTT."""
    for method in ("ottt", "sltt", "rate-bp"):
        text = refusal(f"name: t\nmethod: {method}\n")
        assert f"'{method}' trains in the Swift engine only" in text and "asf-bp and bptt" in text
    preset = parse_preset("name: t\nmethod: bptt\nsltt-steps: 0\ngradient-check: 0\n", "t.yaml")
    assert preset["method"] == "bptt"
