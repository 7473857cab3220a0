"""Headers of the lists people receive, read as the columns of the Actions table.

Exports of the State's subsidy platform, an intercommunality's spreadsheet or an
OpenDataFrance « subventions » file name the same columns in many ways. A header is compared
once normalised (case, accents, punctuation and small words dropped: « N° de l'action » and
« n action » are the same), and the usual wordings are listed here, as data.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence

from efh_xl.core.engine import MARKER_COLUMN, REASON_COLUMN
from efh_xl.core.grid import QUESTION_IDS
from efh_xl.core.programmation import (
    AMOUNTS,
    COMMENTS,
    GRANTED,
    NUMBER,
    PILIER,
    PORTEUR,
    REQUESTED,
    TERRITORY,
    TITLE,
    YEAR,
)

# The files a list of actions may be (import and evaluate read the same ones): text,
# separated by « ; », « , » or tabs, and the spreadsheets python-calamine reads.
TEXT_SUFFIXES = (".csv", ".txt", ".tsv")
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")


def list_formats() -> str:
    """The files a list may be, in French, for help texts and messages."""

    def spelled(suffixes: Iterable[str]) -> str:
        *first, last = suffixes
        return ", ".join(first) + " ou " + last

    return f"fichier {spelled(TEXT_SUFFIXES)}, ou classeur {spelled(SPREADSHEET_SUFFIXES)}"


# A date column a year can be taken from (OpenDataFrance's dateConvention) when there is no
# year column.
DATE = "Date"
# Columns of the list that are known and deliberately not imported.
IGNORED = "(ignorée)"

_SMALL_WORDS = {"de", "du", "des", "d", "l", "la", "le", "les", "en", "a", "au", "aux", "par"}
# Unit marks: « Montant proposé (€) », « Montant en euros », « Montant (EUR) » name the amount.
_UNIT_WORDS = {"eur", "euro", "euros"}

# Normalised wordings, by the column they mean.
SYNONYMS: dict[str, tuple[str, ...]] = {
    NUMBER: (
        "n action",
        "no action",
        "num action",
        "numero action",
        "n dossier",
        "no dossier",
        "num dossier",
        "numero dossier",
        # The State's platform (Dauphin) names its file number « N° de dossier (Dauphin) ».
        "n dossier dauphin",
        "no dossier dauphin",
        "num dossier dauphin",
        "numero dossier dauphin",
        "n dauphin",
        "numero dauphin",
        "n projet",
        "numero projet",
        "reference dossier",
        "ref dossier",
        "reference action",
        "ref action",
        "code action",
        "id action",
        "identifiant action",
        "n prj",
        "prj",
        "dossier",
        "numero",
        "n",
    ),
    TITLE: (
        "action",
        "intitule",
        "intitule action",
        "libelle",
        "libelle action",
        "objet",
        "intitule projet",
        "intitule dossier",
        "libelle dossier",
        "nom action",
        "titre",
        "titre action",
        "projet",
        "nom projet",
        "libelle projet",
        "objet subvention",
    ),
    PORTEUR: (
        "porteur",
        "structure porteuse",
        "beneficiaire",
        "nombeneficiaire",
        "nom beneficiaire",
        "porteur projet",
        "organisme",
        "organisme porteur",
        "structure",
        "raison sociale",
        "association",
        "operateur",
    ),
    PILIER: ("pilier", "axe", "pilier contrat ville", "thematique", "axe contrat ville"),
    REQUESTED: (
        "montant demande",
        "montant sollicite",
        "demande",
        "sollicite",
        "subvention demandee",
        "subvention sollicitee",
        "montant subvention demandee",
        "montant subvention sollicitee",
    ),
    GRANTED: (
        "montant accorde",
        "montant attribue",
        "montant vote",
        "montant",
        "accorde",
        "attribue",
        "vote",
        "subvention accordee",
        "subvention attribuee",
        "subvention votee",
        "montant subvention accordee",
        "montant subvention attribuee",
        # The amount a comité settles on, as exports name it before the vote.
        "montant propose",
        "montant retenu",
        "montant programme",
        "subvention proposee",
        "subvention retenue",
        "subvention programmee",
    ),
    YEAR: ("annee", "annee programmation", "programmation", "exercice", "millesime"),
    TERRITORY: (
        "territoire",
        "contrat ville",
        "contrat",
        "epci",
        "intercommunalite",
        "territoire contrat ville",
    ),
    DATE: ("dateconvention", "date convention", "date decision", "datedecision"),
    COMMENTS: ("commentaires", "commentaire", "observations", "remarques"),
    # « Q2a », and « Question 2a » as a grid copied into a spreadsheet names it.
    **{q: (q.casefold(), f"question {q[1:].casefold()}") for q in QUESTION_IDS},
    # OpenDataFrance fields that say nothing the Actions table holds.
    IGNORED: (
        "nomattribuant",
        "idattribuant",
        "idbeneficiaire",
        "nature",
        "conditionsversement",
        "datesperiodeversement",
        "idrae",
        "notificationue",
        "pourcentagesubvention",
        "referencedecision",
        # Computed by the workbook from the answers: a list's own copy is not imported.
        MARKER_COLUMN.casefold(),
        REASON_COLUMN.casefold(),
        "code dauphin",
    ),
}


def normalise(header: object) -> str:
    """A header without case, accents, punctuation, small words and unit marks."""
    text = unicodedata.normalize("NFKD", str(header)).encode("ascii", "ignore").decode()
    text = text.casefold().replace("€", " ")
    words = re.findall(r"[a-z0-9]+", text)
    kept = [_SINGULAR.get(w, w) for w in words if w not in _SMALL_WORDS and w not in _UNIT_WORDS]
    return " ".join(kept or words)


# Plurals of the words amount headers start with: « Montants » over « demandé | accordé ».
_SINGULAR = {"montants": "montant", "subventions": "subvention"}


_BY_WORDING = {wording: column for column, words in SYNONYMS.items() for wording in words}

# Words of a header giving its euros in thousands or millions (« Montant accordé (k€) »,
# « en milliers d'euros », « KEUR », « M€ »), once normalised, and their factor.
_SCALES = {
    **dict.fromkeys(("k", "ke", "keur", "keuro", "keuros", "kilo", "millier", "milliers"), 1000),
    **dict.fromkeys(("m", "meur", "meuro", "meuros", "million", "millions"), 1_000_000),
}


def _in_euros(header: str) -> bool:
    """Whether a header gives its own unit, in euros (« (€) », « en euros »)."""
    return "€" in header or bool(
        {"eur", "euro", "euros"} & set(re.findall(r"[a-z]+", header.casefold()))
    )


def amount_scale(header: object) -> int:
    """The factor a header's amounts are given in: 1000 for « Montant accordé (k€) » or « en
    milliers d'euros », 1,000,000 for « M€ », 1 otherwise."""
    return next((_SCALES[w] for w in normalise(header).split() if w in _SCALES), 1)


