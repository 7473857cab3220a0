"""The validation reason (motif): one test per category of the spec."""

from efh_xl import evaluate_action
from efh_xl.core.engine import UNMARKED, action_category
from efh_xl.core.status import CATEGORIES, CATEGORY_LABELS


def reason(*answers):
    return evaluate_action(answers)[1]


def test_why_marker_2_dark_green():
    assert reason("OUI", "OUI", None, "OUI", "OUI", "OUI") == (
        "Marqueur 2 : public mixte et objectif principal EFH (cases vert foncé)"
    )


def test_why_marker_2_hatched():
    text = reason("NON", "OUI", "OUI", "NON", "NON", "NON")
    assert text == (
        "Marqueur 2 : public non mixte, objectif principal EFH et non-mixité cohérente "
        "(cases hachurées)"
    )


def test_marker_1_says_what_is_missing_for_marker_2():
    text = reason("OUI", "NON", None, "OUI", "OUI", "OUI")
    assert text.startswith("Marqueur 1 : public mixte, diagnostic sexué")
    assert text.endswith("pour le marqueur 2, il manque Q2a (objectif principal EFH)")


def test_marker_0_says_what_is_missing_for_marker_1():
    assert reason("OUI", "NON", None, "OUI", "OUI", "NON") == (
        "Marqueur 0 : pour le marqueur 1, il manque Q5 (indicateurs d'évaluation sexués)"
    )


def test_incomplete_answers_are_listed_and_the_marker_is_provisional():
    text = reason("OUI", "NON", None, None, "OUI", None)
    assert text.startswith("Incomplet : Q3, Q5 sans réponse (marqueur provisoire)")


def test_an_action_with_no_answer_at_all_is_not_marked_yet():
    # « Not yet marked is not 0 »: neither a provisional marker nor a marker 0 explained.
    for blank in (None, "", "  ", "N/A"):
        marker, text = evaluate_action([blank] * 6)
        assert text.startswith(CATEGORY_LABELS[CATEGORIES.index(UNMARKED)] + " : ")
        assert "aucune question n'a de réponse" in text
        assert "provisoire" not in text and "Marqueur" not in text and " ; " not in text
        assert marker is None and action_category([blank] * 6) == UNMARKED  # blank, not 0


def test_an_action_with_one_answer_has_a_provisional_marker():
    for answered in range(6):
        answers = [None] * 6
        answers[answered] = "NON"
        text = reason(*answers)
        assert "Incomplet : " in text and "(marqueur provisoire)" in text, answers
        assert "Non marqué" not in text and action_category(answers) != UNMARKED


def test_q2b_not_applicable_when_the_public_is_mixed():
    text = reason("OUI", "NON", "OUI", "OUI", "OUI", "OUI")
    assert "Q2b sans objet : le public est mixte (Q1 = OUI)" in text


def test_q2b_required_when_the_public_is_not_mixed():
    text = reason("NON", "NON", None, "OUI", "OUI", "OUI")
    assert "Q2b requise : le public n'est pas mixte (Q1 = NON)" in text
    assert "Incomplet" not in text


def test_unrecognised_value_is_quoted_with_its_question():
    text = reason("OUI", "NON", None, "OUI", "peut-être", "OUI")
    assert text.startswith("Q4 : « peut-être » non reconnu (attendu OUI ou NON)")


def test_unrecognised_values_are_quoted_cleaned_and_shortened():
    long = "une très longue remarque\tcollée dans la cellule au lieu de OUI"
    text = reason(long, "OUI", None, "OUI", "OUI", "OUI")
    assert text.startswith("Q1 : « une très longue remarquecollée dans la c… » non reconnu")


def test_every_problem_comes_before_the_marker_explanation():
    text = reason("NON", None, None, "?", "OUI", None)
    parts = text.split(" ; ")
    assert parts[0].startswith("Q3 : « ? »")
    assert parts[1].startswith("Q2b requise")
    assert parts[2].startswith("Incomplet : Q2a, Q5")
    assert parts[3].startswith("Marqueur 0")


def test_spellings_people_type_are_read_as_answers():
    for oui in ("OUI", "oui", " Oui ", "O", "x", "VRAI", "TRUE", "1", 1.0, True, "o\xa0"):
        assert evaluate_action([oui, oui, None, oui, oui, oui])[0] == 2, oui
    for non in ("NON", "non", "N", "FAUX", "false", "0", 0.0, False):
        assert evaluate_action(["OUI", non, None, "OUI", "OUI", "OUI"])[0] == 1, non
    for blank in (None, "", "  ", "N/A", "sans objet", float("nan")):
        assert "Incomplet : Q3" in reason("OUI", "NON", None, blank, "OUI", "OUI"), blank
