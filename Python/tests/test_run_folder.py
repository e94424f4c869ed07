"""The run folder under stress: its lock held by a backend run from its first file to its end
(a second run refused), a torn last line of metrics.jsonl cut before the next record, a run
killed between an epoch's checkpoint and its records completed by its resume, and a write
past the file-size limit that stops the run cleanly."""

import fcntl
import json
import os
import resource
import subprocess
import sys
import time

import pytest

from asf_torch.checkpoint import read_checkpoint
from asf_torch.run_folder import RunFolder

from conftest import ROOT
from test_lifetime import start
from test_training import lines, make, stop_when


def lock_is_free(folder):
    """Whether a flock LOCK_EX|LOCK_NB on folder/.lock succeeds (let go at once)."""
    with open(os.path.join(folder, ".lock")) as lock:
        try:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True


def written(folder):
    """The run's files in the folder (not .lock, control.jsonl or temporary files) with their
    size and mtime."""
    files = {}
    for name in sorted(set(os.listdir(folder)) - {".lock", "control.jsonl"}):
        try:
            info = os.stat(os.path.join(folder, name))
        except FileNotFoundError:  # a temporary file renamed meanwhile
            continue
        if ".tmp-" not in name:
            files[name] = (info.st_size, info.st_mtime_ns)
    return files