# A title above a list's header giving the unit of its amounts: « Programmation 2025
# (montants en k€) », « en milliers d'euros », « Subventions (M€) ». Only these explicit
# wordings: a title's lone « M » is a person (« M. Martin »), not millions.
_TITLE_SCALE = re.compile(
    r"(?:\ben\s+|\(\s*)(k\s*€|k\s*eur(?:os?)?\b|milliers?\s+d['’]\s*euros|m\s*€"
    r"|m\s*eur(?:os?)?\b|millions?\s+d['’]\s*euros)",
    re.IGNORECASE,
)


def title_scale(title: object) -> int:
    """The factor a title above a list's header gives its amounts in (see _TITLE_SCALE): 1000,
    1,000,000, or 1 when it gives none."""
    if not isinstance(title, str):
        return 1
    found = _TITLE_SCALE.search(title)
    if found is None:
        return 1
    unit = found.group(1).casefold()
    return 1000 if unit.startswith(("k", "millier")) else 1_000_000


def unit_of_its_own(header: object) -> bool:
    """Whether an amount's header gives its unit itself (« (€) », « (k€) », « en euros »)."""
    return amount_scale(header) != 1 or _in_euros(str(header))


def known_column(header: object, mapping: Mapping[str, str] | None = None) -> str | None:
    """The column a header means (a column of the Actions table, DATE or IGNORED), or None.

    ``mapping`` (normalised header -> column) is the user's own, read first.
    """
    key = normalise(header)
    if not key:
        return None
    if mapping and key in mapping:
        return mapping[key]
    found = _BY_WORDING.get(key) or _labelled_question(header)
    if found is None and amount_scale(header) != 1:
        # An amount in thousands (« Montant accordé (k€) »): the amount, its values scaled.
        unscaled = _BY_WORDING.get(unscaled_key(header))
        found = unscaled if unscaled in AMOUNTS else None
    return found


