"""CPU-seconds spent inside a sandbox: its inner engine and everything the page's commands ran.

The sandbox's processes are one PID namespace. A process's own times and the times of the
children it has reaped (with theirs) are in its /proc/PID/stat, so the sum over the processes
alive at the end holds everything that ever ran there: exited processes were reaped by live
ones (tini, the sandbox's init, reaps the orphans). Cgroups cannot tell this apart: in the
fallback mode the inner engine puts its containers beside the sandbox, not inside it.
"""

from __future__ import annotations

# The clock ticks per second first, then every process's stat line.
COMMAND = ["sh", "-c", "getconf CLK_TCK; cat /proc/[0-9]*/stat 2>/dev/null"]
# Fields after the command name's closing parenthesis: state (field 3) is index 0, so utime,
# stime, cutime and cstime (fields 14 to 17) are indexes 11 to 14.
TIMES = slice(11, 15)


def cpu_seconds(listing: str) -> float | None:
    """The CPU-seconds in COMMAND's output (the clock rate, then one stat line per process);
    None if it holds no clock rate (an exec whose output went missing): a measure, never a failure."""
    split = by_command(listing)
    if split is None:
        return None
    return sum(own + reaped for own, reaped in split.values())


def by_command(listing: str) -> dict[str, tuple[float, float]] | None:
    """COMMAND's output split by command name: each one's own CPU-seconds and those of the
    children it reaped; None if the listing holds no clock rate."""
    first, _, stats = listing.partition("\n")
    if not first.strip().isdigit():
        return None
    ticks = int(first.strip())
    split: dict[str, tuple[float, float]] = {}
    for line in stats.splitlines():
        name, _, rest = line.partition("(")[2].rpartition(")")
        fields = rest.split()
        if len(fields) >= TIMES.stop:
            utime, stime, cutime, cstime = (int(field) for field in fields[TIMES])
            own, reaped = split.get(name, (0.0, 0.0))
            split[name] = (own + (utime + stime) / ticks, reaped + (cutime + cstime) / ticks)
    return split
