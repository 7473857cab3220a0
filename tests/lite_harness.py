"""Run in a fresh interpreter by tests/test_lite.py: import the generated xlwings Lite main.py
(before any efh_xl import, so its embedded modules are the ones used), call its functions and
its script, print the results as JSON.

    python lite_harness.py MAIN.py JOB.json OUT.json
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from xlwings_standin import Book, plain  # noqa: E402


def _loaders() -> set[str]:
    """Names of the loaders of every efh_xl module imported so far."""
    return {type(m.__spec__.loader).__name__ for n, m in sys.modules.items() if n[:6] == "efh_xl"}


def main(main_path: str, job_path: str, out_path: str) -> None:
    job = json.loads(Path(job_path).read_text(encoding="utf-8"))
    spec = importlib.util.spec_from_file_location("main", main_path)
    lite = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(lite)
    loaders = _loaders()
    results = {
        "EFH_MARQUEUR": [plain(lite.EFH_MARQUEUR(*args)) for args in job["single"]],
        "EFH_MOTIF": [plain(lite.EFH_MOTIF(*args)) for args in job["single"]],
        "EFH_GRILLE": [plain(lite.EFH_GRILLE(*args)) for args in job["grid"]],
        "comite": [[name, plain(getattr(lite, name)(*args))] for name, args in job["comite"]],
    }
    # As in Pyodide (sys.platform « emscripten »), against a book that refuses what Lite's
    # engine refuses.
    button = importlib.import_module("efh_xl.excel.button")  # served by main.py
    button._LITE, button._WINDOWS = True, False
    book = Book(**job["book"], lite=True)
    lite.generer_syntheses(book)
    loaders |= _loaders()
    report = {"results": results, "log": book.log, "loaders": sorted(loaders)}
    Path(out_path).write_text(json.dumps(report), encoding="utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:4])
