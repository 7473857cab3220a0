"""docs/api.md is the generated reference of the public API, and the API is what it says."""

from __future__ import annotations

import importlib.util
import inspect
import re

from conftest import ROOT
from test_public_api import import_every_submodule

import efh_xl

API_MD = ROOT / "docs" / "api.md"


def generator():
    path = ROOT / "docs" / "api_reference.py"
    spec = importlib.util.spec_from_file_location("api_reference", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def documented() -> dict[str, str]:
    """Each ``### `name` (kind)`` heading of docs/api.md."""
    text = API_MD.read_text(encoding="utf-8")
    return dict(re.findall(r"^### `(\w+)` \((\w+)\)$", text, flags=re.M))


def test_docs_api_md_is_up_to_date():
    expected = generator().reference()
    assert API_MD.read_text(encoding="utf-8") == expected, (
        "docs/api.md is out of date: run `make docs` and commit it"
    )


def test_all_lists_exactly_the_documented_names():
    assert sorted(documented()) == sorted(efh_xl.__all__)


def test_each_name_is_what_the_reference_says_read_twice_after_every_import():
    import_every_submodule()
    expected_kinds = documented()
    for name in efh_xl.__all__:
        for _ in range(2):
            value = getattr(efh_xl, name)
            if inspect.isfunction(value):
                kind = "function"
            elif inspect.isclass(value) and issubclass(value, BaseException):
                kind = "exception"
            elif inspect.isclass(value):
                kind = "class"
            else:
                assert not inspect.ismodule(value) and not callable(value), name
                kind = "constant"
            assert kind == expected_kinds[name], name


def test_every_public_name_has_a_description():
    text = API_MD.read_text(encoding="utf-8")
    entries = re.split(r"^### ", text, flags=re.M)[1:]
    for entry in entries:
        body = [
            line
            for line in entry.splitlines()[1:]
            if line
            and not line.startswith(("```", "Type:", "Base:", "CLI exit code:", "    ", "##"))
            and not re.match(r"^\w+\(|^class |^\)", line)
        ]
        assert body, f"no docstring for {entry.splitlines()[0]}"


def test_make_docs_writes_the_reference():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^docs:.*\n(\t.*\n)*\t.*docs/api_reference\.py", makefile, flags=re.M)
