"""On a terminal, a batch's progress bar never shares a line with a result line: each line
as a person reads it, the bar alone at the bottom."""

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
        """The lines a person sees: a carriage return goes back to the line's start, an
        erase (ESC [ K) clears what follows on the line."""
        lines, line, column = [], [], 0
        for token in re.findall(r"\r|\n|\x1b\[K|[^\r\n\x1b]+", self.getvalue()):
            if token == "\n":
                lines.append("".join(line))
                line, column = [], 0
            elif token == "\r":
                column = 0
            elif token == "\x1b[K":
                del line[column:]
            else:
                line[column : column + len(token)] = token
                column += len(token)
        if line:
            lines.append("".join(line))
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
