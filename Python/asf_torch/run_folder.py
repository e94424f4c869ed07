"""The run folder as the backend writes it, by the Swift engine's rules: preset.yaml, a
metrics.jsonl that grows by whole lines, epochs.csv, checkpoint.asfck. A folder that already
holds a run (metrics, epochs or a checkpoint) is refused unless this run continues it (is
resumed from its checkpoint); while a run writes, it holds an exclusive lock on the folder's
.lock file, so that no Swift run and no other backend writes it at the same time. Only the
main process writes; the others hold nothing.
"""

import fcntl
import json
import os

RUN_FILES = ("metrics.jsonl", "epochs.csv", "checkpoint.asfck")
EPOCHS_HEADER = ("epoch,train_accuracy,train_loss,test_accuracy,train_seconds,test_seconds,"
                 "scale_factors\n")


class FolderError(Exception):
    """A run folder this run may not write, naming it and what to do."""


def holds_run(path):
    return any(os.path.exists(os.path.join(path, name)) for name in RUN_FILES)


def _locked_message(path):
    return (f"Another asf-tui is writing the run folder {path} (it holds {path}/.lock): "
            "choose another folder with --out.")


def _locked(path):
    """Whether another run holds the folder's .lock (tried and let go at once)."""
    try:
        with open(os.path.join(path, ".lock")) as lock:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except FileNotFoundError:
        return False
    except OSError:
        return True
    return False


def check_available(path, continuing, lock=True):
    """Raises unless a run may write `path`: no other run writes it (its .lock is free; not
    asked with `lock` False, by the run that holds it), and it holds no run or this run
    continues it. Creates nothing."""
    if lock and _locked(path):
        raise FolderError(_locked_message(path))
    if not continuing and holds_run(path):
        raise FolderError(
            f"{path} already holds a run; its files stay as they are. Choose another folder "
            f"with --out, or continue that run with --resume {path}/checkpoint.asfck "
            f"(or --resume auto) --out {path}.")


class RunFolder:
    def __init__(self, path, continuing, main=True):
        self.path = path
        self.main = main
        self.metrics = None
        self.lock = None
        if not main:
            return
        os.makedirs(path, exist_ok=True)
        self.lock = open(os.path.join(path, ".lock"), "a+")
        try:
            fcntl.flock(self.lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self.close()
            raise FolderError(_locked_message(path)) from None
        try:
            check_available(path, continuing, lock=False)
        except FolderError:
            self.close()
            raise
        for name in os.listdir(path):
            if ".tmp-" in name:  # what a killed run left behind; the lock says no one writes
                try:
                    os.remove(os.path.join(path, name))
                except OSError:
                    pass

    @property
    def checkpoint(self):
        return os.path.join(self.path, "checkpoint.asfck")

    def write_preset(self, text):
        if not self.main:
            return
        temporary = os.path.join(self.path, f"preset.yaml.tmp-{os.getpid()}")
        with open(temporary, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(temporary, os.path.join(self.path, "preset.yaml"))

    def open_metrics(self):
        """Opens metrics.jsonl for appending; a torn last line (a killed writer) is cut off
        first, so that the next record starts a line of its own."""
        if not self.main:
            return
        path = os.path.join(self.path, "metrics.jsonl")
        with open(path, "ab+") as f:
            size = f.seek(0, os.SEEK_END)
            if size:
                back = min(size, 1 << 20)
                f.seek(size - back)
                tail = f.read(back)
                end = tail.rfind(b"\n")
                if end != len(tail) - 1:
                    f.truncate(size - back + end + 1 if end >= 0 else
                               (size - back if back < size else 0))
        self.metrics = open(path, "a", encoding="utf-8")

    def record(self, record):
        if self.metrics is not None:
            self.metrics.write(json.dumps(record, separators=(",", ":"), ensure_ascii=False)
                               + "\n")
            self.metrics.flush()

    def epoch_row(self, row):
        """Appends a row to epochs.csv (created with its header)."""
        if not self.main:
            return
        path = os.path.join(self.path, "epochs.csv")
        new = not os.path.exists(path)
        with open(path, "a", encoding="utf-8") as f:
            if new:
                f.write(EPOCHS_HEADER)
            f.write(row + "\n")

    def close(self):
        if self.metrics is not None:
            self.metrics.close()
            self.metrics = None
        if self.lock is not None:
            self.lock.close()
            self.lock = None
