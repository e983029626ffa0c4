"""Fault injection for the test suite: kill the running process at a named moment of a run.

The fault-injection tests set ``POLICYTEXT_KILL_AT`` to one of ``MOMENTS`` and check that the
output folder is whole afterwards. Unset (always, outside those tests), ``checkpoint`` does
nothing but read one environment variable.
"""

from __future__ import annotations

import os
import signal

KILL_AT = "POLICYTEXT_KILL_AT"
MOMENTS = ("reading", "themes", "writing", "swapping")


def checkpoint(moment: str) -> None:
    """SIGKILL this process (no clean-up, as a power cut or the OOM killer would) when
    ``POLICYTEXT_KILL_AT`` names ``moment``."""
    if os.environ.get(KILL_AT) == moment:
        os.kill(os.getpid(), signal.SIGKILL)
