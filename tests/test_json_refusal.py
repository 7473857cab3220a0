"""With --json, a command refused before any file is done prints a JSON object saying why on
stdout (it printed nothing: a script reading the JSON failed on an empty output)."""

from __future__ import annotations

import json

import pytest

from efh_xl.cli import main


@pytest.mark.parametrize(
    ("command", "kind", "code"),
    [
        (["import", "absent.csv", "--into", "a.xlsm", "--json"], "WorkbookNotFoundError", 3),
        (["consolidate", "", "-o", "r.txt", "--json"], "OutputFormatError", 5),
    ],
)
def test_a_refusal_is_json_too(command, kind, code, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(command) == code
    out, err = capsys.readouterr()
    said = json.loads(out)["error"]
    assert said["kind"] == kind and said["exit_code"] == code
    assert said["message"] in err  # the same words as on stderr
