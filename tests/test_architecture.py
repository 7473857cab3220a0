"""The tree shows the architecture: no import cycle, layers import only to their right, and the
core does no I/O (the per-action path imports only the standard library).

Imports are read from the source (every ``import`` statement, at module level or inside a
function), so a lazy import counts like any other.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "efh_xl"

# The layers, from left (may import everything to its right) to right (imports nothing above).
LAYERS = ("efh_xl.cli", "efh_xl.excel", "efh_xl.workbook", "efh_xl.ooxml", "efh_xl.core")
# Shared by every layer: the exceptions a user can fix.
SHARED = {"efh_xl.errors"}
# What the core must never import: file formats, Excel, and file or OS access.
CORE_FORBIDDEN = {
    "xlwings",
    "zipfile",
    "lxml",
    "python_calamine",
    "xlsxwriter",
    "openpyxl",
    "ms_ovba",
    "os",
    "io",
    "pathlib",
    "shutil",
    "tempfile",
    "glob",
    "subprocess",
}
# Calls that read or write files.
FILE_CALLS = {"open", "read_text", "write_text", "read_bytes", "write_bytes"}
# The per-action path: standard library only (it runs in Pyodide and xlwings Lite).
PER_ACTION = {"efh_xl.core.grid", "efh_xl.core.answers", "efh_xl.core.engine", "efh_xl.core.plural"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, ast.Module]:
    return {
        module_name(path): ast.parse(path.read_text(encoding="utf-8"), str(path))
        for path in sorted(PACKAGE.rglob("*.py"))
    }


def imports(name: str, tree: ast.Module, known: set[str]) -> set[str]:
    """Absolute names of the modules ``name`` imports (``from x import y`` counts x.y when
    x.y is a module)."""
    is_package = name + ".__init__" in known or any(k.startswith(name + ".") for k in known)
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = name.split(".")
                anchor = anchor[: len(anchor) - node.level + (1 if is_package else 0)]
                base = ".".join(anchor + ([base] if base else []))
            found.add(base)
            found.update(f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in known)
    return found


def graph() -> dict[str, set[str]]:
    trees = modules()
    known = set(trees)
    return {name: imports(name, tree, known) for name, tree in trees.items()}


def internal(edges: set[str], known) -> set[str]:
    return {e for e in edges if e in known}


def test_no_import_cycle():
    edges = graph()
    known = set(edges)
    state: dict[str, int] = {}  # 1 visiting, 2 done
    stack: list[str] = []

    def visit(name: str) -> None:
        state[name] = 1
        stack.append(name)
        for target in sorted(internal(edges[name], known)):
            if target == "efh_xl":  # the facade re-exports; only the CLI above it imports it
                continue
            if state.get(target) == 1:
                cycle = stack[stack.index(target) :] + [target]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if target not in state:
                visit(target)
        stack.pop()
        state[name] = 2

    for name in sorted(edges):
        if name not in state:
            visit(name)


def layer(name: str) -> int | None:
    for position, prefix in enumerate(LAYERS):
        if name == prefix or name.startswith(prefix + "."):
            return position
    return None


def test_layers_import_only_to_their_right():
    edges = graph()
    known = set(edges)
    wrong = []
    for name, targets in edges.items():
        here = layer(name)
        for target in internal(targets, known):
            if target == "efh_xl" and name not in ("efh_xl", "efh_xl.cli"):
                wrong.append(f"{name} imports the facade efh_xl")
            there = layer(target)
            if here is not None and there is not None and there < here:
                wrong.append(f"{name} -> {target}")
    assert not wrong, wrong


def test_the_core_does_no_io_and_knows_no_file_format():
    trees = modules()
    known = set(trees)
    wrong = []
    for name, tree in trees.items():
        if layer(name) != LAYERS.index("efh_xl.core"):
            continue
        for target in imports(name, tree, known):
            top = target.split(".")[0]
            if top in CORE_FORBIDDEN:
                wrong.append(f"{name} imports {target}")
            if target in known and layer(target) != layer(name) and target not in SHARED:
                wrong.append(f"{name} imports {target} (outside the core)")
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func
                called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
                if called in FILE_CALLS:
                    wrong.append(f"{name}:{node.lineno} calls {called}()")
    assert not wrong, wrong


def test_the_per_action_path_imports_the_standard_library_only():
    trees = modules()
    known = set(trees)
    wrong = []
    for name in sorted(PER_ACTION):
        for target in imports(name, trees[name], known):
            top = target.split(".")[0]
            if target in known:
                if target not in PER_ACTION and target not in {"efh_xl", "efh_xl.core"}:
                    wrong.append(f"{name} imports {target}")
            elif top != "__future__" and top not in sys.stdlib_module_names:
                wrong.append(f"{name} imports {target} (not in the standard library)")
    assert not wrong, wrong


def test_the_walker_sees_imports():
    """Guard against a walker that finds nothing: known edges must be there."""
    edges = graph()
    assert "efh_xl.core.answers" in edges["efh_xl.core.grid"]
    assert "efh_xl.core.engine" in edges["efh_xl.core.vectorised"]
    assert "numpy" in edges["efh_xl.core.vectorised"]


# Functions of os that Windows, where the users are, does not have (the tests run on Linux,
# so a call to one would only fail there).
POSIX_ONLY = {
    "pread", "pwrite", "preadv", "pwritev", "fork", "forkpty", "getuid", "geteuid", "getgid",
    "getpgid", "killpg", "setsid", "statvfs", "fchown", "chown", "lchown", "sync", "mkfifo",
    "posix_fadvise", "posix_fallocate", "sched_getaffinity", "getloadavg",
}  # fmt: skip


def test_no_call_windows_lacks():
    wrong = []
    for name, tree in modules().items():
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "os"
                and node.attr in POSIX_ONLY
            ):
                wrong.append(f"{name}:{node.lineno} os.{node.attr}")
    assert not wrong, wrong
