"""The benchmarks' results: one JSON file per benchmark script, and ``benchmarks/README.md``.

Each script saves its section (``results/<name>.json``) and rewrites the README from every
saved section, so the README always shows the latest run of each script and the machine it
ran on. Nothing in the README is typed by hand.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import sys
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
README = HERE / "README.md"
ORDER = ("evaluate", "evaluate_list", "refresh", "consolidate", "startup")


@dataclass
class Row:
    """One line of a README table."""

    measure: str
    figure: str
    how: str
    target: str = ""
    met: bool | None = None  # on the wall clock
    met_cpu: bool | None = None  # on the CPU time (None: same as the wall clock's)


@dataclass
class Section:
    """What one benchmark script measured."""

    name: str
    title: str
    command: str
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    machine: dict = field(default_factory=dict)
    started: str = ""
    finished: str = ""


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gb() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GB"
    except OSError:
        pass
    return "?"


def _versions(packages: tuple[str, ...]) -> str:
    found = []
    for package in packages:
        try:
            found.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            pass
    return ", ".join(found)


def load_average() -> str:
    try:
        return " ".join(f"{v:.2f}" for v in os.getloadavg())
    except OSError:
        return "?"


def machine() -> dict:
    """The machine and software a run came from."""
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "memory": _memory_gb(),
        "system": f"{platform.system()} {platform.release()}",
        "python": f"{platform.python_implementation()} {sys.version.split()[0]}",
        # isal: the deflate of the parts the tool writes (absent: zlib), which the figures
        # of refresh and consolidation depend on.
        "packages": _versions(
            ("numpy", "pandas", "python-calamine", "lxml", "openpyxl", "XlsxWriter", "isal")
        ),
    }


def now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def save(section: Section) -> None:
    """Save a section and rewrite the README from every saved section."""
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{section.name}.json"
    path.write_text(json.dumps(asdict(section), ensure_ascii=False, indent=1) + "\n")
    write_readme()


def _load() -> list[Section]:
    sections = []
    for path in sorted(RESULTS.glob("*.json")):
        data = json.loads(path.read_text())
        data["rows"] = [Row(**row) for row in data["rows"]]
        sections.append(Section(**data))
    rank = {name: i for i, name in enumerate(ORDER)}
    return sorted(sections, key=lambda s: rank.get(s.name, len(ORDER)))


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def render(sections: list[Section]) -> str:
    out = [
        "# Benchmarks",
        "",
        "Written by `make bench` (each script rewrites this file from `results/*.json`): do not",
        "edit by hand. Every figure below was measured in the run named above its table, on the",
        "machine named there; nothing is extrapolated. *Warm*: timed inside one process after an",
        "untimed first run (modules imported, caches filled). *Cold*: a fresh process, start-up",
        "included. Each side of a ratio is timed run after run in turn with the other side, so",
        "noise from other processes falls on both; best and median are over those runs.",
        "Targets are checked on the best runs, on the wall clock (what a user waits) and on the",
        "CPU time of the process (what other work on a shared machine disturbs least); the load",
        "average printed with each run says how shared the machine was.",
        "",
    ]
    for section in sections:
        m = section.machine
        out += [
            f"## {section.title}",
            "",
            f"`{section.command}`, run {section.started} to {section.finished}.",
            "",
            f"Machine: {m.get('cpu', '?')}, {m.get('cores', '?')} cores, {m.get('memory', '?')}"
            f" RAM, {m.get('system', '?')}, {m.get('python', '?')}; {m.get('packages', '')}."
            f" Load average at start: {m.get('load_start', '?')}; at the end:"
            f" {m.get('load_end', '?')}.",
            "",
            "| Measure | Figure | How measured | Target | Met (wall / CPU) |",
            "|---|---|---|---|---|",
        ]
        for row in section.rows:
            word = {True: "yes", False: "**no**", None: ""}
            met = word[row.met]
            if row.met is not None and row.met_cpu is not None:
                met = f"{word[row.met]} / {word[row.met_cpu]}"
            out.append(
                f"| {_cell(row.measure)} | {_cell(row.figure)} | {_cell(row.how)} | "
                f"{_cell(row.target)} | {met} |"
            )
        out.append("")
        for note in section.notes:
            out.append(f"- {note}")
        if section.notes:
            out.append("")
    return "\n".join(out)


def write_readme() -> None:
    README.write_text(render(_load()))


def start(name: str, title: str, command: str) -> Section:
    info = machine()
    info["load_start"] = load_average()
    return Section(name, title, command, machine=info, started=now())


def finish(section: Section) -> None:
    section.machine["load_end"] = load_average()
    section.finished = now()
    save(section)
