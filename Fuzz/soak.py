#!/usr/bin/env python3
"""The workbench's soak: asf-tui trains the embedded default preset in a tmux terminal for a
while (30 minutes by default) while random keys arrive every few seconds (pause and resume,
thresholds, T, the learning rate, the switches, layers, panels, zoom, screens, help, frames,
checkpoints, the accuracy measure). It prints the process's resident memory after the first
epoch and after the last one (each the median of seven readings half a second apart), and
fails (exit 1) when the last is more than 5 % above the first, when no batch was trained for
90 s while the run was not paused, or when the program died. The first epoch begins with
every key pressed once (see `tour`); the first figure is taken at the end of the first epoch
that ends after that (the first or the second).

    python3 Fuzz/soak.py                  # 30 minutes, .build/release/asf-tui
    python3 Fuzz/soak.py --minutes 5 --binary .build/debug/asf-tui

T is kept between 20 and 50 (the keys move it within that range) and set back to the
preset's 30 before the last figure, so that both figures are taken at the same T. Needs tmux.
"""

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

KEYS = ["+", "-", "*", "n", "p", "Tab", "BTab", "z", "Escape", "L", "l", "t", "a", "<", ">",
        "j", "k", "o", "(", ")", "s", "A", "S", "{", "}", "M", "R", "I", "1", "2", "3", "?",
        "Escape", "f", ".", "Up", "Down", "PageDown"]
SESSION = f"asf-soak-{os.getpid()}"


def tmux(*args, check=True):
    return subprocess.run(["tmux", *args], check=check, capture_output=True, text=True).stdout


def screen():
    return tmux("capture-pane", "-p", "-t", SESSION, check=False)


def rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def settled_rss(pid):
    """The median of seven readings half a second apart (one reading lands anywhere in a
    batch's allocations; the median does not)."""
    readings = []
    for _ in range(7):
        value = rss_kib(pid)
        if value is None:
            return None
        readings.append(value)
        time.sleep(0.5)
    return sorted(readings)[3]


def wait_for_epoch(folder, after, seconds=180):
    """Waits until the run holds more than `after` epochs; then as soon as it does."""
    deadline = time.time() + seconds
    while time.time() < deadline and epochs_done(folder) <= after:
        time.sleep(0.2)


def workbench_pid():
    """The asf-tui process in the tmux pane."""
    pane = tmux("list-panes", "-t", SESSION, "-F", "#{pane_pid}", check=False).strip()
    return int(pane) if pane.isdigit() else None


def batches_trained(folder):
    try:
        with open(os.path.join(folder, "metrics.jsonl"), "rb") as metrics:
            return metrics.read().count(b'"type":"batch"')
    except OSError:
        return 0


def epochs_done(folder):
    try:
        with open(os.path.join(folder, "epochs.csv")) as epochs:
            return max(0, len(epochs.read().splitlines()) - 1)
    except OSError:
        return 0


def paused_on_screen():
    """Whether the status bar says the run is paused (a key such as `.` pauses it too)."""
    lines = [line for line in screen().splitlines() if line.strip()]
    return bool(lines) and lines[-1].lstrip().startswith("paused")


def time_window():
    found = re.search(r"T=(\d+)", screen())
    return int(found.group(1)) if found else None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=30)
    parser.add_argument("--binary", default=".build/release/asf-tui")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keys", default="all",
                        help="the keys sent: all, or a string of characters to choose from "
                             "('' sends none), to find which one costs memory")
    parser.add_argument("--verbose", action="store_true", help="memory after every epoch")
    arguments = parser.parse_args()
    if shutil.which("tmux") is None:
        sys.exit("soak: tmux is needed (apt-get install tmux)")
    binary = os.path.abspath(arguments.binary)
    if not os.access(binary, os.X_OK):
        sys.exit(f"soak: no asf-tui at {binary}: build it first (swift build -c release)")
    random.seed(arguments.seed)
    work = tempfile.mkdtemp(prefix="asf-soak-")
    folder = os.path.join(work, "run")
    command = (f"cd {work} && ASF_TUI_WELCOME=0 exec {binary} --preset digits-lenet-if "
               f"--epochs 10000 --out {folder}")
    tmux("new-session", "-d", "-x", "120", "-y", "40", "-s", SESSION, command)
    try:
        return soak(arguments.minutes, folder, arguments.keys, arguments.verbose)
    finally:
        tmux("kill-session", "-t", SESSION, check=False)
        shutil.rmtree(work, ignore_errors=True)


