"""`efh-xl summary` heads its share column as the summary sheets do, « Part M1 ou M2 (actions
marquées) », not « M1+M2 »: the share is over the marked actions (14 of 34, 41 %), where a
reader of « M1+M2 » computed 14 of 40. Percentages spaced as French writes them: « 41 % »."""

from __future__ import annotations

from conftest import WORKBOOK

from efh_xl.cli import main
from efh_xl.core.plural import spaced
from efh_xl.core.summary import SHARE_1_OR_2, summarize
from efh_xl.workbook.reader import read_workbook


def test_the_share_column_says_it_is_over_the_marked_actions(capsys):
    assert main(["summary", str(WORKBOOK)]) == 0
    lines = capsys.readouterr().out.splitlines()
    header, scope, rule = lines[1:4]
    assert set(rule) == {"-"}
    # The sheets' wording, read down the column's two header lines, right-aligned together.
    assert "Part M1 ou M2" in header and scope.strip() == "(actions marquées)"
    name = SHARE_1_OR_2.removesuffix(f" {scope.strip()}")
    end = header.index(name) + len(name)
    assert len(scope) == end and f"{name} {scope.strip()}" == SHARE_1_OR_2
    assert "M1+M2 " not in header.replace("Accordé M1+M2", "")
    data = read_workbook(WORKBOOK)
    summary = summarize(data.actions, data.rule)
    for item in summary.territories:
        row = next(line for line in lines if line.startswith(item.name))
        counts = item.by_marker["Actions"].astype(int).tolist()
        marked = counts[0] + counts[1] + counts[2]
        share = f"{round(100 * (counts[1] + counts[2]) / marked)} %"
        assert row[:end].endswith(f" {share}"), (row, share)
    hautecombe = next(line for line in lines if line.startswith("Agglomération de Hautecombe"))
    assert hautecombe[:end].endswith(" 41 %")  # 14 of the 34 marked, not 14 of the 40


def test_a_territory_named_with_a_comma_keeps_it(tmp_path, capsys):
    # The thousands of the euros were spaced over the whole line, the names' commas with them.
    from efh_xl.workbook.build import build_workbook
    from efh_xl.workbook.sample import sample_actions

    actions = sample_actions(per_territory=2)
    actions["Territoire"] = "Lille, Roubaix"
    book = build_workbook(tmp_path / "l.xlsm", actions=actions)
    assert main(["summary", str(book)]) == 0
    assert "\nLille, Roubaix " in capsys.readouterr().out


def test_the_table_fits_a_narrower_terminal_with_short_names(capsys, monkeypatch):
    # 134 characters whatever the terminal: every line wrapped in a console of 120.
    monkeypatch.setenv("COLUMNS", "112")
    assert main(["summary", str(WORKBOOK)]) == 0
    lines = capsys.readouterr().out.splitlines()[1:]
    assert max(map(len, lines)) <= 112
    names = [line.split("  ")[0] for line in lines[3:]]
    assert names == ["Hautecombe", "Deux-Rives", "Val-de-Lys", "Ensemble"]


def test_the_amounts_are_in_euros_in_line_and_a_long_name_is_cut_at_its_end(
    tmp_path, capsys, monkeypatch
):
    # The amounts had no « € »; a name too long was cut at its front, « …naut – Val-de-Lys… »
    # read as the name of another territory.
    from efh_xl.workbook.build import build_workbook
    from efh_xl.workbook.sample import sample_actions

    monkeypatch.setenv("COLUMNS", "160")  # the names 40 characters wide
    long = "Communauté d'agglomération du Hainaut – Val-de-Lys et Escaut"
    actions = sample_actions(per_territory=2)
    actions["Territoire"] = long
    actions["Montant accordé"] = 123_456_789.4  # wider than the column's header
    book = build_workbook(tmp_path / "l.xlsm", actions=actions)
    assert main(["summary", str(book)]) == 0
    lines = capsys.readouterr().out.splitlines()[1:]
    header, rows = lines[0], lines[3:]
    cut = long[:39] + "…"
    assert rows[0].startswith(f"{cut} ") and len(cut) == 40
    total = f"{spaced(round(6 * 123_456_789.4))} €"
    assert f" {total} " in rows[1]
    # Each amount ends under its header, the column as wide as its longest amount.
    for title in ("Accordé ", "Accordé M1+M2 "):
        end = header.index(title) + len(title) - 1
        assert all(row[:end].endswith(" €") for row in rows), (title, rows)
    assert len({len(line) for line in [header, *rows]}) == 1
