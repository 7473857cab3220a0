"""A programmation row: the columns of the Actions table, in order, and what they hold."""

from __future__ import annotations

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