def unscaled_key(header: object) -> str:
    """A header normalised without its unit of thousands or millions (« Montant CAF (k€) »
    -> « montant caf »), to find the column its amounts go to."""
    return " ".join(w for w in normalise(header).split() if w not in _SCALES)


# A question named by its number and a label (« Q1 – Public mixte », as the summary sheets
# name it; « Q2 b (non-mixité) », « Question 2-b cohérence »): the list was said to have no
# answers. The label is any words but figures (« Q1 2025 » is a quarter, not a question).
_LABELLED_QUESTION = re.compile(r"(?:q|question )(1|2 ?a|2 ?b|3|4|5)(?: ([a-z ]+))?")


# Words of a column about a question that holds no answer (« Q5 commentaire », « Q3 date de
# réponse »): read as the answers, a comment left of Q5 was taken for them.
_NO_ANSWER_WORDS = frozenset(
    "commentaire commentaires observation observations remarque remarques note notes date "
    "justification justificatif precision precisions detail details motif raison source".split()
)


def _labelled_question(header: object) -> str | None:
    # Every word kept: normalise drops « a », which « Q2 a » needs.
    text = unicodedata.normalize("NFKD", str(header)).encode("ascii", "ignore").decode()
    match = _LABELLED_QUESTION.fullmatch(" ".join(re.findall(r"[a-z0-9]+", text.casefold())))
    if match is None or not _NO_ANSWER_WORDS.isdisjoint((match[2] or "").split()):
        return None
    question = "Q" + match[1].replace(" ", "")
    return question if question in QUESTION_IDS else None


# Words of a header naming a quartier prioritaire (QPV, or an IRIS of one): a place inside
# the territory (the contrat de ville), which no column of the Actions table holds. Guessed
# « Territoire », a hurried user got one synthesis per quartier.
QUARTIER_WORDS = frozenset({"quartier", "quartiers", "qpv", "iris"})


def names_a_quartier(header: object) -> bool:
    """Whether a header names the quartier prioritaire of an action (see QUARTIER_WORDS)."""
    return not QUARTIER_WORDS.isdisjoint(normalise(header).split())


# Words that start a header of euros, and those the action's own amounts are named with: an
# amount header holding another word names whose euros they are (« Montant FSE », « Subvention
# Département »), a funder's share, never the action's granted amount (the hint sent the
# Département's euros into « Montant accordé ») nor a territory (« Montant Ville »).
_AMOUNT_STARTS = frozenset({"montant", "subvention", "financement", "participation", "part"})
_AMOUNT_WORDS = frozenset(
    word
    for column in (REQUESTED, GRANTED)
    for wording in SYNONYMS[column]
    for word in wording.split()
) | {"total", "global", "globale", "eur", "euros", "ttc", "ht"}


def _names_a_funder(header: object) -> bool:
    """Whether a header names the euros of someone, not the action's own amount."""
    words = normalise(header).split()
    if not words or words[0] not in _AMOUNT_STARTS:
        return False
    return any(w not in _AMOUNT_WORDS and not w.isdigit() for w in words[1:])


def likely_column(header: object) -> str | None:
    """The column of the Actions table an unknown header most likely means (« Intitul » for
    a mis-decoded « Intitulé » -> Action), for the hint that names it; None when none is
    close, and for a quartier (:func:`names_a_quartier`). Only a guess to show: the header
    itself stays unread until the user maps it."""
    import difflib

    if names_a_quartier(header) or _names_a_funder(header):
        return None
    wordings = [w for w, c in _BY_WORDING.items() if c not in (IGNORED, DATE)]
    found = difflib.get_close_matches(normalise(header), wordings, n=1, cutoff=0.6)
    return _BY_WORDING[found[0]] if found else None


def closeness(header: object, column: str) -> float:
    """How close ``header`` is to the nearest wording of ``column`` (0 to 1, as difflib
    measures it): « Intitul� » is 0.93 from Action, « Statut du dossier » 0.72 from N° action."""
    import difflib

    typed = normalise(header)
    return max(
        (
            difflib.SequenceMatcher(None, typed, wording).ratio()
            for wording, named in _BY_WORDING.items()
            if named == column
        ),
        default=0.0,
    )


def target_column(name: str) -> str | None:
    """The column a user names as a mapping target (« Montant accordé », « ignorer »...)."""
    key = normalise(name)
    if key in ("", "ignorer", "ignore", "aucune", "rien"):
        return IGNORED
    return _BY_WORDING.get(key)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def header_score(cells: Iterable[object], mapping: Mapping[str, str] | None = None) -> int:
    """How many distinct columns of the Actions table a row of cells names (to find the
    header row); a column known and not imported counts for none."""
    found = {known_column(c, mapping) for c in cells if not _blank(c)}
    return len(found - {None, IGNORED})