def tour(keys):
    """Every key once, the way a person first tries them: what a key allocates the first
    time it is used (the Experiments screen's catalogue, the accuracy measure's buffers, the
    zoomed panels) is then in both memory figures, and only growth with use counts."""
    for key in keys:
        tmux("send-keys", "-t", SESSION, key)
        time.sleep(0.6 if key != "A" else 4)
        if key == "space":
            time.sleep(1)
            tmux("send-keys", "-t", SESSION, "space")
    for key in ["Escape", "Escape", "1"]:
        tmux("send-keys", "-t", SESSION, key)
        time.sleep(0.3)


def soak(minutes, folder, chosen="all", verbose=False):
    keys_allowed = KEYS + ["[", "]"] if chosen == "all" else list(chosen)
    if keys_allowed:
        tour(sorted(set(keys_allowed)) + ["space", "]", "["])
    pid = workbench_pid()
    start = time.time()
    first = None
    last_batches, last_progress = 0, time.time()
    paused_until = None
    keys = 0
    shown_epochs = 0
    while time.time() - start < minutes * 60:
        time.sleep(random.uniform(1.0, 4.0))
        if rss_kib(pid) is None:
            print(f"soak: asf-tui ended after {time.time() - start:.0f} s:\n{screen()}")
            return 1
        if first is None:
            wait_for_epoch(folder, epochs_done(folder))
            first = settled_rss(pid)
            if first is None:
                continue
            print(f"resident memory after epoch {epochs_done(folder)} (the first after every "
                  f"key was tried once): {first / 1024:.1f} MiB", flush=True)
        if verbose and epochs_done(folder) > shown_epochs:
            shown_epochs = epochs_done(folder)
            print(f"epoch {shown_epochs}: {rss_kib(pid) / 1024:.1f} MiB", flush=True)
        now = time.time()
        if not keys_allowed:
            pass
        elif paused_until is not None and now >= paused_until:
            tmux("send-keys", "-t", SESSION, "space")  # resume
            paused_until = None
            last_progress = now
        elif paused_until is None and random.random() < 0.08 and chosen == "all":
            tmux("send-keys", "-t", SESSION, "space")  # pause for a few seconds
            paused_until = now + random.uniform(2, 8)
        else:
            key = random.choice(keys_allowed)
            window = time_window() if key in "[]" else None
            if key == "[" and (window is None or window <= 20):
                key = "]"
            if key == "]" and (window is None or window >= 50):
                key = "["
            tmux("send-keys", "-t", SESSION, key)
        keys += 1
        if paused_until is None and paused_on_screen():
            tmux("send-keys", "-t", SESSION, "space")  # paused by another key: on again
        batches = batches_trained(folder)
        if batches > last_batches:
            last_batches, last_progress = batches, now
        elif paused_until is None and now - last_progress > 90:
            print(f"soak: no batch for {now - last_progress:.0f} s while running:\n{screen()}")
            return 1
    # The same T as at the first figure, the screen back on Train, and a last settle.
    tmux("send-keys", "-t", SESSION, "Escape")
    if paused_until is not None:
        tmux("send-keys", "-t", SESSION, "space")
    tmux("send-keys", "-t", SESSION, "1")
    time.sleep(1)
    if paused_on_screen():
        tmux("send-keys", "-t", SESSION, "space")
    for _ in range(20):
        window = time_window()
        if window is None or window == 30:
            break
        tmux("send-keys", "-t", SESSION, "[" if window > 30 else "]")
        time.sleep(0.5)
    time.sleep(5)
    wait_for_epoch(folder, epochs_done(folder))
    end = settled_rss(pid)
    if first is None or end is None:
        print(f"soak: no first epoch, or asf-tui ended:\n{screen()}")
        return 1
    change = (end - first) / first * 100
    print(f"resident memory at the end ({epochs_done(folder)} epochs, {last_batches} batches, "
          f"{keys} keys, {minutes:g} min): {end / 1024:.1f} MiB ({change:+.1f} %)")
    return 0 if change <= 5 else 1


if __name__ == "__main__":
    sys.exit(main())
