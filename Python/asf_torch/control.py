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
import math
import os
import stat

# The windows the T keys step through, and the limits of the values (as the Swift engine's).
TIME_WINDOWS = [5, 10, 20, 30, 50, 75, 100, 150, 200, 300, 400, 500]
THRESHOLD_RANGE = (0.05, 1000.0)
TIME_STEPS_RANGE = (1, 10000)
LEARNING_RATE_RANGE = (1e-9, 10.0)


MAXIMUM_LINE = 64 * 1024
MAXIMUM_READ = 1 << 20
TAIL = 64  # the bytes before the place kept, read again to see that the file is the same
SWITCH_CHANGES = ("scale-mode", "mask", "reset", "spike-rule", "smoothing")


class Control:
    """Reads new commands from the control file of a run folder. It keeps its place by byte
    offset and line count, and checks that the file is the one it read: a file of another
    identity (device, inode), shorter than the place, or whose bytes before the place changed
    (a file made anew can get the old inode number back) is read from its first line. A line
    that is not a well-formed command is refused with a notice, and reading goes on. Only a
    regular file is read (a FIFO would block the run)."""

    def __init__(self, folder, from_start=False):
        self.path = os.path.join(folder, "control.jsonl")
        self.identity = None
        self.offset = 0
        self.lines = 0
        self.tail = b""  # the last bytes read, those just before `offset`
        if not from_start:
            self.take()  # what was there before this run is not for it

    def take(self):
        """(commands, refusals): the commands of the complete lines appended since the last
        call, and a sentence for each line that was refused."""
        try:
            info = os.stat(self.path)
        except OSError:
            self.identity, self.offset, self.lines, self.tail = None, 0, 0, b""
            return [], []
        if not stat.S_ISREG(info.st_mode):
            if self.identity != "not a file":
                self.identity = "not a file"
                return [], [f"{self.path} is not a regular file: commands are not read from it"]
            return [], []
        identity = (info.st_dev, info.st_ino)
        if identity != self.identity or info.st_size < self.offset:
            self.identity, self.offset, self.lines, self.tail = identity, 0, 0, b""
        if info.st_size == self.offset:
            return [], []
        with open(self.path, "rb") as f:
            f.seek(self.offset - len(self.tail))
            data = f.read(len(self.tail) + MAXIMUM_READ)
            if data[:len(self.tail)] == self.tail:
                data = data[len(self.tail):]
            else:  # written anew since the last read: from its first line
                self.offset, self.lines, self.tail = 0, 0, b""
                f.seek(0)
                data = f.read(MAXIMUM_READ)
        end = data.rfind(b"\n")
        if end < 0:
            if len(data) >= MAXIMUM_READ:  # one line longer than any command: skip it
                self.offset += len(data)
                self.tail = data[-TAIL:]
                return [], [f"{self.path}: a line of over {MAXIMUM_READ} bytes was skipped"]
            return [], []
        self.offset += end + 1
        self.tail = (self.tail + data[:end + 1])[-TAIL:]
        commands, refusals = [], []
        for line in data[: end + 1].split(b"\n")[:-1]:
            self.lines += 1
            if not line.strip():
                continue
            if len(line) > MAXIMUM_LINE:
                refusals.append(f"control line {self.lines} ({len(line)} bytes) is longer than "
                                f"{MAXIMUM_LINE} bytes: refused")
                continue
            try:
                command = json.loads(line)
            except (ValueError, RecursionError):  # not JSON, too deep, a number of 5000 digits
                refusals.append(f"control line {self.lines} is not JSON: refused")
                continue
            problem = check(command)
            if problem:
                refusals.append(f"control line {self.lines}: {problem}: refused")
            else:
                commands.append(command)
        return commands, refusals


def _number(value):
    """Whether `value` is a finite JSON number (not a bool; an integer too large for a float
    is not finite)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:
        return False


def _whole(value, bound):
    return _number(value) and float(value).is_integer() and abs(value) < bound


def _shown(value):
    """`value` as JSON, cut to 40 characters."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (ValueError, RecursionError):
        return "(a value nested too deeply to show)"
    return text if len(text) <= 40 else text[:39] + "…"


