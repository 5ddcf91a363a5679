"""`annotator list | head -3`: when the reader of the output goes, stop without a traceback.

Python ignores SIGPIPE, so a write into a pipe nobody reads raises ``BrokenPipeError``,
and so does the flush of what is left at exit. The usual recipe: catch it at the top,
point stdout at ``/dev/null`` so that the exit flush has somewhere to go, and exit 141
(128 + SIGPIPE), as ``yes | head`` does, so a ``set -o pipefail`` script sees the cut.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import ParamSpec

#: The status of a command whose reader stopped reading (128 + SIGPIPE, as the shell says).
BROKEN_PIPE_EXIT = 141

P = ParamSpec("P")


def _silence_stdout() -> None:
    """Send what is still buffered for stdout (and later writes) to /dev/null."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a real file (a test's capture)
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
    finally:
        os.close(devnull)


def quiet_on_broken_pipe(run: Callable[P, int]) -> Callable[P, int]:
    """``run``, returning 141 quietly when stdout's reader has gone (also at the last flush)."""

    @functools.wraps(run)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> int:
        try:
            code = run(*args, **kwargs)
            sys.stdout.flush()  # the buffered rest: its broken pipe is caught here, not at exit
        except BrokenPipeError:
            _silence_stdout()
            return BROKEN_PIPE_EXIT
        return code

    return guarded
