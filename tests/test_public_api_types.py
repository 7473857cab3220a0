"""The public API is typed for users' checkers: mypy --strict passes, and the wheel says so."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile

from conftest import ROOT

import efh_xl

USAGE = ROOT / "tests" / "typecheck" / "public_api.py"


def test_mypy_strict_passes_on_the_public_surface():
    """``[tool.mypy]`` in pyproject.toml: strict, over the scripts that use every public name."""
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml")],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Success: no issues found" in run.stdout


def test_the_typed_usage_script_uses_every_public_name():
    text = USAGE.read_text(encoding="utf-8")
    unused = [name for name in efh_xl.__all__ if not re.search(rf"\b{name}\b", text)]
    assert not unused, f"use these names in {USAGE.relative_to(ROOT)}: {unused}"


def test_the_wheel_ships_py_typed(tmp_path):
    """PEP 561: a checker reads the package's annotations only when ``py.typed`` is installed."""
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(
        ROOT / "efh_xl", source / "efh_xl", ignore=shutil.ignore_patterns("__pycache__")
    )
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), "."],
        cwd=source,
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("efh_xl-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "efh_xl/py.typed" in names
    assert "efh_xl/workbook/results.py" in names