def _refused(command, key, allowed, kind=None):
    """The refusal of `key` of `command`: its value (or that it is missing), and what is
    allowed."""
    kind = kind or command["command"]
    if key not in command:
        return f"{kind} needs {key}: {allowed}"
    return f"{kind} {key} {_shown(command[key])} is not allowed: {key} must be {allowed}"


KNOWN = "pause, resume, step, save, stop, threshold, T, lr, switch"
THRESHOLD_ALLOWED = (f"a finite number (Vth is kept within {THRESHOLD_RANGE[0]}…"
                     f"{THRESHOLD_RANGE[1]:g})")
STEPS_ALLOWED = (f"a whole number of steps (T is kept within {TIME_STEPS_RANGE[0]}…"
                 f"{TIME_STEPS_RANGE[1]})")
RATE_ALLOWED = (f"a positive finite number (the learning rate is kept within "
                f"{LEARNING_RATE_RANGE[0]:g}…{LEARNING_RATE_RANGE[1]:g})")


def check(command):
    """Why `command` is not a well-formed command (None when it is): a sentence naming the
    command, the value refused and what is allowed. The values a command passes with are the
    ones apply() takes without failing: finite numbers, whole where a count is meant."""
    if not isinstance(command, dict) or not isinstance(command.get("command"), str):
        return f'not an object with a "command" (known: {KNOWN})'
    kind = command["command"]
    if kind in ("pause", "resume", "step", "save", "stop"):
        return None
    if kind == "threshold":
        layer = command.get("layer")
        if layer is not None and not _whole(layer, 1e6):
            return _refused(command, "layer", "a layer index (a whole number) or null")
        if "value" in command:
            return None if _number(command["value"]) else _refused(command, "value",
                                                                   THRESHOLD_ALLOWED)
        if "by" not in command:
            return f"threshold needs value or by: {THRESHOLD_ALLOWED}"
        return None if _number(command["by"]) else _refused(command, "by", "a finite number")
    if kind == "T":
        if "value" in command:
            return None if _whole(command["value"], 1e9) else _refused(command, "value",
                                                                       STEPS_ALLOWED)
        if "longer" not in command:
            return "T needs value (a whole number of steps) or longer (true or false)"
        return None if isinstance(command["longer"], bool) else _refused(command, "longer",
                                                                         "true or false")
    if kind == "lr":
        if "value" not in command and "factor" not in command:
            return f"lr needs value or factor: {RATE_ALLOWED}"
        key = "value" if "value" in command else "factor"
        value = command.get(key)
        if _number(value) and value > 0:
            return None
        return _refused(command, key, RATE_ALLOWED if key == "value" else
                        "a positive finite number")
    if kind == "switch":
        change = command.get("change")
        if not isinstance(change, str) or change not in SWITCH_CHANGES:
            return _refused(command, "change", f"one of {', '.join(SWITCH_CHANGES)}")
        if change == "smoothing" and not _number(command.get("by")):
            return _refused(command, "by", "a finite number", "switch smoothing")
        return None
    return f"unknown command '{kind[:40]}' (known: {KNOWN})"


def _clamp(value, bounds):
    return max(bounds[0], min(bounds[1], value))


def apply(command, net, trainer):
    """Applies a settings command to the network or the trainer; returns the notice."""
    kind = command["command"]
    if kind == "threshold":
        layer = command.get("layer")
        layer = None if layer is None else int(layer)
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
    return check(command)


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
        new = round(min(1.0, max(0.0, old + float(command.get("by", 0)))) * 10) / 10
        if new == old:
            return f"the scale-factor EMA weight stays {old}: it ranges over 0…1"
        s["smoothing"] = new
        return f"scale-factor EMA weight {old} → {new} from the next batch"
    return f"unknown switch '{change}' ignored"
