"""Commands from the workbench, taken at batch boundaries from RUN/control.jsonl (one JSON
object per line, appended by `asf-tui open --backend torch` or `asf-tui follow --control`):

  {"command": "pause"} · {"command": "resume"} · {"command": "step"} (one batch, then paused)
  {"command": "threshold", "layer": L or null, "by": d}   (null: every conv/linear layer)
  {"command": "threshold", "layer": L or null, "value": v}
  {"command": "T", "value": n} · {"command": "T", "longer": true|false}
  {"command": "lr", "value": r} · {"command": "lr", "factor": f}
  {"command": "switch", "change": "scale-mode" | "mask" | "reset" | "spike-rule" |
   "smoothing", "by": d}                       (ASF-BP's switches, one step)
  {"command": "save"} · {"command": "stop"}

What the backend does is written back as "state" and "notice" lines into metrics.jsonl, so
that a viewer of the run folder sees it.
"""

import json
import os

# The windows the T keys step through, and the limits of the values (as the Swift engine's).
TIME_WINDOWS = [5, 10, 20, 30, 50, 75, 100, 150, 200, 300, 400, 500]
THRESHOLD_RANGE = (0.05, 1000.0)
TIME_STEPS_RANGE = (1, 10000)
LEARNING_RATE_RANGE = (1e-9, 10.0)


class Control:
    """Reads new commands from the control file of a run folder."""

    def __init__(self, folder):
        self.path = os.path.join(folder, "control.jsonl")
        self.offset = os.path.getsize(self.path) if os.path.exists(self.path) else 0

    def take(self):
        """The commands appended since the last call (complete lines only)."""
        if not os.path.exists(self.path):
            return []
        with open(self.path, "rb") as f:
            f.seek(self.offset)
            data = f.read()
        end = data.rfind(b"\n")
        if end < 0:
            return []
        self.offset += end + 1
        commands = []
        for line in data[: end + 1].splitlines():
            try:
                command = json.loads(line)
                if isinstance(command, dict) and "command" in command:
                    commands.append(command)
            except json.JSONDecodeError:
                continue
        return commands


def _clamp(value, bounds):
    return max(bounds[0], min(bounds[1], value))


def apply(command, net, trainer):
    """Applies a settings command to the network or the trainer; returns the notice."""
    kind = command["command"]
    if kind == "threshold":
        layer = command.get("layer")
        targets = [layer] if layer is not None else [
            l for l, x in enumerate(net.layers) if x.kind in ("conv", "linear")]
        changed = []
        for l in targets:
            if not 0 <= l < len(net.thresholds):
                return f"there is no layer {l}: nothing changed"
            old = net.thresholds[l]
            new = command["value"] if "value" in command else old + command.get("by", 0)
            net.thresholds[l] = _clamp(float(new), THRESHOLD_RANGE)
            changed.append(f"{old:.2f} → {net.thresholds[l]:.2f}")
        name = net.layers[layer].name if layer is not None else "every conv/linear layer"
        return f"{name} Vth {changed[0] if len(set(changed)) == 1 else 'changed'} from the next batch"
    if kind == "T":
        old = net.time_steps
        if "value" in command:
            new = int(_clamp(int(command["value"]), TIME_STEPS_RANGE))
        else:
            longer = bool(command.get("longer", True))
            options = [w for w in TIME_WINDOWS if (w > old if longer else w < old)]
            if not options:
                return f"T stays {old}: the keys move it within {TIME_WINDOWS[0]}…{TIME_WINDOWS[-1]}"
            new = options[0] if longer else options[-1]
        net.time_steps = new
        return f"T {old} → {new} from the next batch"
    if kind == "lr":
        old = trainer.base_learning_rate
        new = command["value"] if "value" in command else old * command.get("factor", 1)
        trainer.base_learning_rate = _clamp(float(new), LEARNING_RATE_RANGE)
        return f"learning rate {old:.3g} → {trainer.base_learning_rate:.3g} from the next batch"
    if kind == "switch":
        return change_switch(command, net)
    return f"unknown command '{kind}' ignored"


SCALE_MODES = ["layer", "neuron", "fixed", "none", "frozen"]


def change_switch(command, net):
    """One step of one of ASF-BP's switches, as the Swift engine takes it."""
    s = net.switches
    change = command.get("change")
    if change == "scale-mode":
        old = s["scale_mode"]
        s["scale_mode"] = SCALE_MODES[(SCALE_MODES.index(old) + 1) % len(SCALE_MODES)]
        return f"scale factor {old} → {s['scale_mode']} from the next batch"
    if change == "mask":
        s["mask"] = not s["mask"]
        return f"gradient mask 1[FI > 0] {'off → on' if s['mask'] else 'on → off'} from the next batch"
    if change == "reset":
        old = s["reset"]
        s["reset"] = "subtract" if old == "hard" else "hard"
        return f"reset {old} → {s['reset']} from the next batch"
    if change == "spike-rule":
        s["spike_rule"] = "inclusive" if s["spike_rule"] == "strict" else "strict"
        rule = "u > Vth → u ≥ Vth" if s["spike_rule"] == "inclusive" else "u ≥ Vth → u > Vth"
        return f"spike rule {rule} from the next batch"
    if change == "smoothing":
        old = s["smoothing"]
        new = min(1.0, max(0.0, round((old + float(command.get("by", 0))) * 10) / 10))
        if new == old:
            return f"the scale-factor EMA weight stays {old}: it ranges over 0…1"
        s["smoothing"] = new
        return f"scale-factor EMA weight {old} → {new} from the next batch"
    return f"unknown switch '{change}' ignored"
