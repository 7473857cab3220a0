"""Every Motif checked against an oracle written from the spec alone, over all 4,096 code
combinations (blank, OUI, NON, unrecognised for six questions) and every rule shipped.

The oracle restates, from ``shared/spec/grille-efh.md`` only, each rule's box sets and which
problems a reason must name: unrecognised values, the two inconsistencies of Q2b, the blank
answers (incomplete), a provisional marker (an answer needed blank or unrecognised), then the
marker with the boxes that reach it or those missing for the next level; and an action with
no answer at all, « non marqué » (« Not yet marked is not 0 »): neither provisional nor a
marker 0 explained, nor an action to fix. It imports nothing of the engine: the Motif is read
back with the words the spec's examples use
(« non reconnu », « sans objet », « requise », « Incomplet … sans réponse », « Marqueur N : »,
« pour le marqueur N, il manque … », « non marqué »), never compared with a message of the code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import product

import pandas as pd
import pytest
from conftest import QIDS, SPEC_DARK_GREEN, SPEC_HATCHED, SPEC_LIGHT_GREEN, marker_list

from efh_xl import ALTERNATIVE_RULES, DEFAULT_RULE, evaluate, evaluate_action, summarize

# One value per answer code; « peut-être » is the spec's own example of an unrecognised answer.
VALUES = {"blank": None, "OUI": "OUI", "NON": "NON", "unrecognised": "peut-être"}
COMBINATIONS = list(product(VALUES, repeat=len(QIDS)))
QID = re.compile(r"\bQ(?:1|2a|2b|3|4|5)\b")

# The spec's names of the box sets, as they appear on the paper grid.
DARK, LIGHT, HATCHED = "vert foncé", "vert clair", "hachur"
Q1_DARK = {"Q1": SPEC_DARK_GREEN["Q1"]}  # « the dark-green box of question 1 »
MARKER_1 = [({LIGHT, DARK}, {**SPEC_LIGHT_GREEN, **Q1_DARK})]

# Each rule of the spec: per marker, from the highest, its alternatives (set names, boxes).
# « Marqueur 2 = the two dark-green boxes are ticked, OR the three hatched boxes are ticked.
#   Marqueur 1 = all light-green boxes are ticked (+ the dark-green box of question 1). »
ORACLE_RULES = {
    "reference": {
        2: [({DARK}, SPEC_DARK_GREEN), ({HATCHED}, SPEC_HATCHED)],
        1: MARKER_1,
    },
    # « the third hatched box is Q3 = OUI instead of Q2a = OUI »
    "hachure_q3": {
        2: [({DARK}, SPEC_DARK_GREEN), ({HATCHED}, {"Q1": "NON", "Q2b": "OUI", "Q3": "OUI"})],
        1: MARKER_1,
    },
    # « marker 2 also requires the light-green boxes (cumulative) »
    "cumulatif": {
        2: [
            ({DARK, LIGHT}, {**SPEC_DARK_GREEN, **SPEC_LIGHT_GREEN}),
            ({HATCHED, LIGHT}, {**SPEC_HATCHED, **SPEC_LIGHT_GREEN}),
        ],
        1: MARKER_1,
    },
}
RULES = {"reference": DEFAULT_RULE, **ALTERNATIVE_RULES}


@dataclass(frozen=True)
class Expected:
    """What the spec says the reason of one combination must name."""

    marker: int
    unrecognised: frozenset[str]
    not_applicable: frozenset[str]  # Q2b answered though the public is mixed
    required: frozenset[str]  # Q2b blank though the public is not mixed
    incomplete: frozenset[str]  # questions left blank (Q2b: see required)
    provisional: bool  # an answer it needs is blank or unrecognised: its marker may change
    reached: tuple[frozenset[str], ...]  # set names of each alternative reaching the marker
    next_marker: int | None  # the level whose missing boxes are named
    missing: tuple[frozenset[str], ...]  # the questions named as missing (any closest one)
    unmarked: bool  # « An action with no answer at all is « non marqué » »

    @property
    def category(self) -> str:
        if self.unmarked:
            return "unmarked"
        problems = [
            name
            for name, present in (
                ("unrecognised", self.unrecognised),
                ("inconsistent", self.not_applicable | self.required),
                ("incomplete", self.incomplete),
            )
            if present
        ]
        return ", ".join(problems) or "complete"


def oracle(codes: tuple[str, ...], rule: str) -> Expected:
    """The spec's reading of one combination of codes under one rule."""
    by_id = dict(zip(QIDS, codes))
    # Only a ticked box (OUI or NON) counts: a blank or an unrecognised answer ticks nothing.
    ticked = {q: c for q, c in by_id.items() if c in ("OUI", "NON")}
    levels = ORACLE_RULES[rule]

    def missing(boxes: dict[str, str]) -> frozenset[str]:
        return frozenset(q for q, answer in boxes.items() if ticked.get(q) != answer)

    marker, reached = 0, ()
    for level, alternatives in levels.items():
        hits = tuple(frozenset(names) for names, boxes in alternatives if not missing(boxes))
        if hits:
            marker, reached = level, hits
            break
    next_marker = None if marker == max(levels) else min(m for m in levels if m > marker)
    closest: tuple[frozenset[str], ...] = ()
    if next_marker is not None:
        gaps = [missing(boxes) for _, boxes in levels[next_marker]]
        closest = tuple(g for g in gaps if len(g) == min(map(len, gaps)))
    # « Q2b sans objet : le public est mixte (Q1 = OUI) » / « Q2b requise : le public n'est
    # pas mixte (Q1 = NON) »: Q2b applies only to a public that is not mixed.
    q1, q2b = by_id["Q1"], by_id["Q2b"]
    return Expected(
        marker=marker,
        unrecognised=frozenset(q for q, c in by_id.items() if c == "unrecognised"),
        not_applicable=frozenset({"Q2b"} if q1 == "OUI" and q2b in ("OUI", "NON") else ()),
        required=frozenset({"Q2b"} if q1 == "NON" and q2b == "blank" else ()),
        incomplete=frozenset(q for q, c in by_id.items() if c == "blank" and q != "Q2b"),
        # « one with some answers missing has a « provisoire » marker »: an answer it needs
        # (Q2b only for a public that is not mixed) blank, or unrecognised, which reads as no
        # answer (the summaries count both « provisoire »).
        provisional=any(
            c in ("blank", "unrecognised") and (q != "Q2b" or q1 == "NON")
            for q, c in by_id.items()
        ),
        reached=reached,
        next_marker=next_marker,
        missing=closest,
        unmarked=all(c == "blank" for c in codes),
    )


