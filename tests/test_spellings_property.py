"""Property tests: whatever a cell holds, the engine answers and never raises."""

import datetime as dt

import pandas as pd
from conftest import marker_list
from hypothesis import given, settings
from hypothesis import strategies as st

from efh_xl import evaluate, evaluate_action
from efh_xl.core.answers import cell_text
from efh_xl.core.grid import EXCEL_ERRORS, QUESTION_IDS, SPELLINGS

WHITESPACE = st.sampled_from([" ", "\t", "\xa0", "\n", "\r", ""])
spelling = st.sampled_from(sorted(SPELLINGS.oui | SPELLINGS.non | SPELLINGS.blank))
cased = st.tuples(spelling, st.booleans(), WHITESPACE, WHITESPACE).map(
    lambda t: t[2] + (t[0].lower() if t[1] else t[0]) + t[3]
)
junk = st.one_of(
    st.none(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.sampled_from(EXCEL_ERRORS),
    st.text(max_size=300),
    st.text(alphabet=" \t\xa0\n", max_size=5),
    st.builds(lambda s: "=" + s, st.text(max_size=40)),
    st.sampled_from(["peut-être", "?", '=HYPERLINK("http://example.invalid","x")', "+1", "@"]),
)
cell = st.one_of(cased, junk)


@settings(max_examples=400, deadline=None)
@given(st.lists(cell, min_size=6, max_size=6))
def test_one_action_never_raises_and_names_every_unrecognised_value(answers):
    marker, text = evaluate_action(answers)
    assert marker in (0, 1, 2, None)  # None: no answer at all, not marked yet
    assert isinstance(text, str) and text
    for qid, value in zip(QUESTION_IDS, answers):
        cleaned = cell_text(value)
        known = cleaned.upper() in SPELLINGS.oui | SPELLINGS.non | SPELLINGS.blank
        if cleaned and not known and not isinstance(value, bool):
            assert f"{qid} : « " in text, (qid, value, text)
        else:
            assert f"{qid} : « " not in text


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(cell, min_size=6, max_size=6), min_size=1, max_size=30))
def test_evaluate_equals_the_one_action_function_row_by_row(rows):
    frame = pd.DataFrame(rows, columns=list(QUESTION_IDS), dtype=object)
    result = evaluate(frame)
    expected = [evaluate_action(r) for r in rows]
    assert list(zip(marker_list(result["Marqueur"]), result["Motif"])) == expected


@given(cased)
def test_every_accepted_spelling_is_read_whatever_its_case_and_spacing(text):
    key = text.replace("\xa0", " ").strip(" \t\n\r").upper()
    marker, motif = evaluate_action([text, text, None, text, text, text])
    if key in SPELLINGS.oui:
        assert marker == 2
    assert "non reconnu" not in motif


def test_a_date_or_an_excel_error_is_quoted():
    text = evaluate_action([dt.date(2024, 3, 1), "#N/A", None, "OUI", "OUI", "OUI"])[1]
    assert "Q1 : « 01/03/2024 »" in text and "Q2a : « #N/A »" in text


def test_invisible_characters_pasted_around_an_answer_are_dropped():
    # « \u200bOUI » (a zero-width space copied from a web page or a chat) was « « OUI » non
    # reconnu », a message that reads as nonsense; the native formulas drop it too (Contrôle).
    for typed in ("\u200bOUI", "OUI\ufeff", " \u200boui\u00a0"):
        assert cell_text(typed).upper() == "OUI"
        result = evaluate_action([typed, "OUI", None, "OUI", "OUI", "OUI"])
        assert result[0] == 2, (typed, result)
