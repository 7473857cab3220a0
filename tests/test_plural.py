"""Counts are said agreed in French (« 1 action ajoutée », « 2 actions ajoutées »), never
« action(s) ajoutée(s) »."""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

import pytest

from efh_xl.core.plural import agreed, counted

PACKAGE = Path(__file__).resolve().parent.parent / "efh_xl"


@pytest.mark.parametrize(
    ("count", "said"),
    [
        (0, "0 action ajoutée"),  # French puts zero in the singular
        (1, "1 action ajoutée"),
        (2, "2 actions ajoutées"),
        (1000, "1\u00a0000 actions ajoutées"),  # thousands spaced, never parted
        (-1234567, "-1\u00a0234\u00a0567 actions ajoutées"),
    ],
)
def test_a_count_agrees_with_its_words(count, said):
    assert counted(count, "action ajoutée", "actions ajoutées") == said


def test_the_plural_is_given_whole_not_made_with_an_s():
    assert counted(3, "mise à jour", "mises à jour") == "3 mises à jour"
    assert agreed(1, "ligne", "lignes") == "ligne"


def _texts(path: Path) -> list[tuple[int, str]]:
    tokens = tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
    strings = (tokenize.STRING, getattr(tokenize, "FSTRING_MIDDLE", tokenize.STRING))
    return [(t.start[0], t.string) for t in tokens if t.type in strings]


def test_no_message_says_a_count_with_parenthesised_plurals():
    # « fichier(s) lu(s) »: what a user reads is agreed with core.plural. Docstrings and
    # comments may quote the form; the strings a user reads may not.
    form = re.compile(r"\w\((?:s|es|x)\)")
    found = [
        f"{path.relative_to(PACKAGE.parent)}:{line}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for line, text in _texts(path)
        if form.search(text) and not text.lstrip("rbuf").startswith(('"""', "'''"))
    ]
    vba = [
        f"{path.name}:{n}"
        for path in sorted(PACKAGE.rglob("*.bas"))
        for n, line in enumerate(path.read_text(encoding="ascii").splitlines(), 1)
        if form.search(line) and not line.lstrip().startswith("'")
    ]
    assert found + vba == []


def test_first_few_names_five_then_an_ellipsis():
    from efh_xl.core.plural import first_few

    assert first_few([3, 4, 9]) == "3, 4, 9"
    assert first_few(range(1, 8)) == "1, 2, 3, 4, 5 …"
    assert first_few(["a", "b", "c"], most=2, sep=" ; ") == "a ; b …"