@dataclass(frozen=True)
class Read:
    """What a Motif names, read with the spec's words."""

    markers: tuple[int, ...]
    unrecognised: frozenset[str]
    not_applicable: frozenset[str]
    required: frozenset[str]
    incomplete: frozenset[str]
    provisional: bool
    next_marker: int | None
    missing: frozenset[str]


def read(motif: str) -> Read:
    incomplete = re.search(r"Incomplet : (.*?) sans réponse", motif)
    wanting = re.search(r"pour le marqueur (\d), il manque (.*)$", motif)
    return Read(
        markers=tuple(int(m) for m in re.findall(r"Marqueur (\d) :", motif)),
        unrecognised=frozenset(re.findall(r"\b(Q\w+) : « [^»]*» non reconnu", motif)),
        not_applicable=frozenset(re.findall(r"\b(Q\w+) sans objet", motif)),
        required=frozenset(re.findall(r"\b(Q\w+) requise", motif)),
        incomplete=frozenset(QID.findall(incomplete[1])) if incomplete else frozenset(),
        provisional="provisoire" in motif,
        next_marker=int(wanting[1]) if wanting else None,
        missing=frozenset(QID.findall(wanting[2])) if wanting else frozenset(),
    )


def check(motif: str, marker: int | None, expected: Expected) -> list[str]:
    """Differences between a Motif (and its Marqueur) and the oracle; [] when they agree."""
    if expected.unmarked:
        # Not marked yet: said so, with no provisional marker and no marker 0 to explain,
        # and a blank Marqueur (« Not yet marked is not 0 »).
        wrong = [] if marker is None else [f"marqueur {marker}"]
        if not motif.lower().startswith("non marqué"):
            wrong.append("an action with no answer is not said « non marqué »")
        if "provisoire" in motif or re.search(r"Marqueur \d", motif):
            wrong.append("an action with no answer has a provisional or explained marker")
        return wrong
    got = read(motif)
    wrong = []
    if marker != expected.marker or got.markers != (expected.marker,):
        wrong.append(f"marqueur {marker}, motif {got.markers}, attendu {expected.marker}")
    for name in ("unrecognised", "not_applicable", "required", "incomplete"):
        said, meant = getattr(got, name), getattr(expected, name)
        if said != meant:
            wrong.append(f"{name}: {sorted(said)} != {sorted(meant)}")
    if got.provisional != expected.provisional:
        wrong.append("provisoire")
    if expected.category == "complete" and not motif.startswith("Marqueur"):
        wrong.append("a complete combination's motif does not start with its marker")
    if got.next_marker != expected.next_marker:
        wrong.append(f"next level {got.next_marker} != {expected.next_marker}")
    elif expected.next_marker is not None and got.missing not in expected.missing:
        wrong.append(f"missing {sorted(got.missing)} not in {expected.missing}")
    if expected.reached:
        said = motif.split("pour le marqueur")[0]
        if not any(all(name in said for name in names) for names in expected.reached):
            wrong.append(f"the boxes reached ({expected.reached}) are not named")
    return wrong


