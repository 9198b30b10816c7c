"""`python torchrun_failing.py STEP ARGS...` under torchrun: the workbench CLI, with process 1 failing as it
takes step STEP (as a GPU running out of memory would)."""

from __future__ import annotations

import os
import sys

import workbench.core.training.step as step_module
from workbench.cli import main

FAIL_AT = int(sys.argv[1])
real_step = step_module.train_step


def failing_step(ctx, batches, step):  # type: ignore[no-untyped-def]
    if os.environ.get("RANK") == "1" and step == FAIL_AT:
        raise RuntimeError("CUDA out of memory (simulated)")
    return real_step(ctx, batches, step)


step_module.train_step = failing_step
sys.exit(main(sys.argv[2:]))
