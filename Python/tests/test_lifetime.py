"""How a backend process ends: a signal stops it at the next batch with its checkpoint saved,
SLURM's pre-emption signal asks for a requeue (status 3), and a process whose parent is gone
stops by itself instead of training (or waiting) for ever."""

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from conftest import ROOT, preset_text


def start(tmp_path, data_dir, extra=(), **changes):
    preset = tmp_path / "preset.yaml"
    preset.write_text(preset_text(**{"epochs": 200, **changes}))
    command = [sys.executable, "-m", "asf_torch.train", "--preset", str(preset), "--out",
               str(tmp_path / "run"), "--data-dir", data_dir, *extra]
    return command, dict(os.environ, PYTHONPATH=ROOT)


def wait_for_batches(tmp_path, count=2, timeout=60):
    path = tmp_path / "run" / "metrics.jsonl"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and path.read_text().count('"type":"batch"') >= count:
            return
        time.sleep(0.1)
    raise AssertionError("the run wrote no batches")


def last_state(tmp_path):
    records = [json.loads(line) for line in (tmp_path / "run" / "metrics.jsonl").open()]
    return [r for r in records if r["type"] == "state"][-1]


def test_sigterm_stops_at_the_next_batch_and_saves(tmp_path, data_dir):
    command, environment = start(tmp_path, data_dir)
    process = subprocess.Popen(command, env=environment, stdout=subprocess.PIPE, text=True)
    wait_for_batches(tmp_path)
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=30) == 0
    assert "stopped at" in process.stdout.read()
    assert (tmp_path / "run" / "checkpoint.asfck").exists()
    state = last_state(tmp_path)
    assert state["state"] == "stopped" and state["reason"] == "SIGTERM received"


def test_the_preemption_signal_asks_for_a_requeue_and_auto_resumes(tmp_path, data_dir):
    from asf_torch.checkpoint import read_checkpoint
    command, environment = start(tmp_path, data_dir)
    process = subprocess.Popen(command, env=environment, stdout=subprocess.DEVNULL)
    wait_for_batches(tmp_path)
    process.send_signal(signal.SIGUSR1)
    assert process.wait(timeout=30) == 3
    first = read_checkpoint(str(tmp_path / "run" / "checkpoint.asfck")).header["adamStep"]
    # The requeued job's same command, with --resume auto, continues it.
    process = subprocess.Popen(command + ["--resume", "auto"], env=environment,
                               stdout=subprocess.DEVNULL)
    wait_for_batches(tmp_path, count=first + 2)
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=30) == 0
    assert read_checkpoint(str(tmp_path / "run" / "checkpoint.asfck")).header["adamStep"] > first


def test_a_backend_whose_parent_is_gone_stops(tmp_path, data_dir):
    command, environment = start(tmp_path, data_dir, extra=["--wait"], epochs=1)
    # A parent that starts the backend, says its pid and ends at once.
    parent = (f"import subprocess, sys, os\n"
              f"p = subprocess.Popen({command!r}, env={environment!r}, "
              f"stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
              f"print(p.pid, flush=True)\n"
              f"import time; time.sleep(4)\n"
              f"os._exit(0)\n")
    launcher = subprocess.run([sys.executable, "-c", parent], capture_output=True, text=True,
                              timeout=60)
    pid = int(launcher.stdout.split()[0])
    deadline = time.monotonic() + 40
    while time.monotonic() < deadline and os.path.exists(f"/proc/{pid}"):
        with open(f"/proc/{pid}/stat") as f:
            if f.read().split()[2] == "Z":
                break
        time.sleep(0.2)
    assert not os.path.exists(f"/proc/{pid}") or open(f"/proc/{pid}/stat").read().split()[2] == "Z"
    assert (tmp_path / "run" / "checkpoint.asfck").exists()


def state_lines(tmp_path):
    path = tmp_path / "run" / "metrics.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if '"state"' in line]


def gone(pid):
    """Whether process `pid` has ended (a zombie whose reaper has not come yet counts)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True


@pytest.mark.parametrize("when", ["while Python starts", "paused", "after the last epoch"])
def test_a_backend_whose_parent_is_killed_ends(tmp_path, data_dir, when):
    """The workbench (here a small Python process naming itself in ASF_PARENT_PID, as the
    workbench does) is SIGKILLed; the backend ends within a few seconds, however early."""
    extra = ["--wait"] + (["--paused"] if when == "paused" else [])
    command, environment = start(tmp_path, data_dir, extra=extra, epochs=1)
    parent = (f"import os, subprocess, time\n"
              f"environment = dict({environment!r}, ASF_PARENT_PID=str(os.getpid()))\n"
              f"p = subprocess.Popen({command!r}, env=environment, "
              f"stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
              f"print(p.pid, flush=True)\n"
              f"time.sleep(600)\n")
    launcher = subprocess.Popen([sys.executable, "-c", parent], stdout=subprocess.PIPE, text=True)
    pid = int(launcher.stdout.readline())
    awaited = {"paused": "paused", "after the last epoch": "finished"}.get(when)
    deadline = time.monotonic() + 60
    while awaited and awaited not in [r["state"] for r in state_lines(tmp_path)]:
        assert time.monotonic() < deadline, f"the backend never became {awaited}"
        time.sleep(0.05)
    launcher.kill()
    launcher.wait()
    killed = time.monotonic()
    # Python and torch load in about 2 s before the backend can look at its parent.
    limit = 20 if when == "while Python starts" else 5
    while not gone(pid):
        if time.monotonic() - killed > limit:
            os.kill(pid, signal.SIGKILL)
            raise AssertionError(f"the backend outlived its parent by {limit} s ({when})")
        time.sleep(0.05)
    states = state_lines(tmp_path)
    if when == "after the last epoch":
        assert states[-1]["state"] == "finished"
    else:  # stopped with its checkpoint
        assert states[-1]["state"] == "stopped"
        assert (tmp_path / "run" / "checkpoint.asfck").exists()
    if when == "while Python starts":  # before it could ask for SIGTERM at its parent's end
        assert states[-1]["reason"] == f"its parent process (pid {launcher.pid}) is gone"
