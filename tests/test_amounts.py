"""Amounts as people type or export them, read by one parser."""

from __future__ import annotations

import math

import pytest

from efh_xl.core.amounts import AmountError, parse_amount, parse_count


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12 000,50 €", 12000.5),
        ("12\u00a0000,50\u00a0€", 12000.5),
        ("12\u202f000,50\u202f€", 12000.5),
        ("1.234,50", 1234.5),
        ("1,234.50", 1234.5),
        ("1.234.567", 1234567.0),
        ("1 234 567", 1234567.0),
        ("1.234", 1234.0),
        ("0,125", 0.125),
        ("00,125", 0.125),
        ("0.125", 0.125),
        ("1234,5", 1234.5),
        ("1234.5", 1234.5),
        ("€ 500", 500.0),
        ("500 EUR", 500.0),
        ("500 euros", 500.0),
        # Thousands and millions of euros, their unit typed after them.
        ("12,5 k€", 12500.0),
        ("12,3k€", 12300.0),  # to the cent, not 12 299,999…
        ("1,2 M€", 1200000.0),
        ("800 KEUR", 800000.0),
        ("-1 500,00 €", -1500.0),
        ("2 000,- €", 2000.0),  # whole euros, as invoices write them: no negative amount
        ("1.500,-", 1500.0),
        ("1500,00-", -1500.0),
        ("(1500,00)", -1500.0),
        ("  42  ", 42.0),
        ("", None),
        ("   ", None),
        ("€", None),
        # Zero in Excel's accounting format, as a CSV saved from it writes it.
        (" -   € ", 0.0),
        ("-", 0.0),
        ("\u2013", 0.0),
        (None, None),
        (1500, 1500.0),
        (1500.25, 1500.25),
        (float("nan"), None),
    ],
)
def test_readable_amounts(text, expected) -> None:
    assert parse_amount(text) == expected


@pytest.mark.parametrize(
    "text",
    ["douze mille", "12 000,50,30", "1.23.4", "1,234.5,6", "N/A", "?", "1e9999", "12-3"]
    # Three digits after a comma: thousands in English, thousandths in French; none is guessed.
    + ["1,234", "12,500 €", "1234,567", "1234.567", "1.234,567", "1,234.567"],
)
def test_unreadable_amounts_raise_a_french_value_error(text) -> None:
    with pytest.raises(ValueError) as caught:
        parse_amount(text)
    assert isinstance(caught.value, AmountError)
    assert "montant" in str(caught.value)


def test_non_finite_numbers_and_booleans_are_refused() -> None:
    for value in (math.inf, -math.inf, True):
        with pytest.raises(AmountError):
            parse_amount(value)


@pytest.mark.parametrize("text", ["12 €", "€12", "40 EUR", "3 euros", "12,5", "-3", "douze"])
def test_a_count_of_people_is_whole_not_negative_and_no_amount(text) -> None:
    with pytest.raises(ValueError, match="personnes"):
        parse_count(text)


@pytest.mark.parametrize(("value", "expected"), [("12", 12), ("1 200", 1200), (7.0, 7), ("", None)])
def test_readable_counts(value, expected) -> None:
    assert parse_count(value) == expected
