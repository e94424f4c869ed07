"""How a backend process lives and ends. A signal (SIGTERM from the workbench or a scheduler,
SIGINT, SIGHUP, SLURM's pre-emption signal SIGUSR1) asks the run to stop: it stops at the
next batch, in training or test, and saves its checkpoint. A process whose parent is gone
(the workbench killed, torchrun's agent killed) stops the same way; if it cannot get there
(a collective whose peers are gone) it leaves after a grace period. On Linux the parent's
death also sends SIGTERM at once (PR_SET_PDEATHSIG); elsewhere a watcher thread notices
within a second. The parent is the process named by ASF_PARENT_PID when the starter sets it
(the workbench does, and asf_torch.launch for its workers): a parent killed while Python and
torch load, before this process could ask for its death signal, is noticed too.

A write past the file-size limit (ulimit -f) fails with EFBIG, which the run folder reports:
SIGXFSZ, which would end the process at once, stays ignored.
"""

import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1
GRACE_SECONDS = 30.0
PARENT_VARIABLE = "ASF_PARENT_PID"


def expected_parent():
    """The pid of the process this one lives for: ASF_PARENT_PID when set (a positive whole
    number), else the parent now."""
    try:
        pid = int(os.environ.get(PARENT_VARIABLE, ""))
    except ValueError:
        pid = 0
    return pid if pid > 0 else os.getppid()


def die_with_parent(number=signal.SIGTERM):
    """Linux: ask the kernel for signal `number` when the parent process ends
    (PR_SET_PDEATHSIG; kept across exec). Elsewhere nothing: a watcher must notice."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, number, 0, 0, 0)
    except (OSError, AttributeError):
        pass


class Lifetime:
    """The stop requests of this process: `requested` is the reason, or None."""

    def __init__(self):
        self.requested = None
        self.preempted = False

    def request(self, reason):
        if self.requested is None:
            self.requested = reason

    def install(self, watch_parent=True):
        """Turns the signals into stop requests and watches the parent process."""
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        for number, name in ((signal.SIGTERM, "SIGTERM"), (signal.SIGINT, "SIGINT"),
                             (signal.SIGHUP, "SIGHUP"), (signal.SIGUSR1, "SIGUSR1")):
            signal.signal(number, self._handler(name))
        if watch_parent:
            self.watch_parent()

    def _handler(self, name):
        def handle(number, frame):
            if number == signal.SIGUSR1:
                self.preempted = True
            elif self.requested is not None and self.requested.startswith("SIG"):
                os._exit(128 + number)  # a second signal: the stop is not waited for
            self.request(f"{name} received")
        return handle

    def watch_parent(self):
        parent = expected_parent()
        gone = f"its parent process (pid {parent}) is gone"
        die_with_parent()
        if os.getppid() != parent:  # gone before prctl took effect (or before Python started)
            self.request(gone)

        def watch():
            gone_since = None
            while True:
                time.sleep(1.0)
                if gone_since is None and os.getppid() != parent:
                    gone_since = time.monotonic()
                    self.request(gone)
                if gone_since is not None and time.monotonic() - gone_since > GRACE_SECONDS:
                    os._exit(1)

        threading.Thread(target=watch, name="asf-torch-parent", daemon=True).start()
