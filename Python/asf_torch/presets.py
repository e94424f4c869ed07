"""The asf-tui presets (YAML) as the torch backend reads them: the same keys, defaults and
allowed values as the Swift engine's parser for what training needs; keys that only the
workbench uses (the neuron lab's, the studies') are accepted and ignored.
"""

import reprlib

import yaml

# The most values (scalars, lists, mappings, counted as aliases expand them) a preset may
# hold, as the Swift engine's reader: an alias bomb is refused before anything expands it.
MAXIMUM_VALUES = 100_000
LAYER_KEYS = {"input": ["input"], "conv": ["conv", "kernel", "padding"], "avgpool": ["avgpool"],
              "maxpool": ["maxpool"], "linear": ["linear"]}
_short = reprlib.Repr()
_short.maxstring, _short.maxother, _short.maxlist, _short.maxdict, _short.maxlevel = 60, 60, 6, 6, 3

KNOWN_KEYS = [
    "name", "description", "reproduces", "paper-accuracy", "dataset", "network", "layers",
    "neuron", "time-steps", "threshold", "pool-threshold", "encoder", "batch-size", "epochs",
    "learning-rate", "weight-decay", "lr-milestones", "lr-decay", "scale-update-period", "loss",
    "seed", "train-limit", "test-limit", "experiment", "synapses", "synaptic-weight-total",
    "trials", "record-every", "event-frames", "method", "time-windows", "workers",
    "latency-samples", "scale-factor", "scale-smoothing", "gradient-mask", "reset", "spike-rule",
    "sweep", "sltt-steps", "gradient-check",
]

LENET = {"input": {"height": 28, "width": 28, "channels": 1}, "layers": [
    {"conv": {"outChannels": 20, "kernel": 5, "padding": 2}}, {"avgPool": {"size": 2}},
    {"conv": {"outChannels": 50, "kernel": 5, "padding": 2}}, {"avgPool": {"size": 2}},
    {"flatten": {}}, {"linear": {"outFeatures": 200}}, {"linear": {"outFeatures": 10}}]}

VGG7 = {"input": {"height": 32, "width": 32, "channels": 3}, "layers": [
    {"conv": {"outChannels": 64, "kernel": 3, "padding": 1}},
    {"conv": {"outChannels": 64, "kernel": 3, "padding": 1}}, {"avgPool": {"size": 2}},
    {"conv": {"outChannels": 128, "kernel": 3, "padding": 1}},
    {"conv": {"outChannels": 128, "kernel": 3, "padding": 1}},
    {"conv": {"outChannels": 128, "kernel": 3, "padding": 1}}, {"maxPool": {"size": 2}},
    {"flatten": {}}, {"linear": {"outFeatures": 1024}}, {"linear": {"outFeatures": 10}}]}

DEFAULTS = {
    "dataset": "digits", "network": "lenet", "neuron": "if", "time-steps": 100,
    "threshold": 1.0, "pool-threshold": 0.75, "encoder": "poisson-half", "batch-size": 60,
    "epochs": 1, "learning-rate": 8.5e-4, "weight-decay": 5e-4, "lr-milestones": [],
    "lr-decay": 0.2, "scale-update-period": 5, "loss": "sse", "seed": 1, "train-limit": 0,
    "test-limit": 0, "experiment": "training", "record-every": 10, "method": "asf-bp",
    "event-frames": 10, "latency-samples": 500, "scale-factor": "layer", "scale-smoothing": 0.6,
    "gradient-mask": "on", "reset": "hard", "spike-rule": "strict", "sltt-steps": 0,
    "gradient-check": 0,
}

