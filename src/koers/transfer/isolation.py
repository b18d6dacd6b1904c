"""Reading a spreadsheet in a child process with a memory and a CPU-time limit.

The archive checks (parsing.check_archive) stop a zip bomb before it is unpacked; what remains
is a file within every size limit that openpyxl still needs much memory or time for (a shared
strings table of 50 MB becomes hundreds of MB of Python strings). The child has its own limits
(`resource.setrlimit`), so such a file costs the child, never the server process: when the child
runs out of memory or CPU time it dies, and the upload is refused with a message.

Only where `os.fork` exists (Linux, macOS); elsewhere the file is read in the process itself.
"""

from __future__ import annotations

import os
import pickle
import signal
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

T = TypeVar("T")


def _address_space() -> int:
    """The bytes of address space this process maps now (VmSize): the child's limit is this
    plus its allowance, since a Django process already maps a few hundred MB of libraries."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def run_limited(function: Callable[..., T], *args: Any) -> T:
    """`function(*args)` in a forked child limited to IMPORT_PARSE_MEMORY_MB more memory and
    IMPORT_MAX_PARSE_SECONDS of CPU time. A ValidationError of the child is raised here; a child
    that dies (out of memory or time) is a ValidationError too."""
    if not hasattr(os, "fork") or not os.path.exists("/proc/self/status"):
        return function(*args)
    import resource

    memory = _address_space() + settings.IMPORT_PARSE_MEMORY_MB * 1024 * 1024
    seconds = settings.IMPORT_MAX_PARSE_SECONDS
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns, never runs the parent's clean-up
        try:
            os.close(read_end)
            # Forked from a threaded server, the child may wait for a lock another thread held:
            # a wall-clock alarm ends it then (the default action of SIGALRM is to terminate).
            signal.signal(signal.SIGALRM, signal.SIG_DFL)
            signal.alarm(2 * seconds)
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
            resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))
            try:
                outcome: tuple[str, Any] = ("ok", function(*args))
            except ValidationError as exc:
                outcome = ("refused", exc)
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(pickle.dumps(outcome))
        finally:
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()
    os.waitpid(pid, 0)
    try:
        kind, value = pickle.loads(data)  # noqa: S301 (our own child's answer)
    except (EOFError, pickle.UnpicklingError) as exc:
        raise ValidationError(
            _(
                "Reading this file needs more memory or time than allowed. Split it up, or "
                "save it as CSV."
            ),
            code="too_heavy",
        ) from exc
    if kind == "refused":
        raise value
    return value
