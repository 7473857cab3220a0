"""Timing for the benchmarks: several runs of each side, interleaved, reported as best and median.

Every run records two clocks: the wall clock (``time.perf_counter``), which is what a user
waits, and the CPU time of the process (user + system, ``time.process_time``; of the child
for a fresh process), which other processes on a shared machine disturb much less. A run is
either in this process ("warm": modules imported, caches filled by an untimed first run) or a
fresh process ("cold": the interpreter starts, imports and runs). Sides of a ratio are timed
in turn, run after run, so that noise from other processes falls on both.
"""

from __future__ import annotations

import gc
import resource
import statistics
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field


@dataclass
class Timing:
    """The run times (seconds) of one side of a comparison."""

    label: str
    mode: str  # "warm" or "cold"
    runs: list[float]  # wall clock
    cpu: list[float] = field(default_factory=list)  # CPU time of the same runs

    @property
    def best(self) -> float:
        return min(self.runs)

    @property
    def median(self) -> float:
        return statistics.median(self.runs)

    @property
    def cpu_best(self) -> float:
        return min(self.cpu)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu)

    def how(self) -> str:
        """How it was measured, e.g. ``warm, 7 runs``."""
        return f"{self.mode}, {len(self.runs)} run{'s' if len(self.runs) > 1 else ''}"

    def line(self, unit: str = "s") -> str:
        scale = 1000 if unit == "ms" else 1
        best, median = self.best * scale, self.median * scale
        cpu_best, cpu_median = self.cpu_best * scale, self.cpu_median * scale
        return (
            f"  {self.label:<44} {self.how():<13} wall best {best:8.3f} {unit}, "
            f"median {median:8.3f} {unit}; CPU best {cpu_best:8.3f} {unit}, "
            f"median {cpu_median:8.3f} {unit}"
        )

    def figures(self, unit: str = "s") -> str:
        """Best and median of both clocks, for a README cell."""
        scale, digits = (1000, 1) if unit == "ms" else (1, 3)
        return (
            f"wall {self.best * scale:.{digits}f} / {self.median * scale:.{digits}f} {unit}, "
            f"CPU {self.cpu_best * scale:.{digits}f} / {self.cpu_median * scale:.{digits}f} "
            f"{unit} (best / median)"
        )


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@dataclass(frozen=True)
class Measured:
    """A run that timed itself (a child process kept running, warm, in another venv): a side
    returning one is charged its figures, not the time spent asking for them."""

    wall: float
    cpu: float


def timed(function: Callable[[], object], cold: bool = False) -> tuple[float, float]:
    """Wall clock and CPU time of one call (CPU of the child processes it waits for if cold)."""
    gc.collect()  # garbage of the previous run is not charged to this one
    cpu = _children_cpu if cold else time.process_time
    start_cpu = cpu()
    start = time.perf_counter()
    result = function()
    wall = time.perf_counter() - start
    if isinstance(result, Measured):
        return result.wall, result.cpu
    return wall, cpu() - start_cpu


def interleaved(
    sides: dict[str, Callable[[], object]],
    runs: int | dict[str, int],
    mode: str = "warm",
) -> dict[str, Timing]:
    """Time each side ``runs`` times (or its own number of runs), one run of each side in turn."""
    wanted = runs if isinstance(runs, dict) else {label: runs for label in sides}
    timings = {label: Timing(label, mode, []) for label in sides}
    for turn in range(max(wanted.values())):
        for label, function in sides.items():
            if turn < wanted[label]:
                wall, cpu = timed(function, cold=mode == "cold")
                timings[label].runs.append(wall)
                timings[label].cpu.append(cpu)
    return timings


def run_process(command: Sequence[str]) -> None:
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def interleaved_processes(commands: dict[str, Sequence[str]], runs: int) -> dict[str, Timing]:
    """Time each command ``runs`` times as a fresh process ("cold"), one of each in turn."""
    return interleaved(
        {label: (lambda c=command: run_process(c)) for label, command in commands.items()},
        runs,
        mode="cold",
    )


@dataclass
class Ratio:
    """A ratio of two timings of the same run: best over best and median over median."""

    numerator: Timing
    denominator: Timing

    @property
    def best(self) -> float:
        return self.numerator.best / self.denominator.best

    @property
    def median(self) -> float:
        return self.numerator.median / self.denominator.median

    @property
    def cpu_best(self) -> float:
        return self.numerator.cpu_best / self.denominator.cpu_best

    @property
    def cpu_median(self) -> float:
        return self.numerator.cpu_median / self.denominator.cpu_median

    def figures(self, digits: int = 2) -> str:
        return (
            f"wall {self.best:.{digits}f}x / {self.median:.{digits}f}x, "
            f"CPU {self.cpu_best:.{digits}f}x / {self.cpu_median:.{digits}f}x "
            "(best/best / median/median)"
        )

    def line(self, name: str, digits: int = 2) -> str:
        return f"  {name:<58} {self.figures(digits)}"
