"""The run folder as the backend writes it, by the Swift engine's rules: preset.yaml, a
metrics.jsonl that grows by whole lines (a write that fails part way, on a full disk or at a
file-size limit, is taken back), epochs.csv replaced whole, checkpoint.asfck. A folder that
already holds a run (metrics, epochs or a checkpoint) is refused unless this run continues it
(is resumed from its checkpoint); while a run writes, it holds an exclusive lock on the
folder's .lock file, so that no Swift run and no other backend writes it at the same time.
A run that continues the folder first writes the records of the epoch its checkpoint ends
when a killed run saved the checkpoint but not them (the checkpoint's "epochRecords"). Only
the main process writes; the others hold nothing.
"""

import errno
import fcntl
import json
import os

RUN_FILES = ("metrics.jsonl", "epochs.csv", "checkpoint.asfck")
CHUNK = 1 << 20  # how much of metrics.jsonl is read at a time, from its end
EPOCHS_HEADER = ("epoch,train_accuracy,train_loss,test_accuracy,train_seconds,test_seconds,"
                 "scale_factors\n")


class FolderError(Exception):
    """A run folder this run may not write, naming it and what to do."""


class WriteError(FolderError):
    """A file of the run folder that could not be written, naming it and the reason."""

    def __init__(self, path, error):
        reason = error.strerror or str(error)
        if error.errno == errno.EFBIG:
            reason += " (the file-size limit, ulimit -f, is reached)"
        super().__init__(f"cannot write {path}: {reason}")


def metrics_line(record):
    """A record of metrics.jsonl as its line is written (without the newline)."""
    return json.dumps(record, separators=(",", ":"), ensure_ascii=False)