def two_row_header(
    upper: Sequence[object], lower: Sequence[object], mapping: Mapping[str, str] | None = None
) -> list[object] | None:
    """The headers of a header row written on two rows, or None when the two rows are no
    such header.

    Spreadsheets group columns under a cell merged across them: « Montants » over « demandé |
    accordé », « Réponses à la grille » over « Q1 … Q5 », the other headers merged down the
    two rows (a merged cell's text is in its top cell). Read as one row, either row lost the
    other's columns (the numbers and titles under « Réponses », the amounts).

    Each column's header is the first of these a column is known by: the group's text and
    the lower cell joined (« Subvention » + « demandée »), the lower cell alone; the joined
    text when neither is known; the upper cell alone over a blank lower one. A group spans
    the blank upper cells right of its own, when its own column has a lower cell. The rows
    are one header only when all their cells are text, an upper cell naming a column alone
    has no lower cell unless it groups several, and joined they name more columns than
    either row alone: a title above the header, or a first row of values, is not taken for
    half of it.
    """
    if not all(_blank(c) or isinstance(c, str) for c in (*upper, *lower)):
        return None
    width = max(len(upper), len(lower))
    tops = [
        str(upper[j]).strip() if j < len(upper) and not _blank(upper[j]) else ""
        for j in range(width)
    ]
    bottoms = [
        str(lower[j]).strip() if j < len(lower) and not _blank(lower[j]) else ""
        for j in range(width)
    ]
    headers: list[object] = []
    group = ""
    for j, (top, bottom) in enumerate(zip(tops, bottoms)):
        if top and bottom and known_column(top, mapping) is not None:
            # A header of its own with a cell under it: a group only if merged across (the
            # next upper cell blank over a lower one); else the lower row is a first row of
            # values (« Q1 » over « OUI », « N° action » over « PRJ-01 »).
            if not (j + 1 < width and not tops[j + 1] and bottoms[j + 1]):
                return None
        if top:
            group = top if bottom else ""  # a group has its own lower cell
        if not bottom:
            headers.append(top)
            continue
        head = top or group
        # Never the group's text alone: over a header it does not name, a title above the
        # header row (« Contrat de ville ») made « Statut » the territory.
        ways = [f"{head} {bottom}", bottom] if head else [bottom]
        if head and _in_euros(bottom):  # « accordé (€) » under « Montants (k€) »: its own unit
            ways.reverse()
        headers.append(next((w for w in ways if known_column(w, mapping)), ways[0]))
    joined = header_score(headers, mapping)
    if joined <= max(header_score(upper, mapping), header_score(lower, mapping)):
        return None
    return headers


# pandas' readers name a repeated header « Q1.1 », « Q1.2 »: the header typed is « Q1 ».
_REPEATED = re.compile(r"^(.*)\.[1-9][0-9]*$", re.DOTALL)


def typed_header(name: object, names: Iterable[object]) -> object:
    """The header a user typed for a column pandas named ``name`` among ``names``: « Q1 » for
    the « Q1.1 » that a second « Q1 » became; ``name`` itself otherwise."""
    if isinstance(name, str):
        match = _REPEATED.match(name)
        if match and match[1] in {str(n) for n in names if n != name}:
            return match[1]
    return name


def question_columns(names: Iterable[object]) -> tuple[dict[str, object], list[tuple[object, ...]]]:
    """The column read for each question a list's headers name (the leftmost of those naming
    it: « Q1 », « q1 », « Question 1 »), and the headers naming a question another column
    gives already, as (question, header read, header left aside), the headers as typed."""
    names = list(names)
    found: dict[str, object] = {}
    repeated: list[tuple[object, ...]] = []
    for name in names:
        typed = typed_header(name, names)
        question = known_column(typed)
        if question not in QUESTION_IDS:
            continue
        if question in found:
            repeated.append((question, typed_header(found[question], names), typed))
        else:
            found[question] = name
    return found, repeated


__all__ = [
    "DATE",
    "IGNORED",
    "QUARTIER_WORDS",
    "SYNONYMS",
    "amount_scale",
    "title_scale",
    "unit_of_its_own",
    "header_score",
    "known_column",
    "closeness",
    "likely_column",
    "names_a_quartier",
    "normalise",
    "question_columns",
    "target_column",
    "typed_header",
    "two_row_header",
    "unscaled_key",
]