def test_a_backend_run_holds_the_lock_from_its_first_file_to_its_end(tmp_path, data_dir):
    command, environment = start(tmp_path, data_dir, extra=["--wait"], epochs=1)
    folder = str(tmp_path / "run")
    process = subprocess.Popen(command, env=environment, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    held, free_at, second = 0, None, None
    deadline = time.monotonic() + 60
    while process.poll() is None and time.monotonic() < deadline:
        if os.path.isdir(folder) and written(folder):
            if lock_is_free(folder):
                # Only once the run has let go, and then it writes nothing more.
                free_at = free_at or written(folder)
            else:
                assert free_at is None, "the lock was free, then held again"
                held += 1
            if second is None and os.path.exists(os.path.join(folder, "epochs.csv")):
                # The run waits after its last epoch: a second run into the folder.
                second = subprocess.run([*command[:-1], "--resume", "auto"], env=environment,
                                        capture_output=True, text=True, timeout=60)
                with open(os.path.join(folder, "control.jsonl"), "a") as f:
                    f.write('{"command":"stop"}\n')
        time.sleep(0.005)
    assert process.wait(timeout=30) == 0, process.stderr.read()
    assert held > 20, "probed while the run wrote"
    assert free_at is None or free_at == written(folder), "written after the lock was let go"
    assert second is not None and second.returncode == 1
    assert second.stderr.strip() == (
        f"error: Another asf-tui is writing the run folder {folder} (it holds {folder}/.lock): "
        "choose another folder with --out.")
    assert [r["state"] for r in lines(folder, "state")] == ["running", "finished"]


@pytest.mark.parametrize("fragment", [
    '{"type":"batch","epo', "x" * ((1 << 20) + 5000), "no newline at all"])
def test_a_torn_last_line_is_cut_when_the_metrics_are_opened(tmp_path, fragment):
    path = tmp_path / "metrics.jsonl"
    whole = "" if fragment == "no newline at all" else '{"type":"state"}\n' * 3
    path.write_text(whole + fragment)
    folder = RunFolder(str(tmp_path), continuing=True)
    folder.open_metrics()
    folder.record({"type": "notice", "text": "next"})
    folder.close()
    assert path.read_text() == whole + '{"type":"notice","text":"next"}\n'


class Killed(Exception):
    """A kill -9 at a chosen point of a run (the folder keeps what was written by then)."""


def kill_at(trainer, point):
    """Makes `trainer` die at `point`: right after epoch 2's checkpoint (before its records),
    after its metrics line (before its epochs.csv row), or in epoch 3's second batch."""
    folder = trainer.folder
    save, epoch_row, train_batch = trainer.save, folder.epoch_row, trainer.train_batch

    def saved(*args, **options):
        save(*args, **options)
        if point == "before the line" and (trainer.epoch, trainer.batch) == (2, 0):
            raise Killed

    def row(text):
        if point == "before the row" and text.startswith("2,"):
            raise Killed
        epoch_row(text)

    def batch(*args):
        if point == "in the next epoch" and (trainer.epoch, trainer.batch) == (2, 1):
            raise Killed
        train_batch(*args)

    trainer.save, folder.epoch_row, trainer.train_batch = saved, row, batch


@pytest.mark.parametrize("point", ["before the line", "before the row", "in the next epoch"])
def test_a_run_killed_after_an_epochs_checkpoint_has_its_records_written_by_the_resume(
        tmp_path, data_dir, point):
    trainer = make(tmp_path, data_dir, epochs=3)
    kill_at(trainer, point)
    with pytest.raises(Killed):
        trainer.run()
    trainer.folder.close()  # what the kernel does for a killed process
    folder = trainer.folder.path
    killed = read_checkpoint(folder + "/checkpoint.asfck").header
    assert (killed["epoch"], killed["batchesInEpoch"]) == (2, 0)
    resumed = make(tmp_path, data_dir, resume=folder + "/checkpoint.asfck", epochs=3)
    assert resumed.run() == "finished"
    resumed.folder.close()
    with open(folder + "/epochs.csv") as f:
        rows = f.read().splitlines()
    assert [row.split(",")[0] for row in rows] == ["epoch", "1", "2", "3"]
    epochs = [line for line in open(folder + "/metrics.jsonl").read().splitlines()
              if json.loads(line)["type"] == "epoch"]
    assert [json.loads(line)["epoch"] for line in epochs] == [0, 1, 2]
    # The records came from the checkpoint, exactly as the run would have written them; the
    # last checkpoint carries the last epoch's.
    assert killed["epochRecords"] == {"csvRow": rows[2], "metricsLine": epochs[1]}
    last = read_checkpoint(folder + "/checkpoint.asfck").header["epochRecords"]
    assert last == {"csvRow": rows[3], "metricsLine": epochs[2]}


def test_only_a_checkpoint_at_an_epochs_end_carries_its_records(tmp_path, data_dir):
    trainer = make(tmp_path, data_dir, epochs=2)
    stop_when(trainer, lambda t: t.epoch == 1)
    assert trainer.run() == "stopped"
    trainer.folder.close()
    header = read_checkpoint(trainer.folder.checkpoint).header
    assert (header["epoch"], header["batchesInEpoch"]) == (1, 1)
    assert "epochRecords" not in header


TINY = """name: tiny
dataset: digits
time-steps: 8
batch-size: 20
epochs: 5
train-limit: 120
test-limit: 40
latency-samples: 20
layers: [{avgpool: 4}, flatten, {linear: 10}]
"""


def test_a_write_past_the_file_size_limit_stops_the_run_cleanly(tmp_path, data_dir):
    """RLIMIT_FSIZE of 9000 bytes: the checkpoint (about 7 kB) fits, metrics.jsonl (about 3 kB
    an epoch) does not: the write fails with EFBIG (SIGXFSZ is ignored), is taken back, and
    the run stops with its checkpoint and a message naming the file and the reason."""
    preset = tmp_path / "tiny.yaml"
    preset.write_text(TINY)
    folder = tmp_path / "run"

    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (9000, 9000))
    done = subprocess.run(
        [sys.executable, "-m", "asf_torch.train", "--preset", str(preset), "--out", str(folder),
         "--data-dir", data_dir], env=dict(os.environ, PYTHONPATH=ROOT), capture_output=True,
        text=True, timeout=120, preexec_fn=limit)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.strip() == (
        f"error: cannot write {folder}/metrics.jsonl: File too large (the file-size limit, "
        "ulimit -f, is reached); the run stops")
    assert "checkpoint saved" in done.stdout
    text = (folder / "metrics.jsonl").read_text()
    assert text.endswith("\n") and all(json.loads(line) for line in text.splitlines())
    header = read_checkpoint(str(folder / "checkpoint.asfck")).header
    assert header["epoch"] >= 1 and header["adamStep"] > 6
