"""python -m asf_torch.launch --nproc N -- TRAIN ARGUMENTS: torchrun (torch.distributed.run)
on this machine, N data-parallel processes of asf_torch.train, bound to the process that
started it: the workbench starts the backend this way, so that when the workbench is gone
(even killed with SIGKILL, even while Python loads: the workbench names itself in
ASF_PARENT_PID) torchrun gets SIGTERM (PR_SET_PDEATHSIG on Linux, a watcher thread
elsewhere) and ends its workers, which save their checkpoint at their next batch. The
workers are bound to torchrun the same way (ASF_PARENT_PID is this process for them).
"""

import os
import signal
import sys
import threading
import time

from .lifetime import PARENT_VARIABLE, die_with_parent, expected_parent


def bind_to_parent():
    """SIGTERM to this process when its parent is gone: at once on Linux, within a second
    elsewhere (a watcher thread), at once when it was gone before this process could ask."""
    parent = expected_parent()
    die_with_parent()
    os.environ[PARENT_VARIABLE] = str(os.getpid())  # the workers' parent: torchrun, here

    def watch():
        while os.getppid() == parent:
            time.sleep(1.0)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="asf-torch-launcher", daemon=True).start()


def main(argv):
    if "--" not in argv or argv[:1] != ["--nproc"] or len(argv) < 3:
        print("usage: python -m asf_torch.launch --nproc N -- TRAIN ARGUMENTS", file=sys.stderr)
        return 64
    processes = argv[1]
    train = argv[argv.index("--") + 1:]
    bind_to_parent()
    from torch.distributed.run import main as torchrun

    torchrun(["--standalone", "--nproc_per_node", processes, "-m", "asf_torch.train", *train])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
