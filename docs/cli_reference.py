"""Generate the CLI reference of the README from the argparse parser (``make docs``).

The reference sits between two markers in README.md and is rewritten whole; with ``--check``
nothing is written and the exit code is 1 when the README differs from the parser (the test
``tests/test_cli_reference.py`` runs the same check). Run it after adding or changing a command
or an option.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
START = "<!-- cli-reference:start (généré par `make docs` : ne pas modifier à la main) -->"
END = "<!-- cli-reference:end -->"
WIDTH = "100"  # usage lines are wrapped by argparse at the terminal width: fix it


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _subcommands(top: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    sub = next(a for a in top._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


def _help_of(top: argparse.ArgumentParser, name: str) -> str:
    sub = next(a for a in top._actions if isinstance(a, argparse._SubParsersAction))
    return next((c.help or "" for c in sub._choices_actions if c.dest == name), "")


def render() -> str:
    """The reference, in Markdown, markers included."""
    previous = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = WIDTH
    try:
        from efh_xl.cli import parser

        top = parser()
        lines = [START, ""]
        lines += ["```text", top.format_usage().strip(), "```", ""]
        for name, command in _subcommands(top).items():
            api = command.get_default("api")
            lines.append(f"### `efh-xl {name}`")
            lines.append("")
            # The sentence its --help opens with, which says what it writes.
            said = command.description or f"{_help_of(top, name)}."
            lines.append(f"{said} Python : `{api}`.")
            lines += ["", "```text", command.format_usage().strip(), "```", ""]
            rows = []
            for action in command._actions:
                if isinstance(action, argparse._HelpAction):
                    continue
                names = ", ".join(action.option_strings) or (action.metavar or action.dest)
                if action.option_strings and action.nargs != 0:
                    names += " " + (action.metavar or action.dest.upper())
                rows.append(f"| `{names}` | {_cell(action.help or '')} |")
            if rows:
                lines += ["| argument | description |", "|---|---|", *rows, ""]
        lines.append(END)
        return "\n".join(lines)
    finally:
        if previous is None:
            os.environ.pop("COLUMNS", None)
        else:
            os.environ["COLUMNS"] = previous


def updated(readme: str) -> str:
    """``readme`` with its reference replaced by a fresh one."""
    if START not in readme or END not in readme:
        raise SystemExit(f"README.md must hold the markers {START!r} and {END!r}")
    head, rest = readme.split(START, 1)
    _, tail = rest.split(END, 1)
    return head + render() + tail


def main(argv: list[str]) -> int:
    readme = README.read_text(encoding="utf-8")
    fresh = updated(readme)
    if "--check" in argv:
        if fresh != readme:
            print("README.md: the CLI reference is out of date; run `make docs`.")
            return 1
        return 0
    if fresh != readme:
        README.write_text(fresh, encoding="utf-8")
        print("README.md: CLI reference regenerated.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
