"""A programmation row: the columns of the Actions table, in order, and what they hold."""

from __future__ import annotations

from collections.abc import Iterable

from efh_xl.core.engine import MARKER_COLUMN, REASON_COLUMN
from efh_xl.core.grid import QUESTION_IDS

# Sheets of the workbook that hold the user's data and rule.
ACTIONS_SHEET, GRID_SHEET, SETTINGS_SHEET = "Actions", "Grille", "Paramètres"

YEAR, TERRITORY, NUMBER, TITLE, PORTEUR, PILIER = (
    "Année",
    "Territoire",
    "N° action",
    "Action",
    "Porteur",
    "Pilier",
)
REQUESTED, GRANTED, COMMENTS = "Montant demandé", "Montant accordé", "Commentaires"
# The years an Année may hold: a typo such as 20266 would otherwise become a year of its own
# in every summary (import's lists, --annee, year=).
FIRST_YEAR, LAST_YEAR = 2000, 2100
# The marker as the State's subsidy platform labels it (G0, G1, G2), beside Marqueur.
DAUPHIN_COLUMN = "Code Dauphin"

COLUMNS: tuple[str, ...] = (
    YEAR,
    TERRITORY,
    NUMBER,
    TITLE,
    PORTEUR,
    PILIER,
    REQUESTED,
    GRANTED,
    *QUESTION_IDS,
    COMMENTS,
    MARKER_COLUMN,
    DAUPHIN_COLUMN,
    REASON_COLUMN,
)
AMOUNTS = (REQUESTED, GRANTED)
TEXTS = (TERRITORY, NUMBER, TITLE, PORTEUR, PILIER, COMMENTS)
DEFAULT_PILIERS = (
    "Cohésion sociale",
    "Cadre de vie et renouvellement urbain",
    "Développement économique et emploi",
    "Axe transversal : égalité femmes-hommes",
    "Axe transversal : jeunesse",
    "Axe transversal : lutte contre les discriminations",
)

# People an action plans to reach and reached (bilan): optional columns of the Actions table.
WOMEN_PLANNED, MEN_PLANNED = "Femmes prévues", "Hommes prévus"
WOMEN_REACHED, MEN_REACHED = "Femmes réalisées", "Hommes réalisés"
BENEFICIARIES = (WOMEN_PLANNED, MEN_PLANNED, WOMEN_REACHED, MEN_REACHED)


def funder_column(funder: str) -> str:
    """The Actions column holding a funder's euros (« Montant CAF »)."""
    return f"Montant {funder}"


def missing_funder_column(funder: str) -> str:
    """What to do when a funder of Paramètres has no column in the Actions table (added to
    the list after the build): its euros are counted nowhere until the column is there."""
    return (
        f"Le financeur « {funder} » de la feuille Paramètres n'a pas de colonne « "
        f"{funder_column(funder)} » dans le tableau Actions : ses montants ne sont comptés "
        "dans aucune synthèse. Insérez une colonne dans le tableau, juste avant « Marqueur » "
        f"(clic droit dans la colonne Marqueur › Insérer), nommez-la « {funder_column(funder)} "
        "», puis relancez."
    )


# What a summary shows when a column it counts by is missing from the Actions table (deleted,
# or renamed « Montant attribué »): it counted every action under « Sans territoire », or 0 €,
# and the refresh said « OK ».
_WITHOUT = {
    TERRITORY: "toutes les actions sont comptées sous « Sans territoire »",
    YEAR: "toutes les actions sont comptées sous l'année « (non renseignée) »",
    PILIER: "le tableau « Par pilier » ne compte aucune action sous son pilier",
    REQUESTED: "les synthèses ne montrent aucun montant demandé (leur colonne est omise)",
    GRANTED: "les montants accordés valent 0 € dans toutes les synthèses",
}


def table_warnings(columns: Iterable[str], funders: Iterable[str] = ()) -> list[str]:
    """What a user must hear of the Actions table's columns before reading its summaries: a
    column the summaries count by that is missing, and a funder of Paramètres without its
    column. A header the tool does not know is named, as the likely renamed one."""
    present = list(columns)
    have = set(present)
    known = set(table_columns(tuple(funders)))
    unknown = [c for c in present if c not in known]
    said = []
    for column, without in _WITHOUT.items():
        if column in have:
            continue
        if unknown:
            others = ", ".join(f"« {c} »" for c in unknown)
            fix = (
                f"Si c'est l'une de ses colonnes que l'outil ne connaît pas ({others}), "
                f"renommez-la « {column} » ; sinon, rétablissez la colonne ; puis relancez."
            )
        else:
            fix = "Rétablissez-la sous ce nom, puis relancez."
        said.append(f"Le tableau Actions n'a pas de colonne « {column} » : {without}. {fix}")
    said += [missing_funder_column(f) for f in funders if funder_column(f) not in have]
    return said


def table_columns(funders: tuple[str, ...] = (), beneficiaries: bool = True) -> tuple[str, ...]:
    """The columns of a built Actions table: the fixed ones, with the optional ones (one amount
    per funder, then the people reached) after Commentaires, before the computed columns, so
    that the answer columns keep their place."""
    at = COLUMNS.index(COMMENTS) + 1
    optional = tuple(funder_column(f) for f in funders) + (BENEFICIARIES if beneficiaries else ())
    return COLUMNS[:at] + optional + COLUMNS[at:]