CHOICES = {
    "dataset": ["digits", "mnist", "cifar10", "mnist-events", "cifar10-dvs"],
    "network": ["lenet", "vgg7", "custom"], "neuron": ["if", "lif"],
    "encoder": ["poisson-half", "poisson-clamped", "events"],
    "loss": ["sse", "half-sse", "cross-entropy"],
    "experiment": ["training", "table4", "training-time"], "method": ["asf-bp", "bptt"],
    "scale-factor": ["layer", "neuron", "fixed", "none", "frozen"],
    "gradient-mask": ["on", "off"], "reset": ["hard", "subtract"],
    "spike-rule": ["strict", "inclusive"],
}


class PresetError(Exception):
    """A preset that cannot be used, naming the key, the value and what is allowed."""


def _text(value):
    """A value as a message quotes it: text cut to 60 characters, anything else as a short
    repr (an expanded alias bomb is not printed whole)."""
    if isinstance(value, str):
        return value if len(value) <= 60 else value[:59] + f"… ({len(value)} characters)"
    return _short.repr(value)


def _expanded_size(node, memo, active):
    """The values under `node` with aliases expanded (shared nodes counted each time they
    appear); MAXIMUM_VALUES + 1 once past the bound, or for a node that contains itself."""
    key = id(node)
    if key in memo:
        return memo[key]
    if key in active:
        return MAXIMUM_VALUES + 1
    active.add(key)
    total = 1
    if isinstance(node, yaml.SequenceNode):
        children = node.value
    elif isinstance(node, yaml.MappingNode):
        children = [part for pair in node.value for part in pair]
    else:
        children = []
    for child in children:
        total += _expanded_size(child, memo, active)
        if total > MAXIMUM_VALUES:
            total = MAXIMUM_VALUES + 1
            break
    active.discard(key)
    memo[key] = total
    return total


def _check_structure(node, source):
    """Refuses a key written twice in one mapping, and a document of more than MAXIMUM_VALUES
    values with its aliases expanded."""
    if _expanded_size(node, {}, set()) > MAXIMUM_VALUES:
        raise PresetError(
            f"{source}: it holds more than {MAXIMUM_VALUES} values once its aliases (*name) are "
            "expanded; a preset holds a few hundred at most")
    stack, seen_nodes = [node], set()
    while stack:
        current = stack.pop()
        if id(current) in seen_nodes:
            continue
        seen_nodes.add(id(current))
        if isinstance(current, yaml.MappingNode):
            keys = set()
            for key_node, value_node in current.value:
                if isinstance(key_node, yaml.ScalarNode):
                    if key_node.value in keys:
                        raise PresetError(
                            f"{source}: the key '{_text(key_node.value)}' at line "
                            f"{key_node.start_mark.line + 1} appears twice in one mapping; "
                            "write each key once")
                    keys.add(key_node.value)
                stack.extend([key_node, value_node])
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)


