"""What a person sees on a terminal: a batch's progress bar never shares a line with a result
line (the bar alone at the bottom), and the warnings of a list shown on screen come after it."""

import io
import re
import shutil
import sys

from conftest import WORKBOOK

from efh_xl.cli import main


class Terminal(io.StringIO):
    """Standard output and error as one screen, a terminal (``isatty``)."""

    def isatty(self) -> bool:
        return True

    def screen(self) -> list[str]:
        """The lines a person sees, trailing blanks aside: a carriage return goes back to
        the line's start, where the next characters overwrite what was there. No terminal
        sequence is met: a console of Windows without them enabled prints them as text."""
        assert "\x1b" not in self.getvalue()
        lines, line, column = [], [], 0
        for token in re.findall(r"\r|\n|[^\r\n]+", self.getvalue()):
            if token == "\n":
                lines.append("".join(line).rstrip())
                line, column = [], 0
            elif token == "\r":
                column = 0
            else:
                line[column : column + len(token)] = token
                column += len(token)
        if line:
            lines.append("".join(line).rstrip())
        return lines


def test_each_refresh_line_stands_alone_under_the_bar(tmp_path, monkeypatch):
    for name in ("a.xlsm", "b.xlsm", "c.xlsm"):
        shutil.copy(WORKBOOK, tmp_path / name)
    terminal = Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["refresh", str(tmp_path), "--check"]) == 1  # the sample has rows to fix
    lines = terminal.screen()
    results = [line for line in lines if "xlsm" in line]
    assert len(results) == 3
    assert all(line.startswith("À VOIR  ") for line in results), lines
    assert not any("[" in line for line in results), lines
    # The bar is drawn once more after each result, and stays, full, on the last line.
    assert lines[-1] == "[" + "#" * 30 + "] 3/3 classeurs vérifiés"


def test_evaluate_on_screen_says_its_warnings_after_the_list(tmp_path, monkeypatch):
    listing = tmp_path / "liste.csv"
    listing.write_text(
        "N° action;Q1;Q2a;Q2b;Q3;Q4;Q5\nA-1;OUI;OUI;NON;NON;NON;NON\n\nSource : Dauphin 2024\n",
        encoding="utf-8",
    )
    terminal = Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["evaluate", str(listing)]) == 0
    lines = terminal.screen()
    assert lines[0].startswith("N° action,") and lines[1].startswith("A-1,"), lines
    assert lines[-1].startswith("Attention : "), lines
