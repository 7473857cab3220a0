"""Amounts in euros as people type or export them: ``12 000,50 €``, ``1.234,50``, ``1,234.50``.

One pure parser, shared by every reader of amounts (lists to import, amounts typed in the
Actions table). French and English separators, spaces of any kind (including the non-breaking
and narrow non-breaking spaces that French number formats insert), a euro sign or ``EUR``,
thousands and millions of euros (``12,5 k€``, ``1,2 M€``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from numbers import Real

# Spaces a thousands separator can be: plain, non-breaking, narrow non-breaking, thin, figure.
_SPACES = re.compile("[ \u00a0\u202f\u2009\u2007\t]")
_CURRENCY = re.compile(r"(€|eur(?:os?)?)$|^(€|eur(?:os?)?)", re.IGNORECASE)
# An amount in thousands or millions of euros, its unit typed after it: « 12,5 k€ », « 1,2 M€ »,
# « 800 KEUR » (spaces already removed).
_SCALED_CURRENCY = re.compile(r"(?<=\d)([km])(?:€|eur(?:os?)?)$", re.IGNORECASE)
# Excel's accounting format shows a zero as a dash, and a CSV saved from it writes « -   € »:
# read as an unreadable amount, it rejected every line of a list whose funder gave nothing.
_ZERO_DASHES = frozenset({"-", "\u2013", "\u2014"})
_DIGITS = re.compile(r"^[+-]?(\d+([.,]\d+)*|[.,]\d+|\d+[.,])$")
_GROUPED = re.compile(r"^\d{1,3}([.,]\d{3})+$")


_THREE_DECIMALS = (
    "montant ambigu, trois chiffres après la virgule ou le point : écrivez les milliers avec une "
    "espace ou sans séparateur (1 234), les centimes avec deux chiffres (1,23)"
)


class AmountError(ValueError):
    """A text that is not an amount; the message is French and names the text."""

    def __init__(self, text: str, why: str = "montant illisible") -> None:
        self.text = text
        super().__init__(f"« {text} » : {why} (attendu un montant en euros, ex. 12 000,50)")


def _number(body: str, original: str) -> float:
    sign = -1.0 if body.startswith("-") else 1.0
    body = body.lstrip("+-")
    dots, commas = body.count("."), body.count(",")
    if dots and commas:
        # The separator written last is the decimal one: 1.234,50 (FR) or 1,234.50 (EN).
        decimal = "," if body.rfind(",") > body.rfind(".") else "."
        group = "." if decimal == "," else ","
        integer, _, fraction = body.rpartition(decimal)
        if body.count(decimal) != 1 or not _GROUPED.match(integer):
            raise AmountError(original, "séparateurs de milliers et de décimales mélangés")
        if len(fraction) == 3:  # 1.234,567: three decimals, no amount in euros
            raise AmountError(original, _THREE_DECIMALS)
        return sign * float(integer.replace(group, "") + "." + fraction)
    separator = "," if commas else "." if dots else ""
    if not separator:
        return sign * float(body)
    count = commas or dots
    if count > 1:
        # 1.234.567 or 1,234,567: only thousands separators.
        if not _GROUPED.match(body):
            raise AmountError(original)
        return sign * float(body.replace(separator, ""))
    integer, _, fraction = body.partition(separator)
    if len(fraction) == 3 and integer.strip("0"):
        # An amount in euros has at most two decimals. 1.234 in a French export is one
        # thousand two hundred thirty-four; 1,234 is that in an English one, but 1.234 € in a
        # French one (and how efh-xl evaluate writes 1.234): read as either, it was wrong
        # a thousand times for one of them, without a word. Refused, with how to write it.
        if separator == "," or len(integer) > 3:
            raise AmountError(original, _THREE_DECIMALS)
        return sign * float(integer + fraction)
    return sign * float((integer or "0") + "." + (fraction or "0"))


def amount_unit(value: object) -> str | None:
    """The unit an amount typed as text gives itself, as :func:`parse_amount` reads it: "€"
    (« 12 500 € », « 800 EUR »), "k" or "m" (« 12,5 k€ », « 1,2 M€ »); None for a bare
    amount or a number."""
    if not isinstance(value, str):
        return None
    body = _SPACES.sub("", value.strip())
    if scaled := _SCALED_CURRENCY.search(body):
        return scaled.group(1).lower()
    return "€" if _CURRENCY.search(body) else None


def parse_amount(value: object) -> float | None:
    """An amount in euros, or None for a blank; AmountError (a ValueError) if unreadable.

    Numbers pass through (booleans are refused); text may use French or English separators,
    any kind of space as thousands separator, and a euro sign or ``EUR``; « 12,5 k€ » and
    « 1,2 M€ » are in thousands and millions of euros.
    """
    if value is None:
        return None
    # A float first: the common case, and isinstance(…, Real) is a slow abstract check.
    if type(value) is float or (not isinstance(value, bool) and isinstance(value, Real)):
        number = float(value)
        if math.isnan(number):
            return None
        if not math.isfinite(number):
            raise AmountError(str(value), "montant infini")
        return number
    if isinstance(value, bool):
        raise AmountError(str(value), "une case à cocher n'est pas un montant")
    text = str(value)
    body = _SPACES.sub("", text.strip())
    factor = 1
    if scaled := _SCALED_CURRENCY.search(body):
        factor = 1000 if scaled.group(1) in "kK" else 1_000_000
        body = body[: scaled.start()]
    else:
        body = _CURRENCY.sub("", body)
    if body.endswith((",-", ".-", ",–", ",—")) and body[:-2].replace(".", "").isdigit():
        body = body[:-2]  # « 2 000,- »: whole euros, as invoices write them (not 2 000 owed)
    elif body.endswith("-") and body[:-1].replace(",", "").replace(".", "").isdigit():
        body = "-" + body[:-1]  # accounting exports write 1234,50-
    if body.startswith("(") and body.endswith(")"):
        body = "-" + body[1:-1]  # and (1234,50)
    if not body:
        return None
    if body in _ZERO_DASHES:
        return 0.0
    if not _DIGITS.match(body):
        raise AmountError(text.strip())
    number = _number(body, text.strip())
    if factor != 1:
        number = round(number * factor, 2)  # 12,3 k€ is 12 300 €, not 12 299,999…
    if not math.isfinite(number):
        raise AmountError(text.strip(), "montant infini")
    return number


def column_numbers(values: Iterable[object], whole: bool = False) -> list[float | None] | None:
    """The numbers a column of cells reads as (None for a blank), when every cell is a number
    or a text :func:`parse_amount` reads (« 12 000,50 € », « 1.234,50 », « 45500 »); with
    ``whole``, only what :func:`parse_count` reads (people counted, a year: no « 12 € »).
    None when one cell reads as no number: such a column is kept as typed, never half
    converted."""
    parse = parse_count if whole else parse_amount
    numbers: list[float | None] = []
    for value in values:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            numbers.append(None)
            continue
        if not isinstance(value, str | Real) or isinstance(value, bool):
            return None  # a date, a time, a ticked box: not an amount
        try:
            numbers.append(parse(value))
        except ValueError:  # AmountError included
            return None
    return numbers


def is_count(number: float) -> bool:
    """Whether an amount read is a number of people: whole and not negative (« 12,5 » and
    « -3 » are typing slips, to list, not people to count)."""
    return number >= 0 and float(number).is_integer()  # NaN fails both


def parse_count(value: object) -> float | None:
    """A number of people (« 12 », « 1 200 », 12.0), or None for a blank; ValueError if it is
    none: not whole, negative, or written with a euro sign (« 12 € » is an amount in a
    people column, a mapping or typing slip, not twelve people)."""
    try:
        number = parse_amount(value)
    except AmountError as error:
        raise ValueError(f"« {error.text} » : pas un nombre de personnes") from None
    if number is None:
        return None
    if isinstance(value, str) and _CURRENCY.search(_SPACES.sub("", value.strip())):
        raise ValueError(f"« {value.strip()} » : un montant, pas un nombre de personnes")
    if not is_count(number):
        raise ValueError(f"« {value} » : pas un nombre entier de personnes")
    return number


def has_cents(values: Iterable[object]) -> bool:
    """Whether a column of amounts holds one with cents (4500.5), to be shown to the cent: a
    format of whole euros shows « 4 501 € ». Texts, blanks and non-finite numbers count as
    none; the distinct values are looked at once each (amounts repeat)."""
    return any(
        isinstance(v, float) and math.isfinite(v) and not v.is_integer() for v in set(values)
    )
