"""How a service process behaves: its garbage collector, its CPU priority, its restart.

No faust here: the gateway uses these too.
"""

from __future__ import annotations

import gc
import logging
import os
from typing import NoReturn

#: A worker's exit status when it stops so that its supervisor starts it again (EX_SOFTWARE).
EXIT_RESTART = 70


def restart_process() -> NoReturn:
    """End this worker at once, committing nothing more: its supervisor (`touchline up`, the
    container's restart policy) starts it again, and it reads from its committed offsets."""
    logging.shutdown()
    os._exit(EXIT_RESTART)


def settle_memory() -> None:
    """Keep Python's full garbage collections off the latency path.

    A full collection scans every tracked object; in a service that has loaded its code,
    schemas and state that is hundreds of thousands of objects, and the scan stalls every
    request for tens of milliseconds (seen as bursts of 100+ ms answers under load). Objects
    alive now are moved out of the collector's sight (`gc.freeze`), and young collections,
    cheap but frequent, run on larger generations.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


def yield_cpu() -> None:
    """Run this process only when a core is otherwise free (SCHED_IDLE on Linux; elsewhere
    the lowest nice level): for work nobody waits on by the millisecond."""
    if hasattr(os, "sched_setscheduler"):
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
    else:
        os.nice(19)