def _replace(path, text):
    """Replaces the file at `path` by `text` atomically (a temporary file, then a rename)."""
    temporary = f"{path}.tmp-{os.getpid()}"
    try:
        with open(temporary, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(temporary, path)
    except OSError as error:
        try:
            os.remove(temporary)
        except OSError:
            pass
        raise WriteError(path, error) from None


def _write_all(fd, data):
    """Writes every byte of `data` to `fd` (a write may take only part of it)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


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
    """The files of one run folder, written by the main process (the others' writes do
    nothing), with the folder's lock held from before the first file to close()."""

    def __init__(self, path, continuing, main=True):
        self.path = path
        self.main = main
        self.metrics = None  # the file descriptor of metrics.jsonl, opened for appending
        self.lock = None
        self.rows = []  # epochs.csv's rows, without the header
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

    @property
    def metrics_path(self):
        return os.path.join(self.path, "metrics.jsonl")

    def write_preset(self, text):
        if not self.main:
            return
        _replace(os.path.join(self.path, "preset.yaml"), text)

    def open_metrics(self):
        """Opens metrics.jsonl for appending; a torn last line (a killed writer) is cut off
        first, so that the next record starts a line of its own."""
        if not self.main:
            return
        try:
            fd = os.open(self.metrics_path, os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC,
                         0o644)
        except OSError as error:
            raise WriteError(self.metrics_path, error) from None
        try:
            size = os.fstat(fd).st_size
            cut = size
            while cut > 0:  # back to the end of the last whole line, a chunk at a time
                chunk = os.pread(fd, min(cut, CHUNK), cut - min(cut, CHUNK))
                end = chunk.rfind(b"\n")
                if end >= 0:
                    cut -= len(chunk) - end - 1
                    break
                cut -= len(chunk)
            if cut < size:
                os.ftruncate(fd, cut)
        except OSError as error:
            os.close(fd)
            raise WriteError(self.metrics_path, error) from None
        self.metrics = fd

    def record(self, record):
        self.append_line(metrics_line(record))

    def append_line(self, text):
        """Appends `text` and a newline to metrics.jsonl. A write that fails (a full disk, the
        file-size limit) is taken back, so that the file ends with a whole line, and raises
        WriteError; the file is not written again by this run."""
        if self.metrics is None:
            return
        fd = self.metrics
        start = os.lseek(fd, 0, os.SEEK_END)
        try:
            _write_all(fd, (text + "\n").encode("utf-8"))
        except OSError as error:
            try:
                os.ftruncate(fd, start)
            except OSError:
                pass
            os.close(fd)
            self.metrics = None
            raise WriteError(self.metrics_path, error) from None

    def epoch_row(self, row):
        """Adds a row to epochs.csv, which is replaced whole (created with its header)."""
        if not self.main:
            return
        self.rows.append(row)
        self._write_epochs()

    def _write_epochs(self):
        _replace(os.path.join(self.path, "epochs.csv"),
                 EPOCHS_HEADER + "".join(row + "\n" for row in self.rows))

    def continue_run(self, epoch, records=None):
        """For a run that continues this folder from a checkpoint after `epoch` epochs: keeps
        the rows of epochs.csv up to that epoch, and when the checkpoint ends that epoch
        (`records`: its "epochRecords", {"csvRow", "metricsLine"}), writes what a run killed
        between the checkpoint and its records left out: the row when epochs.csv has none
        for that epoch, the line when metrics.jsonl has no epoch record of it after the last
        one of an earlier epoch."""
        if not self.main:
            return
        self.rows = _rows_up_to(os.path.join(self.path, "epochs.csv"), epoch)
        if not _records_of(records, epoch):
            return
        if not any(_row_epoch(row) == epoch for row in self.rows):
            self.rows.append(records["csvRow"])
            self._write_epochs()
        if self.metrics is not None and not _holds_epoch_record(self.metrics, epoch - 1):
            self.append_line(records["metricsLine"])

    def close(self):
        if self.metrics is not None:
            os.close(self.metrics)
            self.metrics = None
        if self.lock is not None:
            self.lock.close()
            self.lock = None


def _row_epoch(row):
    try:
        return int(row.split(",", 1)[0])
    except ValueError:
        return None


def _rows_up_to(path, epoch):
    """The rows of epochs.csv (without the header) of epochs 1…`epoch`, in the file's order."""
    try:
        with open(path, encoding="utf-8") as f:
            rows = f.read().split("\n")[1:]
    except FileNotFoundError:
        return []
    return [row for row in rows if 1 <= (_row_epoch(row) or 0) <= epoch]


def _records_of(records, epoch):
    """Whether `records` are a checkpoint's "epochRecords" of epoch `epoch` (1-based): a row
    of that epoch and one line holding its epoch record (0-based in metrics.jsonl)."""
    if not isinstance(records, dict) or not all(
            isinstance(records.get(key), str) and "\n" not in records[key]
            for key in ("csvRow", "metricsLine")):
        return False
    return (epoch >= 1 and _row_epoch(records["csvRow"]) == epoch
            and _epoch_of(records["metricsLine"].encode("utf-8")) == epoch - 1)


def _holds_epoch_record(fd, epoch):
    """Whether the metrics file `fd` holds an epoch record of `epoch` (0-based) after the last
    one of an earlier epoch: read from the end, until an epoch record of `epoch` or of an
    earlier epoch (records of later epochs are a history a resume went back on)."""
    end = os.fstat(fd).st_size
    rest = b""
    while end > 0:
        size = min(end, CHUNK)
        end -= size
        lines = (os.pread(fd, size, end) + rest).split(b"\n")
        rest = lines.pop(0) if end > 0 else b""  # a line that may begin in the chunk before
        for line in reversed(lines):
            found = _epoch_of(line)
            if found is not None and found <= epoch:
                return found == epoch
    return False


def _epoch_of(line):
    """The epoch of an epoch record (None for any other line)."""
    if b'"train_accuracy"' not in line:
        return None
    try:
        record = json.loads(line)
    except (ValueError, RecursionError):
        return None
    if not isinstance(record, dict) or record.get("type") != "epoch":
        return None
    epoch = record.get("epoch")
    return epoch if isinstance(epoch, int) and not isinstance(epoch, bool) else None
