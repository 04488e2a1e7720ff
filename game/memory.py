"""How much memory this process may still take: the least of what the system, its
control group and its resource limit leave. Linux only; elsewhere nothing is known."""

from __future__ import annotations

import contextlib
import resource
from pathlib import Path


def _meminfo(key: str, path: Path = Path("/proc/meminfo")) -> int | None:
    """A `key: N kB` line of a /proc file, in bytes."""
    with contextlib.suppress(OSError, ValueError):
        for line in path.read_text().splitlines():
            if line.startswith(f"{key}:"):
                return int(line.split()[1]) * 1024
    return None


def _cgroup_headroom(root: Path = Path("/sys/fs/cgroup")) -> int | None:
    with contextlib.suppress(OSError, ValueError):
        limit = (root / "memory.max").read_text().strip()
        if limit != "max":
            return int(limit) - int((root / "memory.current").read_text())
    return None


def _rlimit_headroom() -> int | None:
    soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    if soft == resource.RLIM_INFINITY:
        return None
    used = _meminfo("VmSize", Path("/proc/self/status")) or 0
    return soft - used


def free_memory() -> int | None:
    """Bytes this process can still allocate, or None when the system does not say."""
    known = [n for n in (_meminfo("MemAvailable"), _cgroup_headroom(), _rlimit_headroom())
             if n is not None]
    return max(min(known), 0) if known else None