def _layers(items, source):
    allowed = ("a list of {input: [h, w, c]}, {conv: N, kernel: K, padding: P}, {avgpool: S}, "
               "{maxpool: S}, flatten, {linear: N}")
    if not isinstance(items, list):
        raise PresetError(f"{source}: layers: {_short.repr(items)} is not {allowed}")
    shape = dict(LENET["input"])
    layers = []
    for number, item in enumerate(items, start=1):
        if isinstance(item, dict):
            kinds = sorted(kind for kind in LAYER_KEYS if kind in item)
            if len(kinds) != 1:
                found = "names no layer" if not kinds else "names " + " and ".join(kinds)
                raise PresetError(f"{source}: layers, item {number} ({_short.repr(item)}) "
                                  f"{found}: one layer per item: {allowed}")
            for key in item:
                if key not in LAYER_KEYS[kinds[0]]:
                    raise PresetError(
                        f"{source}: layers, item {number} ({_short.repr(item)}): "
                        f"'{_text(key)}' is a key {kinds[0]} does not take; it takes "
                        + ", ".join(f"'{k}'" for k in LAYER_KEYS[kinds[0]]))
        if item == "flatten":
            layers.append({"flatten": {}})
        elif isinstance(item, dict) and "input" in item:
            h, w, c = item["input"]
            shape = {"height": h, "width": w, "channels": c}
        elif isinstance(item, dict) and "conv" in item:
            k = item.get("kernel", 3)
            layers.append({"conv": {"outChannels": item["conv"], "kernel": k,
                                    "padding": item.get("padding", k // 2)}})
        elif isinstance(item, dict) and "avgpool" in item:
            layers.append({"avgPool": {"size": item["avgpool"]}})
        elif isinstance(item, dict) and "maxpool" in item:
            layers.append({"maxPool": {"size": item["maxpool"]}})
        elif isinstance(item, dict) and "linear" in item:
            layers.append({"linear": {"outFeatures": item["linear"]}})
        else:
            raise PresetError(f"{source}: layers: {_short.repr(item)} is not {allowed}")
    return {"input": shape, "layers": layers}


def parse_preset(text, source="preset"):
    """The preset in `text` as a dict of keys (defaults filled in) plus "spec", the network
    description as the Swift engine writes it into checkpoints."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        if root is not None:
            _check_structure(root, source)
        values = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise PresetError(f"{source}: not valid YAML ({_text(str(error))})") from None
    except RecursionError:
        raise PresetError(f"{source}: lists and mappings nest too deep for a preset") from None
    if not isinstance(values, dict):
        raise PresetError(f"{source}: the top level must be a mapping of keys")
    for key in values:
        if key not in KNOWN_KEYS:
            raise PresetError(f"{source}: unknown key '{_text(key)}'; known: "
                              f"{', '.join(KNOWN_KEYS)}")
    if not values.get("name"):
        raise PresetError(f"{source}: the key 'name' is missing")
    preset = dict(DEFAULTS)
    preset.update(values)
    # YAML 1.1 reads a bare on/off as true/false.
    if isinstance(preset["gradient-mask"], bool):
        preset["gradient-mask"] = "on" if preset["gradient-mask"] else "off"
    if preset["method"] in ("ottt", "sltt", "rate-bp"):
        raise PresetError(
            f"{source}: method: '{preset['method']}' trains in the Swift engine only; the PyTorch "
            f"backend trains asf-bp and bptt (run it without --backend torch)")
    for key, allowed in CHOICES.items():
        if preset[key] not in allowed:
            raise PresetError(
                f"{source}: {key}: '{preset[key]}' is not allowed; allowed: {', '.join(allowed)}")
    if preset["experiment"] != "training":
        raise PresetError(f"{source}: experiment '{preset['experiment']}' is not a training run")
    if "layers" in values:
        spec = _layers(values["layers"], source)
    else:
        spec = {"lenet": LENET, "vgg7": VGG7}.get(preset["network"], LENET)
        spec = {"input": dict(spec["input"]), "layers": spec["layers"]}
        # A named network takes the data's input shape.
        spec["input"] = {
            "cifar10": {"height": 32, "width": 32, "channels": 3},
            "mnist-events": {"height": 28, "width": 28, "channels": 2},
            "cifar10-dvs": {"height": 42, "width": 42, "channels": 2},
        }.get(preset["dataset"], {"height": 28, "width": 28, "channels": 1})
    preset["spec"] = spec
    preset["text"] = text
    return preset


def learning_rate(preset, epoch, base=None):
    """The learning rate in force during `epoch` (0-based): the base rate (the preset's, or
    `base` as changed live) × lr-decay at each milestone."""
    rate = preset["learning-rate"] if base is None else base
    for milestone in preset["lr-milestones"]:
        if epoch >= milestone:
            rate *= preset["lr-decay"]
    return rate


def switches(preset):
    """ASF-BP's switches of a preset, as the engine takes them."""
    return {"scale_mode": preset["scale-factor"], "smoothing": float(preset["scale-smoothing"]),
            "mask": preset["gradient-mask"] == "on", "reset": preset["reset"],
            "spike_rule": preset["spike-rule"]}
