"""Import a list of actions (CSV, XLSX, ODS) into the Actions table of a workbook.

Lines are merged on the action number, within its year and territory (another year's or
territory's row of that number is another action), and a line whose title and porteur both
differ from its row's is refused: a known action gets its programmation columns updated
(year, territory, title, porteur, pilier, amounts) and keeps its answers and comments; a new
one is appended below the table with the formulas, validations and styles of the rows above.
Each line is converted and checked as a whole before anything is written, so a rejected line
never half-writes a row. The workbook is edited at the zip level (see
:mod:`efh_xl.workbook.table_append`); nothing is written with ``dry_run``.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from efh_xl.core.amounts import AmountError, amount_unit, parse_amount, parse_count
from efh_xl.core.answers import cell_text
from efh_xl.core.blank_rows import INVISIBLE
from efh_xl.core.engine import MARKER_COLUMN, REASON_COLUMN, evaluate_action
from efh_xl.core.grid import QUESTION_IDS
from efh_xl.core.list_headers import (
    DATE,
    amount_scale,
    closeness,
    likely_column,
    names_a_quartier,
    normalise,
)
from efh_xl.core.list_notes import totals_label
from efh_xl.core.plural import agreed, counted, first_few, spaced
from efh_xl.core.programmation import (
    AMOUNTS,
    BENEFICIARIES,
    COMMENTS,
    DAUPHIN_COLUMN,
    FIRST_YEAR,
    GRANTED,
    LAST_YEAR,
    NUMBER,
    PILIER,
    PORTEUR,
    TERRITORY,
    TITLE,
    YEAR,
    funder_column,
)
from efh_xl.core.status import dauphin_code
from efh_xl.errors import (
    ColumnMappingError,
    EfhError,
    InputFileError,
    IsAFolderError,
    OutputFormatError,
    OutputIsInputError,
    WorkbookNotFoundError,
    WrongArgumentError,
)
from efh_xl.ooxml.atomic_file import (
    check_target,
    make_folder_of,
    real_path,
    same_file,
)
from efh_xl.ooxml.package import Package
from efh_xl.workbook.actions_sheet import WRAPPED, row_height
from efh_xl.workbook.given_paths import given_path
from efh_xl.workbook.headless_refresh import update_calculation
from efh_xl.workbook.import_list import (
    ColumnMapping,
    SourceList,
    hidden_rows_said,
    other_sheets_said,
    parse_mapping,
    read_mapping_file,
    read_source,
    sheet_given,
)
from efh_xl.workbook.reader import read_workbook
from efh_xl.workbook.results import FileResult
from efh_xl.workbook.sample import sample_rows, sample_warning
from efh_xl.workbook.table_append import ActionsTable

# Columns an import may change on a known action. Answers and comments are the reviewer's.
PROGRAMMATION = (YEAR, TERRITORY, NUMBER, TITLE, PORTEUR, PILIER, *AMOUNTS)
# Columns a new action may also receive from the list (a list that carries answers).
NEW_ONLY = (*QUESTION_IDS, COMMENTS)
# The warning of a dry run whose real run would be refused, before the refusal's message.
REFUSED_FOR_REAL = "sans --dry-run, l'import serait refusé"
_YEAR_IN_TEXT = re.compile(r"(?<!\d)(20\d\d|2100)(?!\d)")
_DATE_TEXT = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})|^(\d{4})-(\d{2})-(\d{2})")


@dataclass
class Rejection:
    """A line of the list that was not imported, and why (in French)."""

    line: int
    number: str | None
    reason: str


@dataclass
class ImportResult(FileResult):
    """What an import did (or would do, with ``dry_run``) to one workbook (``path``).

    ``counts`` holds ``added``, ``updated``, ``unchanged``, ``rejected`` and ``empty_lines``;
    ``rejected`` lists the lines not imported with the reason; ``columns`` how each header of
    the list was read; ``unknown_columns`` the headers ignored (named in ``warnings`` with the
    way to map them). ``output`` is the file written (None with ``dry_run`` or nothing to do).
    """

    source: str = ""
    dry_run: bool = False
    rejected: list[Rejection] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)
    unknown_columns: list[str] = field(default_factory=list)

    @property
    def added(self) -> int:
        """Actions appended to the table."""
        return self.counts.get("added", 0)

    @property
    def updated(self) -> int:
        """Known actions whose programmation columns changed."""
        return self.counts.get("updated", 0)

    @property
    def unchanged(self) -> int:
        """Known actions the list did not change."""
        return self.counts.get("unchanged", 0)

    @property
    def empty_lines(self) -> int:
        """Blank lines of the list, skipped."""
        return self.counts.get("empty_lines", 0)

    def count(self, what: str, n: int = 1) -> None:
        """Add ``n`` to ``counts[what]``."""
        self.counts[what] = self.counts.get(what, 0) + n


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "VRAI" if value else "FAUX"
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if value.is_integer():
            return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        value = value.date()
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    text = " ".join(str(value).replace("\u00a0", " ").split())
    return text or None


# Characters a pasted number may hide (zero-width spaces, a byte-order mark): no part of it.
_UNSEEN = dict.fromkeys(map(ord, INVISIBLE))


def number_key(value: Any) -> str | None:
    """The action number as compared: spaces and unseen characters ignored (« AB - 02 » is
    « AB-02 »), case ignored, 12345.0 read as 12345."""
    text = _text(value)
    return text.replace(" ", "").translate(_UNSEEN).casefold() or None if text else None


def _year(value: Any) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.date | dt.datetime):
        return value.year
    if isinstance(value, int | float) and not isinstance(value, bool):
        if float(value).is_integer() and FIRST_YEAR <= value <= LAST_YEAR:
            return int(value)
        raise ValueError(f"année « {_text(value)} » illisible (attendu par exemple 2025)")
    text = str(value).strip()
    date = _DATE_TEXT.match(text)
    if date:
        return int(date[3] or date[4])
    years = set(_YEAR_IN_TEXT.findall(text))
    if len(years) == 1:
        return int(years.pop())
    raise ValueError(f"année « {text} » illisible (attendu par exemple 2025)")


def convert_line(
    values: Mapping[str, Any],
    *,
    year: int | None = None,
    territory: str | None = None,
    amounts: Iterable[str] = (),
) -> dict[str, Any]:
    """A line's values as they go into the table; ValueError (French message) if unusable,
    naming every value of the line that is (one fix, not one run per fault).
    ``amounts``: the columns of euros beside the requested and granted ones (the funders').

    Blank cells are left out: a blank in the list never erases what the table holds.
    """
    record: dict[str, Any] = {}
    faults: list[str] = []
    euros = {*AMOUNTS, *amounts}
    for column, raw in values.items():
        if column == DATE:
            continue
        try:
            value = _converted(column, raw, euros)
        except ValueError as error:
            faults.append(str(error))
            continue
        if value is not None:
            record[column] = value
    if YEAR not in record and values.get(DATE) not in (None, ""):
        try:
            record[YEAR] = _year(values[DATE])
        except ValueError:
            faults.append(f"date « {_text(values[DATE])} » illisible")
    if faults:
        raise ValueError(" ; ".join(faults))
    if YEAR not in record and year is not None:
        record[YEAR] = year
    if TERRITORY not in record and territory:
        record[TERRITORY] = territory
    return record


def _converted(column: str, raw: Any, euros: set[str]) -> Any:
    """One value of a line as it goes into the table, None for a blank; ValueError (French
    message naming the column or what it is) if unusable."""
    if column in euros:
        try:
            amount = parse_amount(raw)
        except AmountError as error:
            raise ValueError(f"{column} : {error}") from None
        if amount is not None and amount < 0:
            raise ValueError(f"{column} : montant négatif ({_text(raw)})")
        return amount
    if column in BENEFICIARIES:
        return _people(column, raw)
    if column == YEAR:
        return _year(raw)
    if column in QUESTION_IDS:
        if raw is None or raw == "":
            return None
        return raw if isinstance(raw, bool | int | float) else str(raw)
    return _text(raw)


def _people(column: str, raw: Any) -> int | None:
    """A number of people (« 12 », « 1 200 », 12.0), or None for a blank; ValueError (French
    message) for what no count is."""
    try:
        number = parse_count(raw)  # as the summaries read the workbook's own counts
    except ValueError:
        raise ValueError(f"{column} : « {_text(raw)} » n'est pas un nombre de personnes") from None
    return None if number is None else int(number)


def _same(old: Any, new: Any) -> bool:
    if isinstance(new, int | float) and isinstance(old, int | float):
        return math.isclose(float(old), float(new), abs_tol=1e-9)
    return _text(old) == _text(new)


def _fallback_key(values: Mapping[str, Any]) -> str | None:
    porteur, title = number_key(values.get(PORTEUR)), number_key(values.get(TITLE))
    return f"{porteur}\x1f{title}" if porteur and title else None


@dataclass(frozen=True)
class _Place:
    """Where an action belongs: its year and territory (folded), None when not given."""

    year: int | str | None
    territory: str | None


def _given(values: Mapping[str, Any]) -> dict[str, Any]:
    """The year and territory a line gives itself (its blanks give nothing; a date column
    gives the year as the conversion takes it)."""
    given = {c: values[c] for c in (YEAR, TERRITORY) if _text(values.get(c))}
    if YEAR not in given and _text(values.get(DATE)):
        given[YEAR] = values[DATE]
    return given


# The day Excel counts its dates from: a cell of the workbook's Année column holding a date is
# read from the package as its serial number (45748 for 1 April 2025).
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def _place_of(values: Mapping[str, Any]) -> _Place:
    raw = values.get(YEAR)
    try:
        year: int | str | None = _year(raw)
    except ValueError:  # an unreadable year still tells two actions apart
        year = number_key(raw)
        if isinstance(raw, int | float) and not isinstance(raw, bool) and 36526 <= raw < 73051:
            year = (_EXCEL_EPOCH + dt.timedelta(days=int(raw))).year  # a date, 2000 to 2099
    return _Place(year, number_key(values.get(TERRITORY)))


def _same_place(a: _Place, b: _Place) -> bool:
    """Whether two rows of one number may be one action: not of two years, nor of two
    territories; what is missing on either side tells nothing (as in a consolidation)."""
    return not (a.year and b.year and a.year != b.year) and not (
        a.territory and b.territory and a.territory != b.territory
    )


def _other_action(old: Mapping[str, Any], record: Mapping[str, Any]) -> bool:
    """Whether a line's title and porteur both differ from those of the row of its number:
    another action given the same number, whose answers the row must not lend it. One of the
    two reworded (a title made clearer, a porteur renamed) is still the action."""

    def differs(column: str) -> bool:
        a, b = number_key(old.get(column)), number_key(record.get(column))
        return bool(a and b and a != b)

    return differs(TITLE) and differs(PORTEUR)


def _other_action_reason(row: int, old: Mapping[str, Any]) -> str:
    title = _text(old.get(TITLE)) or ""
    title = title if len(title) <= 40 else title[:39] + "…"
    return (
        f"ce N° est celui d'une autre action du classeur (ligne {row} : « {title} », "
        f"{_text(old.get(PORTEUR))}) : ni l'intitulé ni le porteur ne correspondent ; "
        "vérifiez le N° dans la liste ou dans le classeur"
    )


def _several_rows(
    rows: list[int], places: dict[int, _Place], place: _Place, by_number: bool
) -> str:
    """Why a line matching several rows of the workbook is not imported, and what to do."""
    what = "N° présent" if by_number else "Porteur et intitulé présents"
    said = f"{what} plusieurs fois dans le classeur (lignes {', '.join(map(str, rows))}"
    if place.year and place.territory:
        # The line says where it belongs: rows lacking it are what to complete.
        return (
            f"{said}, sans année ou sans territoire : complétez-les dans la feuille Actions "
            "pour dire laquelle est celle de la ligne)"
        )
    if len({places[r] for r in rows}) > 1:
        # Rows of several years or territories, and a line that gives neither.
        return (
            f"{said}, d'années ou de territoires différents : indiquez l'année et le "
            "territoire de la ligne (colonnes Année et Territoire, ou --annee et --territoire))"
        )
    return f"{said})"


@dataclass
class _Entry:
    """A line of the list to merge: its key, number, converted values (or why they cannot be
    used) and place."""

    line: int
    key: str
    number: str | None
    record: dict[str, Any] | str
    place: _Place


def _load_mapping(
    mapping: Mapping[str, str] | Iterable[str] | None,
    mapping_file: str | os.PathLike[str] | None,
    own: Mapping[str, str],
) -> ColumnMapping:
    result = ColumnMapping()
    if isinstance(mapping, str):  # one « A=B », not a list of its letters
        mapping = [mapping]
    if mapping_file is not None:
        result.merge(read_mapping_file(mapping_file, own))
    if isinstance(mapping, Mapping):
        result.merge(parse_mapping((f"{k}={v}" for k, v in mapping.items()), own))
    elif mapping is not None:
        result.merge(parse_mapping(mapping, own))
    return result


@dataclass(frozen=True)
class _OwnColumns:
    """The columns of a workbook's table the import fills beside the usual ones: a funder's
    euros (one column per funder of Paramètres) and the people planned and reached, those the
    table has. A list holding them (an export with « Montant CAF ») fills them as it fills
    « Montant accordé »; they were ignored, the euros typed again by hand."""

    amounts: tuple[str, ...]
    people: tuple[str, ...]
    funders: tuple[str, ...] = ()  # the funder of each of ``amounts``

    @property
    def columns(self) -> tuple[str, ...]:
        return (*self.amounts, *self.people)

    def by_key(self) -> dict[str, str]:
        """Normalised name -> column, as headers and mappings are compared."""
        return {normalise(c): c for c in self.columns}

    def likely(self, header: str) -> str | None:
        """The column an unknown header most likely means, for a hint: a funder's when it
        names the funder (« Subvention CAF », which likely_column took for « Montant
        accordé »: the CAF's euros in the granted amount), a people column close to it, else
        likely_column's. Never another funder's by closeness: « Montant FSE » is not
        « Montant CAF »."""
        words = set(normalise(header).split())
        for funder, column in zip(self.funders, self.amounts):
            named = normalise(funder).split()
            if named and named[0] in words:
                return column
        people = {normalise(c): c for c in self.people}
        close = difflib.get_close_matches(normalise(header), list(people), 1, 0.8)
        return people[close[0]] if close else likely_column(header)


_NO_OWN_COLUMNS = _OwnColumns((), ())


def _own_columns(columns: Iterable[str], funders: Iterable[str]) -> _OwnColumns:
    present = set(columns)
    named = [(f, funder_column(f)) for f in funders if funder_column(f) in present]
    people = tuple(c for c in BENEFICIARIES if c in present)
    return _OwnColumns(tuple(c for _, c in named), people, tuple(f for f, _ in named))


def import_actions(
    source: str | os.PathLike[str],
    into: str | os.PathLike[str],
    *,
    mapping: Mapping[str, str] | Iterable[str] | None = None,
    mapping_file: str | os.PathLike[str] | None = None,
    year: int | None = None,
    territory: str | None = None,
    dry_run: bool = False,
    output: str | os.PathLike[str] | None = None,
    force: bool = False,
    sheet: str | None = None,
) -> ImportResult:
    """Add the actions of a list (CSV, XLSX, ODS) to the Actions table of a workbook.

    ``sheet`` names the sheet of a spreadsheet list to read (as typed, or without regard to
    case; :class:`~efh_xl.errors.SheetNotFoundError` otherwise); by default, the sheet whose
    header row names the most known columns, the other sheets that read as lists said in a
    warning.

    ``mapping`` names headers the tool does not know ({"Enveloppe attribuée": "Montant accordé"}
    or ["Enveloppe attribuée=Montant accordé"]); ``mapping_file`` is the same as TOML. A header
    written as one of the table's funders' or people's columns (« Montant CAF », « Femmes
    prévues »), or mapped to one, fills it too. ``year`` and ``territory`` fill lines that have
    none. The workbook is rewritten in place, or written to
    ``output`` (same extension as the workbook; an existing file is replaced only with
    ``force``; the copy is written even when the list changes nothing; an ``output`` that is
    the workbook itself, by identity, means in place); with ``dry_run`` nothing is written.
    Lines rejected make the result's ``outcome`` ``"to_check"`` and its ``exit_code`` 1, as
    the CLI exits. A dry run whose real run would be refused (the workbook open in Excel or
    LibreOffice, read-only, an ``output`` that exists without ``force``…) reports all the
    same, with that refusal as a warning, ``outcome`` ``"error"`` and the refusal's
    ``error_kind``, ``error_message`` and ``exit_code`` (5 for an open workbook), as the
    real run would exit. Raises an :class:`~efh_xl.errors.EfhError`
    the user can fix (file missing, workbook open, no header row...).
    """
    given_path(source, "source")
    typed, into = str(into), given_path(into, "into")
    sheet = sheet_given(sheet)
    target = given_path(output, "output") if output is not None else into
    if year is not None and (
        not isinstance(year, int) or isinstance(year, bool) or not FIRST_YEAR <= year <= LAST_YEAR
    ):  # as --annee: a typo would become a year of its own in every summary
        raise WrongArgumentError(
            "year", f"une année de {FIRST_YEAR} à {LAST_YEAR} (un nombre entier, comme 2026)", year
        )
    if territory is not None and (not isinstance(territory, str) or not territory.strip()):
        raise WrongArgumentError("territory", "un nom de territoire (un texte non vide)", territory)
    if not into.exists():
        raise WorkbookNotFoundError(typed)  # as typed: « absent/ » names a folder
    # Checked before anything is read: a copy must never land on a person's file, and the
    # package written is the workbook's own format (an .xlsm named .csv opens nowhere).
    in_place = output is None or real_path(target) == real_path(into)
    # A dry run checks what the real run would refuse (the workbook open in Excel, a copy
    # that exists…) and says it with its report, exiting as the real run would: it answered
    # 0 without a word about the lock, and the real run then said 5.
    refusal: EfhError | None = None
    if not in_place and same_file(target, source):
        # Never, even with force nor in a dry run: the list read would be replaced by the
        # workbook (« import liste.xlsm --into vide.xlsm -o liste.xlsm --force »). A workbook
        # imported into itself, in place, only finds its own actions unchanged.
        raise OutputIsInputError(
            output,
            source,
            "la liste à importer",
            "la remplacerait par le classeur (la liste et ses autres feuilles perdues)",
        )
    try:
        if not in_place and target.is_dir():
            raise IsAFolderError(target, example=into.name)
        if not in_place and target.suffix.lower() != into.suffix.lower():
            # As typed: « copies/ » names a folder (the Path lost its « / »).
            raise OutputFormatError(output or target, into.suffix.lower(), example=into.name)
        check_target(target, force=force, in_place=in_place)
    except EfhError as error:
        if not dry_run:
            raise
        refusal = error
    # The territories already typed: compared with the imported ones (see _territory_warning);
    # the table's funders' and people's columns, which the list's headers may name. A
    # workbook that cannot be read is said after the list's own faults, as before these
    # columns were read (a missing list was hidden behind the workbook's fault).
    unreadable: EfhError | None = None
    try:
        read = read_workbook(into, columns=(NUMBER, TITLE, TERRITORY, PILIER, *BENEFICIARIES))
        own = _own_columns(read.actions.columns, read.settings.funders)
    except EfhError as error:
        unreadable, own = error, _NO_OWN_COLUMNS
    try:
        column_mapping = _load_mapping(mapping, mapping_file, own.by_key())
    except ColumnMappingError:
        if unreadable is not None:  # « Montant CAF » unknown only for want of the workbook
            raise unreadable from None
        raise
    listing = read_source(source, column_mapping, own.by_key(), sheet)
    if unreadable is not None:
        raise unreadable
    result = ImportResult(
        path=str(into),
        source=str(source),
        dry_run=dry_run,
        columns=dict(listing.columns),
        unknown_columns=list(listing.unknown),
    )
    for what in ("added", "updated", "unchanged", "rejected"):
        result.count(what, 0)
    result.count("empty_lines", listing.empty_lines)
    rule = read.rule
    package = Package(into)
    try:
        table = ActionsTable(package, into)
        _header_warnings(listing, result, table.columns, own)
        result.warnings += listing.notes  # note lines left out (see read_source)
        for column, (header, factor) in listing.scales.items():
            unit = "milliers" if factor == 1000 else "millions"
            # The unit given by the header itself, or by the title above them all.
            titled = listing.scale_title and amount_scale(header) == 1
            whose = (
                f"« {header} » : le titre « {listing.scale_title} » donne les montants"
                if titled
                else f"« {header} » donne ses montants"
            )
            result.warnings.append(
                f"{whose} en {unit} d'euros : ils sont importés en euros dans {column}, "
                f"multipliés par {spaced(factor)} (12,5 devient {spaced(int(12.5 * factor))} €)."
            )
        if totals := _without_totals(listing):
            result.warnings.append(_totals_warning(totals))
        if not listing.lines:  # as evaluate says it: an export that stopped short
            result.warnings.append(
                f"{Path(source).name} ne contient aucune action : sous sa ligne d'en-têtes, "
                "aucune ligne à importer. Vérifiez que c'est le bon fichier (un export "
                "complet), puis relancez."
            )
        # A pilier or territory typed in another case (« cohésion sociale ») is written as
        # Paramètres spells it: as typed, every summary listed it twice.
        _listed_spelling(listing, result, PILIER, read.settings.piliers)
        names = (read.settings.territories, read.settings.short_names)
        _listed_spelling(listing, result, TERRITORY, *names)
        # Then as the workbook's own rows spell them (« VILLE TEST » for its « Ville Test »):
        # as typed, a known action changed territory and the summaries split it from its own.
        listed = {PILIER: read.settings.piliers, TERRITORY: read.settings.territories}
        for column in (PILIER, TERRITORY):
            if column in read.actions:
                # The most frequent spelling last, which wins; a value typed as a row or as
                # Paramètres spells it stays (« Ville Test » among rows typed both ways).
                spelt = Counter(v for v in read.actions[column] if isinstance(v, str))
                typed = tuple(sorted(spelt, key=spelt.__getitem__))
                keep = {*spelt, *listed[column]}
                _listed_spelling(
                    listing, result, column, typed, where="dans le classeur", keep=keep
                )
        if territory is not None:  # --territoire typed otherwise than Paramètres spells it
            listed_as = _listed_as(*names).get(_spacing_folded(territory))
            if listed_as is not None and listed_as != territory:
                result.warnings.append(
                    f"Territoire écrit comme dans la feuille Paramètres : « {territory} » "
                    f"(--territoire) devient « {listed_as} »."
                )
                territory = listed_as
        _merge(listing, table, result, rule, year, territory, own)
        _granted_warning(listing, result, own)
        # Real actions added beside the shipped workbook's fictional ones (a copy of it as a
        # territory's start): the summaries and a consolidation would count both.
        if result.added and {NUMBER, TITLE} <= set(read.actions):
            if k := sample_rows(read.actions[NUMBER], read.actions[TITLE]):
                result.warnings.append("Le classeur contient encore " + sample_warning(k) + ".")
        _pilier_warning(listing, result, read.settings.piliers)
        _territory_warning(
            listing,
            result,
            read.settings.territories,
            territory,
            [t for v in read.actions.get(TERRITORY, ()) if (t := _text(v))],
        )
        # A copy asked for is written even when the list changes nothing: the user expects
        # the file they named (« Rien à écrire » and no copy left them looking for it).
        if not dry_run and (result.added or result.updated or not in_place):
            if result.added or result.updated:
                table.save()
                # The rows' cached values are this version's: so are the formulas' lookup
                # values (an older workbook's showed 0 for an action with no answer).
                update_calculation(package, rule, read.lookup_stamp)
            if target != into:
                make_folder_of(target)
            package.save(target)
            result.output = str(target)
    finally:
        package.close()
    if result.rejected:  # what the CLI's exit code says, the JSON says too
        result.outcome, result.exit_code = "to_check", 1
    if refusal is not None:
        result.warnings.append(f"{REFUSED_FOR_REAL} : {refusal}")
        result.outcome, result.error_kind = "error", type(refusal).__name__
        result.error_message, result.exit_code = str(refusal), refusal.exit_code
        result.exception = refusal
    return result


def _header_warnings(
    listing: SourceList, result: ImportResult, columns: Iterable[str], own: _OwnColumns
) -> None:
    # A header that is a column of the workbook's table the import does not fill (a funder's
    # amount, people reached, Code Dauphin) is no unknown header: mapping it to « Montant
    # accordé », as the hint for unknown ones says, would put a funder's euros there.
    in_table = {normalise(c) for c in columns}
    unfilled = [u for u in listing.unknown if normalise(u) in in_table]
    unknown = [u for u in listing.unknown if normalise(u) not in in_table]
    if unfilled:
        result.warnings.append(
            "Colonnes du classeur que l'import ne remplit pas, ignorées : "
            + ", ".join(f"« {u} »" for u in unfilled)
            + f". Saisissez-les dans le classeur (l'import remplit {', '.join(_FILLED)}, les "
            "nombres de personnes, et les montants des financeurs que la liste de la feuille "
            "Paramètres nomme)."
        )
    if listing.other_sheets:
        result.warnings.append(other_sheets_said(
            listing.sheet, listing.other_sheets, "importée", "importez"
        ))
    if listing.hidden:  # read as the others: what the user sees is not all
        result.warnings.append(hidden_rows_said(listing.hidden, "importée"))
    for (before, after), values in listing.unnamed.items():
        shown = first_few((f"« {cell_text(v)} »" for v in values), most=3)
        lost = agreed(len(values), "n'est pas importée", "ne sont pas importées")
        result.warnings.append(
            f"Colonne sans en-tête entre « {before} » et « {after} », ignorée : "
            f"{agreed(len(values), 'sa valeur', 'ses valeurs')} ({shown}) {lost}. Donnez-lui "
            "un en-tête dans le fichier (par exemple « Montant accordé »), puis relancez."
        )
    if unknown:
        taken = set(listing.columns.values())
        result.warnings.append(_unknown_columns_warning(unknown, own, taken))
    if listing.unmatched:
        # A slip in a mapping's header went unnoticed: the column it meant was not imported.
        names = ", ".join(f"« {u} »" for u in listing.unmatched)
        read = ", ".join(f"« {h} »" for h in [*listing.columns, *listing.unknown])
        result.warnings.append(
            f"Correspondance sans effet : aucune colonne {names} dans le fichier (en-têtes "
            f"lus : {read}). Recopiez l'en-tête tel qu'il est écrit dans le fichier."
        )
    for duplicate in listing.duplicates:
        column = listing.duplicate_columns.get(duplicate)
        first = next((h for h, c in listing.columns.items() if c == column), None)
        if column is None or first is None:
            result.warnings.append(
                f"Colonne « {duplicate} » ignorée : sa colonne du tableau est déjà lue ailleurs."
            )
            continue
        if first in listing.mapped and duplicate not in listing.mapped:
            result.warnings.append(
                f"Colonne « {duplicate} » ignorée : la colonne « {column} » du tableau est "
                f"remplie par la colonne « {first} » du fichier, comme le demande la "
                "correspondance donnée (--colonne ou --correspondance)."
            )
            continue
        result.warnings.append(
            f"Colonne « {duplicate} » ignorée : la colonne « {column} » du tableau est déjà "
            f"remplie par la colonne « {first} » du fichier. Pour lire plutôt « {duplicate} », "
            f'ajoutez --colonne "{first}=ignorer" --colonne "{duplicate}={column}".'
        )


# The columns an import fills in every workbook, as the hints name them.
_FILLED = (*PROGRAMMATION, *NEW_ONLY)


def _granted_warning(listing: SourceList, result: ImportResult, own: _OwnColumns) -> None:
    """Said when actions are added without a granted amount (the figure a comité asks for:
    silently empty, every summary's euros were 0); not for a list that only updates known
    actions (the funders' figures of a comité), whose amounts the workbook already has."""
    if not result.added or GRANTED in listing.columns.values():
        return
    header = _likely_header(listing.unknown, GRANTED, own)
    result.warnings.append(
        "Aucune colonne « Montant accordé » dans le fichier : les actions ajoutées "
        "n'auront pas de montant accordé, et les synthèses ne compteront pas leurs euros. "
        "Si une colonne du fichier porte ce montant (accordé, proposé, voté…), "
        f'indiquez-la : --colonne "{header}={GRANTED}" ; sinon, saisissez-le dans la '
        "feuille Actions."
    )


# How close an unknown header must be to a column another header already fills for the hint
# to name it all the same (a mis-decoded « Intitul� » beside « Intitulé »).
_NEAR_SPELLING = 0.8


def _unknown_columns_warning(
    unknown: list[str], own: _OwnColumns = _NO_OWN_COLUMNS, taken: Iterable[str] = ()
) -> str:
    """The unknown headers, then one line per header with the ``--colonne`` that imports it
    as the column it most likely means (« Intitulé » -> Action, never a fixed « Montant
    accordé » that would put titles among the euros), COLONNE when none is close, or when
    the one it is close to is ``taken`` by another header of the list and it is no near
    spelling of it (« Statut du dossier » is no « N° action » when « N° dossier » fills it:
    followed, that hint made the statuses the numbers; « Intitul� » stays « Action »), and
    no guess for a quartier: no column holds it (a quartier is not the territory)."""
    taken = set(taken)
    lines, placeholder, example = [], False, None
    for header in unknown:
        if names_a_quartier(header):
            lines.append(
                f"« {header} » : aucune colonne du tableau ne porte le quartier (un quartier "
                "prioritaire n'est pas le territoire du contrat de ville) ; elle reste ignorée."
            )
            continue
        likely = own.likely(header)
        if likely in taken and closeness(header, likely) < _NEAR_SPELLING:
            likely = None
        lines.append(f'--colonne "{header}={likely or "COLONNE"}"')
        if not likely and not placeholder:
            placeholder = True
            named = [*_FILLED, *own.columns]
            lines[-1] += f" (COLONNE : {', '.join(named[:-1])} ou {named[-1]})"
        example = example or (header, likely or "COLONNE")
    said = "Colonnes non reconnues, ignorées : " + ", ".join(f"« {u} »" for u in unknown) + "."
    if example:
        said += (
            " Pour en importer une, indiquez sa colonne avec --colonne (une option par "
            f'colonne), ou par une ligne "{example[0]}" = "{example[1]}" dans la section '
            "[colonnes] d'un fichier TOML passé avec --correspondance :"
        )
    return said + "".join(f"\n  {line}" for line in lines)


def _likely_header(unknown: list[str], column: str, own: _OwnColumns = _NO_OWN_COLUMNS) -> str:
    """The unknown header that most likely means ``column``, for a hint; a placeholder when
    none does (never another header: a title mapped to an amount would be refused as
    unreadable amounts, line by line; a funder's euros would count as granted)."""
    return next((u for u in unknown if own.likely(u) == column), "Votre en-tête")


def _named_with_lines(values: dict[str, list[int]]) -> str:
    """« a » (lignes 3, 4) ; « b » (ligne 7): each value with the source lines holding it
    (the first five)."""
    return " ; ".join(
        f"« {value} » (ligne{'s' if len(at) > 1 else ''} {first_few(at)})"
        for value, at in values.items()
    )


def _unlisted(
    listing: SourceList,
    result: ImportResult,
    column: str,
    listed: tuple[str, ...],
    default: str | None = None,
) -> dict[str, list[int]]:
    """The values of ``column`` (``default`` for a line without one) that ``listed`` lacks,
    whatever their case, each with the lines of the list holding it; rejected lines left out
    (totals lines are out of ``listing`` already: see :func:`_without_totals`)."""
    known = {value.strip().casefold() for value in listed}
    rejected = {r.line for r in result.rejected}
    unknown: dict[str, list[int]] = {}
    for line in listing.lines:
        if line.line in rejected:
            continue
        value = _text(line.values.get(column)) or default
        if value and value.casefold() not in known:
            unknown.setdefault(value, []).append(line.line)
    return unknown


def _spacing_folded(text: str) -> str:
    """A name without case nor extra spaces: « VAL-DE-LYS  MÉTROPOLE » is Val-de-Lys Métropole."""
    return " ".join(text.split()).casefold()


def _listed_as(listed: tuple[str, ...], short: tuple[tuple[str, str], ...] = ()) -> dict[str, str]:
    """Each listed name (Paramètres), by its spacing-folded form and by its short name, if
    any (« Hautecombe » for « Contrat de ville de Hautecombe »: a list, or --territoire,
    giving the short name made a territory of its own in every summary). A full name wins
    over another territory's short name."""
    names = {_spacing_folded(s): territory for territory, s in short if s}
    names.update({_spacing_folded(value): value for value in listed})
    return names


def _listed_spelling(
    listing: SourceList,
    result: ImportResult,
    column: str,
    listed: tuple[str, ...],
    short: tuple[tuple[str, str], ...] = (),
    where: str = "dans la feuille Paramètres",
    keep: Collection[str] = (),
) -> None:
    """Write each value of ``column`` that ``listed`` holds in another case or spacing, or
    as its ``short`` name, as ``listed`` spells it, and say so with the lines changed
    (``where``: where ``listed`` comes from); a value typed as one of ``keep`` stays."""
    spelling = _listed_as(listed, short)
    changed: dict[tuple[str, str], list[int]] = {}
    for line in listing.lines:
        typed = line.values.get(column)
        if not isinstance(typed, str) or typed in keep:
            continue
        listed_as = spelling.get(_spacing_folded(typed))
        if listed_as is not None and listed_as != typed:
            line.values[column] = listed_as
            changed.setdefault((typed, listed_as), []).append(line.line)
    if changed:
        word = {PILIER: "Pilier", TERRITORY: "Territoire"}.get(column, column)
        result.warnings.append(
            f"{word} écrit comme {where} : "
            + " ; ".join(
                f"« {typed} » devient « {listed_as} » ({agreed(len(lines), 'ligne', 'lignes')} "
                f"{first_few(lines)})"
                for (typed, listed_as), lines in changed.items()
            )
            + "."
        )


def _pilier_warning(listing: SourceList, result: ImportResult, piliers: tuple[str, ...]) -> None:
    """Name the piliers of the imported lines that the workbook's list (Paramètres) lacks.

    They are imported as typed (the Pilier column's list only warns, in Excel too), but the
    summaries then list them after the official piliers and the column's menu does not offer
    them: a misspelt pilier would make a pilier of its own without anyone noticing.
    """
    if PILIER not in listing.columns.values():
        return
    unknown = _unlisted(listing, result, PILIER, piliers)
    if not unknown:
        return
    them = "les" if len(unknown) > 1 else "le"
    result.warnings.append(
        "Pilier absent de la liste de la feuille Paramètres, importé tel quel : "
        f"{_named_with_lines(unknown)}. "
        f"Corrigez-{them} dans le fichier importé, ou ajoutez-{them} en bas de la colonne "
        f"Piliers de Paramètres pour {them} retrouver dans le menu et dans l'ordre des synthèses."
    )
    close = _close_names(unknown, piliers)
    if close:  # as for territories: « Jeunesse » is most likely the listed pilier holding it
        result.warnings.append(
            "Pilier proche d'un pilier de la liste de Paramètres : "
            + " ; ".join(f"« {name} » (vouliez-vous dire {listed} ?)" for name, listed in close)
        )


def _without_totals(listing: SourceList) -> dict[int, str]:
    """Take the totals lines (« Sous-total Pilier 1 » and the sums, wherever they stand) out
    of ``listing``; each one's line and label. Counted as an action, a totals line's euros
    would double the list's; named as a territory or a pilier, its label would be warned
    about as one."""
    totals = {}
    for line in listing.lines:
        label = totals_label(line.values.items())
        if label is not None:
            totals[line.line] = label if len(label) <= 40 else label[:39] + "…"
    if totals:
        listing.lines = [line for line in listing.lines if line.line not in totals]
    return totals


def _totals_warning(totals: dict[int, str]) -> str:
    """The warning naming the totals lines left out (line -> label; the first five)."""
    lines, labels = list(totals)[:5], list(totals.values())[:5]
    more = " …" if len(totals) > 5 else ""
    named = ", ".join(f"« {label} »" for label in labels) + more
    if len(totals) == 1:
        return (
            f"Ligne de total laissée de côté, ce n'est pas une action : ligne {lines[0]} (son "
            f"montant, compté comme celui d'une action, doublerait les euros). Libellé : {named}."
        )
    return (
        "Lignes de total laissées de côté, ce ne sont pas des actions : lignes "
        + ", ".join(map(str, lines))
        + more
        + " (leurs montants, comptés comme ceux d'actions, doubleraient les euros). Libellés : "
        + named
        + "."
    )


def _territory_warning(
    listing: SourceList,
    result: ImportResult,
    territories: tuple[str, ...],
    default: str | None,
    in_table: Iterable[str] = (),
) -> None:
    """Name the territories of the imported lines that the workbook's list (Paramètres)
    lacks, as for piliers: a misspelt territory would make a territory of its own, with a
    summary sheet whose tab is cut at 31 characters, without anyone noticing. With no list
    (a workbook started with ``build --vide``), name the territories imported, and any two
    names, imported or already in the table (``in_table``), that differ only by case,
    accents, spaces or hyphens (« Val de Lys Metropole », « Val-de-Lys Métropole »): each
    would have its own summary."""
    if territories:
        unknown = _unlisted(listing, result, TERRITORY, territories, default)
        if not unknown:
            return
        them, its = ("les", "leur") if len(unknown) > 1 else ("le", "sa")
        result.warnings.append(
            "Territoire absent de la liste de la feuille Paramètres, importé tel quel : "
            f"{_named_with_lines(unknown)}. "
            f"Corrigez-{them} dans le fichier importé (ou --territoire), ou ajoutez-{them} en bas "
            "de la colonne Territoires de Paramètres avec un nom court pour l'onglet de "
            f"{its} synthèse."
        )
        close = _close_names(unknown, territories)
        if close:
            result.warnings.append(
                "Territoire proche d'un territoire de la liste de Paramètres : "
                + " ; ".join(f"« {name} » (vouliez-vous dire {listed} ?)" for name, listed in close)
            )
        return
    imported = _unlisted(listing, result, TERRITORY, (), default)
    if not imported:
        return
    as_they_are = agreed(
        len(imported), "territoire importé tel quel", "territoires importés tels quels"
    )
    result.warnings.append(
        f"La feuille Paramètres ne liste aucun territoire : {as_they_are} : "
        f"{_named_with_lines(imported)}. Inscrivez-"
        + agreed(len(imported), "le", "les")
        + " en bas de la colonne Territoires de Paramètres, avec un nom court pour l'onglet de "
        + agreed(len(imported), "sa synthèse.", "leur synthèse.")
    )
    names = [*imported, *(t for t in dict.fromkeys(in_table) if t and t not in imported)]
    groups: dict[str, list[str]] = {}
    for name in names:
        groups.setdefault(_folded(name), []).append(name)
    alike = [group for group in groups.values() if len(group) > 1]
    if alike:
        result.warnings.append(
            "Territoires presque identiques, qui auraient chacun leur synthèse : "
            + " ; ".join(" et ".join(f"« {n} »" for n in group) for group in alike)
            + ". Gardez une seule orthographe (corrigez le fichier importé ou la feuille "
            "Actions)."
        )


def _folded(name: str) -> str:
    """A name without case, accents, spaces or punctuation: « Val-de-Lys Métropole » and
    « VAL DE LYS METROPOLE » fold alike."""
    decomposed = unicodedata.normalize("NFKD", name).casefold()
    return "".join(c for c in decomposed if c.isalnum())


def _words(name: str) -> tuple[str, ...]:
    """A name's words without case or accents: « Axe transversal : Jeunesse » ->
    (axe, transversal, jeunesse)."""
    decomposed = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return tuple(re.findall(r"[a-z0-9]+", decomposed.casefold()))


def _holds(listed: tuple[str, ...], typed: tuple[str, ...]) -> bool:
    """Whether ``listed`` holds the words ``typed`` in a row (« Cadre de vie » at the start of
    « Cadre de vie et renouvellement urbain », « Jeunesse » in « Axe transversal :
    jeunesse »); never for a typed name of fewer than four letters (« Axe », « et »)."""
    if len("".join(typed)) < 4:
        return False
    return any(listed[i : i + len(typed)] == typed for i in range(len(listed) - len(typed) + 1))


def _close_names(unknown: dict[str, list[int]], listed: tuple[str, ...]) -> list[tuple[str, str]]:
    """Each unknown name with the listed one(s) it likely means, said « « A » ou « B » »: the
    one it folds as (see :func:`_folded`: accents, case, hyphens), else those holding its
    words in a row (see :func:`_holds`: a short form of a listed name), else those it holds
    (« Pilier 1 - Cohésion sociale ») or whose words it gives in another order (« Emploi et
    développement économique »)."""
    by_fold = {_folded(name): name for name in listed}
    close = []
    for name in unknown:
        same = by_fold.get(_folded(name))
        words = _words(name)
        holding = [same] if same else [n for n in listed if _holds(_words(n), words)]
        if not holding:
            holding = [
                n
                for n in listed
                if _holds(words, _words(n)) or sorted(_words(n)) == sorted(words)
            ]
        if holding:
            close.append((name, " ou ".join(f"« {n} »" for n in holding)))
    return close


def _unplaced_warning(unplaced: dict[str, list[int]], result: ImportResult) -> None:
    """Name the new actions without a territory or a year: the summaries count them apart
    (« Synthèse – Sans territoire », year « (non renseignée) »), which nobody asked for."""
    what = {TERRITORY: ("territoire", "--territoire"), YEAR: ("année", "--annee")}
    for column, lines in unplaced.items():
        if not lines:
            continue
        word, option = what[column]
        shown = first_few(lines)
        result.warnings.append(
            f"{counted(len(lines), 'action ajoutée', 'actions ajoutées')} sans {word} "
            f"({agreed(len(lines), 'ligne', 'lignes')} {shown}) : complétez la colonne "
            f"{column} du fichier, ou indiquez {option} pour les lignes qui n'en ont pas ; "
            "sinon les synthèses les comptent à part."
        )


def _merge(
    listing: SourceList,
    table: ActionsTable,
    result: ImportResult,
    rule,
    year: int | None,
    territory: str | None,
    own: _OwnColumns,
) -> None:
    by_number = NUMBER in listing.columns.values()
    updated = {*PROGRAMMATION, *own.columns}  # what an import may change on a known action
    if by_number:
        # Matched on its number whatever its case and spaces: the workbook's own spelling
        # stays. Rewritten to the list's, two lists (« PRJ-2 », « prj-2 ») flipped it at each
        # import, each counted an update.
        updated.discard(NUMBER)
    if not by_number:
        if not {PORTEUR, TITLE} <= set(listing.columns.values()):
            raise InputFileError(
                listing.path,
                "aucune colonne de N° d'action (ni de porteur et d'intitulé pour rapprocher les "
                "lignes). Colonnes lues : " + ", ".join(listing.columns) + ". Indiquez la "
                'colonne du numéro avec --colonne "Votre en-tête=N° action"',
            )
        header = _likely_header(listing.unknown, NUMBER, own)
        result.warnings.append(
            "Pas de colonne N° d'action : les lignes sont rapprochées par porteur et intitulé "
            "(une action dont l'un ou l'autre change serait ajoutée une seconde fois). Si une "
            "colonne du fichier porte le numéro (N° de dossier…), indiquez-la : "
            f'--colonne "{header}={NUMBER}".'
        )
    rows = table.data_rows()
    key_of = (lambda v: number_key(v.get(NUMBER))) if by_number else _fallback_key
    existing: dict[str, list[int]] = {}
    for row in rows:
        key = key_of(row.values)
        if key:
            existing.setdefault(key, []).append(row.row)
    free = []
    for row in reversed(rows):
        if not table.is_blank(row):
            break
        free.insert(0, row.row)
    current = {row.row: row.values for row in rows}
    # Every line converted first: whether two lines (or a line and a row) are one action
    # depends on their year and territory, which --annee and --territoire may give.
    entries: list[_Entry] = []
    as_typed: dict[str, list[int]] = {}  # a scaled column: lines whose amount says « € »
    for line in listing.lines:
        key = key_of(line.values)
        number = _text(line.values.get(NUMBER))
        if line.problem:  # its values are in the wrong columns: nothing of it is taken
            result.rejected.append(Rejection(line.line, number, line.problem))
            continue
        if key is None:
            why = "N° d'action manquant" if by_number else "porteur ou intitulé manquant"
            result.rejected.append(Rejection(line.line, number, why))
            continue
        try:
            record: dict[str, Any] | str = convert_line(
                line.values, year=year, territory=territory, amounts=own.amounts
            )
            for column, (_, factor) in listing.scales.items():  # « (k€) »: in euros
                if not isinstance(amount := record.get(column), int | float):
                    continue
                if unit := amount_unit(line.values.get(column)):  # read in its own unit
                    if unit == "€":  # « 12 500 € » under « (k€) »: said
                        as_typed.setdefault(column, []).append(line.line)
                    continue
                record[column] = round(amount * factor, 2)
            place = _place_of(record)
        except ValueError as error:
            record = str(error)
            place = _place_of({YEAR: year, TERRITORY: territory, **_given(line.values)})
        entries.append(_Entry(line.line, key, number, record, place))
    for column, lines in as_typed.items():
        header = listing.scales[column][0]
        result.warnings.append(
            f"« {header} » : {counted(len(lines), 'montant écrit', 'montants écrits')} avec "
            + agreed(len(lines), "son", "leur")
            + f" propre « € » ({agreed(len(lines), 'ligne', 'lignes')} {first_few(lines)}) "
            + agreed(len(lines), "est importé tel quel", "sont importés tels quels")
            + ", en euros, sans être "
            + agreed(len(lines), "multiplié : vérifiez-le", "multipliés : vérifiez-les")
            + " dans le fichier."
        )
    by_key: dict[str, list[_Entry]] = {}
    for entry in entries:
        by_key.setdefault(entry.key, []).append(entry)
    places = {r: _place_of(current[r]) for found in existing.values() for r in found}
    # Which row each line is, decided for every line before anything is written: a row that
    # lacks its year or territory matches lines of several years, and two lines must not
    # both update it (the second overwrote the first, both counted « mise à jour »).
    plan: list[tuple[_Entry, int | None]] = []
    claims: dict[int, list[_Entry]] = {}
    for entry in entries:
        line_no, key, number = entry.line, entry.key, entry.number
        # Duplicated keys in the list: every occurrence is rejected, none is guessed. Two
        # lines of one number in two years (or territories) are two actions.
        twins = [
            e.line for e in by_key[key] if e is not entry and _same_place(e.place, entry.place)
        ]
        if twins:
            others = ", ".join(map(str, twins))
            what = "N°" if by_number else "Porteur et intitulé"
            why = f"{what} en double dans le fichier (aussi ligne {others})"
            result.rejected.append(Rejection(line_no, number, why))
            continue
        # A row of one number in another year or territory is another action (each territory
        # numbers its own « 1, 2, 3… », and a number may come back the next year).
        matches = [r for r in existing.get(key, ()) if _same_place(places[r], entry.place)]
        exact = [r for r in matches if places[r] == entry.place]
        if len(matches) > 1 and len(exact) == 1:
            matches = exact  # the row of its very year and territory, beside rows lacking them
        if len(matches) > 1:
            result.rejected.append(
                Rejection(line_no, number, _several_rows(matches, places, entry.place, by_number))
            )
            continue
        if isinstance(entry.record, str):  # the line's own values are unusable
            result.rejected.append(Rejection(line_no, number, entry.record))
            continue
        if matches:
            claims.setdefault(matches[0], []).append(entry)
        plan.append((entry, matches[0] if matches else None))
    appended: list[dict[str, Any]] = []
    # New actions under a number whose porteur and title a row of the same year and
    # territory has under another number (« 123 » beside « 00123 », « PRJ 3 » beside
    # « PRJ-3 »): likely the same action, added twice without a word.
    lookalikes: list[tuple[int, str, int, str]] = []
    by_porteur_title: dict[str, list[int]] = {}
    if by_number:
        for row in rows:
            if (twin := _fallback_key(row.values)) is not None:
                by_porteur_title.setdefault(twin, []).append(row.row)
    kept: list[int] = []  # lines whose answers differ from a known action's: not taken
    elsewhere: list[int] = []  # new actions whose key a row of another year or territory has
    # Lines of new actions without a territory or a year, to name in a warning.
    unplaced: dict[str, list[int]] = {TERRITORY: [], YEAR: []}
    for entry, row in plan:
        line_no, number, record = entry.line, entry.number, entry.record
        assert not isinstance(record, str)
        if row is not None and len(claims[row]) > 1:
            others = ", ".join(str(e.line) for e in claims[row] if e is not entry)
            result.rejected.append(
                Rejection(
                    line_no,
                    number,
                    f"l'action ligne {row} du classeur, sans année ou sans territoire, "
                    f"correspond aussi à la ligne {others} du fichier : complétez son année "
                    "et son territoire dans la feuille Actions, puis relancez",
                )
            )
            continue
        if row is not None:
            if by_number and _other_action(current[row], record):
                result.rejected.append(
                    Rejection(line_no, number, _other_action_reason(row, current[row]))
                )
                continue
            if any(c in record and not _same(current[row].get(c), record[c]) for c in NEW_ONLY):
                kept.append(line_no)
            changes = {
                c: v
                for c, v in record.items()
                if c in updated and not _same(current[row].get(c), v)
            }
            if changes:
                table.update(row, changes)
                _fit_height(table, row, current[row], changes)
                result.count("updated")
            else:
                result.count("unchanged")
        else:
            appended.append(record)
            if entry.key in existing:
                elsewhere.append(line_no)
            for twin in by_porteur_title.get(_fallback_key(record) or "", ()):
                if places.get(twin, _place_of(current[twin])) == entry.place:
                    shown = _text(current[twin].get(NUMBER))
                    lookalikes.append((line_no, number or "", twin, shown))
                    break
            for column, lines in unplaced.items():
                if not _text(record.get(column)):
                    lines.append(line_no)
    result.rejected.sort(key=lambda r: r.line)  # in the file's order, whichever pass said it
    if elsewhere:
        shown = first_few(elsewhere)
        under = "sous un N°" if by_number else "sous un porteur et un intitulé"
        result.warnings.append(
            f"{counted(len(elsewhere), 'action ajoutée', 'actions ajoutées')} {under} que le "
            "classeur donne déjà à une action d'une autre année ou d'un autre territoire "
            f"({agreed(len(elsewhere), 'ligne', 'lignes')} {shown}) : "
            + agreed(len(elsewhere), "c'est une action distincte", "ce sont des actions distinctes")
            + ", celle du classeur est inchangée."
        )
    _unplaced_warning(unplaced, result)
    # « � » stands for a character the list's own software could not write (a sheet saved
    # from a mis-decoded text): a CSV so written is refused, a sheet's cells are what they are.
    garbled = [
        entry.line
        for entry, _ in plan
        if not isinstance(entry.record, str)
        and any("\ufffd" in str(entry.record.get(c) or "") for c in (TITLE, PORTEUR, PILIER))
    ]
    if garbled:
        shown = first_few(garbled)
        result.warnings.append(
            f"Caractères illisibles « \ufffd » dans l'intitulé, le porteur ou le pilier "
            f"({agreed(len(garbled), 'ligne', 'lignes')} {shown}) : le fichier a perdu des "
            "accents avant l'import ; corrigez-les dans la feuille Actions, ou exportez à "
            "nouveau la liste de son logiciel d'origine."
        )
    if lookalikes:
        said = first_few(
            (
                f"ligne {line} (N° « {number} ») et ligne {row} du classeur (N° « {theirs} »)"
                for line, number, row, theirs in lookalikes
            ),
            sep=" ; ",
        )
        result.warnings.append(
            f"{counted(len(lookalikes), 'action ajoutée a', 'actions ajoutées ont')} le porteur "
            "et l'intitulé d'une action du classeur de même année et même territoire, sous un "
            f"autre N° : {said}. Si c'est la même action, supprimez la ligne ajoutée dans la "
            "feuille Actions et écrivez le N° de la même façon dans la liste et le classeur."
        )
    if kept:
        # Silently ignored, the answers of a list looked lost: « inchangée », and the action
        # still « non marqué ».
        shown = first_few(kept)
        result.warnings.append(
            "Réponses ou commentaires du fichier non repris pour "
            f"{counted(len(kept), 'action', 'actions')} déjà dans le classeur "
            f"({agreed(len(kept), 'ligne', 'lignes')} {shown}) : un import ne "
            "modifie jamais les réponses ni les commentaires d'une action existante ; "
            "tapez-les dans la feuille Actions."
        )
    result.count("added", len(appended))
    result.count("rejected", len(result.rejected))
    slots = free[: len(appended)]
    slots += table.grow(len(appended) - len(slots))
    for row, record in zip(slots, appended):
        answers = [record.get(q) for q in QUESTION_IDS]
        marker, reason = evaluate_action(answers, rule)  # None: not marked, blank
        cached = {
            MARKER_COLUMN: "" if marker is None else marker,  # the formula's empty text
            DAUPHIN_COLUMN: dauphin_code(marker),
            REASON_COLUMN: reason,
        }
        table.fill(row, record, cached)
        table.set_height(row, row_height(record, reason))  # as the build sizes its rows


def _fit_height(
    table: ActionsTable, row: int, values: Mapping[str, Any], changes: Mapping[str, Any]
) -> None:
    """A known action whose wrapped texts changed (a longer title, pilier...) gets a row
    tall enough for them and its Motif (the cached one: answers never change here), as the
    build sizes it. Only ever taller: a row a user made taller by hand keeps its height, and
    a shorter text leaves a blank line at worst, never a cut one."""
    if not any(c in changes for c in WRAPPED):
        return
    needed = row_height({**values, **changes}, str(values.get(REASON_COLUMN) or ""))
    if needed > table.height(row):
        table.set_height(row, needed)


__all__ = ["ImportResult", "Rejection", "convert_line", "import_actions", "number_key"]