def frame() -> pd.DataFrame:
    return pd.DataFrame(
        [[VALUES[c] for c in codes] for codes in COMBINATIONS], columns=list(QIDS), dtype=object
    )


def test_the_oracle_covers_every_rule_shipped():
    assert set(ORACLE_RULES) == {"reference", *ALTERNATIVE_RULES}
    assert len(COMBINATIONS) == 4**6 == 4096


def test_the_oracle_sees_every_category_and_marker():
    expected = [oracle(codes, "reference") for codes in COMBINATIONS]
    categories = {e.category for e in expected}
    assert {"complete", "incomplete", "inconsistent", "unrecognised", "unmarked"} <= categories
    assert sum(e.unmarked for e in expected) == 1
    assert {e.marker for e in expected} == {0, 1, 2}
    # Answers not all read (some unrecognised): most combinations, unchecked before.
    assert sum(bool(e.unrecognised) for e in expected) == 4096 - 3**6 == 3367


@pytest.mark.parametrize("name", list(ORACLE_RULES))
def test_every_motif_names_what_the_spec_says(name):
    rule = RULES[name]
    result = evaluate(frame(), rule)
    wrong = {}
    markers = marker_list(result["Marqueur"])
    for codes, marker, motif in zip(COMBINATIONS, markers, result["Motif"]):
        differences = check(motif, marker, oracle(codes, name))
        if differences:
            wrong[codes] = (motif, differences)
    assert not wrong, f"{len(wrong)} motifs differ from the spec, e.g. {next(iter(wrong.items()))}"


@pytest.mark.parametrize("name", list(ORACLE_RULES))
def test_the_one_action_path_gives_the_same_motifs(name):
    rule = RULES[name]
    result = evaluate(frame(), rule)
    singles = [evaluate_action([VALUES[c] for c in codes], rule) for codes in COMBINATIONS]
    assert [m for m, _ in singles] == marker_list(result["Marqueur"])
    assert [r for _, r in singles] == result["Motif"].tolist()


@pytest.mark.parametrize("name", list(ORACLE_RULES))
def test_the_summary_lists_exactly_the_combinations_the_spec_says_to_fix(name):
    # « the actions whose answers are incomplete, inconsistent or unrecognised, to fix »: an
    # action not marked yet has no answer to fix; it is counted apart.
    to_fix = sum(
        oracle(codes, name).category not in ("complete", "unmarked") for codes in COMBINATIONS
    )
    summary = summarize(frame(), RULES[name])
    assert summary.overall.to_fix_count == to_fix


def test_the_oracle_catches_a_wrong_motif():
    # The checker itself: a motif that forgets a problem or names the wrong gap is caught.
    expected = oracle(("OUI", "NON", "blank", "OUI", "OUI", "blank"), "reference")
    assert expected.category == "incomplete" and expected.missing == (frozenset({"Q5"}),)
    right = (
        "Incomplet : Q5 sans réponse (marqueur provisoire) ; Marqueur 0 : pour le marqueur 1, "
        "il manque Q5 (indicateurs)"
    )
    assert check(right, 0, expected) == []
    assert check(right.replace("Q5 sans", "Q4 sans"), 0, expected)
    assert check(right.replace("il manque Q5", "il manque Q3"), 0, expected)
    assert check(right, 1, expected)
    unmarked = oracle(("blank",) * len(QIDS), "reference")
    said = "Non marqué : aucune question n'a de réponse"
    assert unmarked.category == "unmarked" and check(said, None, unmarked) == []
    assert check(said, 0, unmarked)  # not marked yet is not 0
    assert check("Incomplet : Q1 sans réponse (marqueur provisoire)", None, unmarked)
    assert check(said + " ; Marqueur 0 : pour le marqueur 1, il manque Q1", None, unmarked)
