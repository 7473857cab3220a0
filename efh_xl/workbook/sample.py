"""The fictional sample programmation shipped in the workbook (three territories, 40 actions each).

Territories, porteurs and titles are invented. Answers are drawn with a fixed seed, after a
fixed head of rows that covers every marker and every reason category, so the workbook always
shows each case.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from efh_xl.core.grid import QUESTION_IDS
from efh_xl.core.plural import agreed, counted
from efh_xl.core.programmation import (
    DEFAULT_PILIERS,
    MEN_PLANNED,
    MEN_REACHED,
    WOMEN_PLANNED,
    WOMEN_REACHED,
    funder_column,
)
from efh_xl.core.settings import DEFAULT_FUNDERS, Settings

TERRITORIES = (
    "Val-de-Lys Métropole",
    "Communauté urbaine des Deux-Rives",
    "Agglomération de Hautecombe",
)
SHORT_NAMES = ("Val-de-Lys", "Deux-Rives", "Hautecombe")
PILIERS = DEFAULT_PILIERS
ACTIONS = (
    ("Ateliers sociolinguistiques pour les parents", 0),
    ("Accompagnement à la scolarité en collège", 0),
    ("Permanence d'accès aux droits", 0),
    ("Sport au féminin au pied des immeubles", 3),
    ("Théâtre forum sur l'égalité filles-garçons", 3),
    ("Médiation sociale de soirée", 0),
    ("Chantier éducatif d'été", 4),
    ("Clubs de devoirs et coins lecture", 0),
    ("Santé des femmes : dépistage et prévention", 3),
    ("Jardins partagés et cuisine collective", 1),
    ("Gestion urbaine de proximité : marches exploratoires de femmes", 1),
    ("Embellissement des halls d'immeubles", 1),
    ("Forum emploi des quartiers", 2),
    ("Accompagnement à la création d'activité", 2),
    ("Permis de conduire solidaire", 2),
    ("Garde d'enfants pour mères en formation", 2),
    ("Lutte contre les discriminations à l'embauche", 5),
    ("Mobilité des jeunes femmes vers l'emploi", 2),
    ("Ciné-débat citoyen", 5),
    ("Prévention des violences sexistes au collège", 3),
    ("Boxe éducative mixte", 4),
    ("Festival de quartier", 0),
    ("Numérique solidaire : ateliers d'inclusion", 0),
    ("Groupe de parole de pères", 3),
    ("Soutien à la parentalité", 0),
    ("Remobilisation vers l'emploi des femmes isolées", 2),
    ("Conseil citoyen : formation des membres", 5),
    ("Réussite éducative : parcours individualisés", 4),
    ("Éco-rénovation avec les habitants", 1),
    ("Job dating des métiers en tension", 2),
)
PORTEURS = (
    "Association Les Ailes du Quartier",
    "Centre social Arc-en-Ciel",
    "Régie de quartier Horizon",
    "Maison des Femmes du Val",
    "Club sportif La Passerelle",
    "Compagnie Théâtre en Rue",
    "Mission locale des Deux-Rives",
    "Ville (service jeunesse)",
    "Bailleur Habitat Nord-Sud",
    "Association Parents Ensemble",
    "Boutique de gestion Initiatives",
    "Centre d'information sur les droits des femmes",
)
YEARS = (2024, 2025)

# The head of each territory: every marker and every reason category, in that order.
HEAD: tuple[tuple[object, ...], ...] = (
    ("OUI", "OUI", None, "OUI", "OUI", "OUI"),  # 2, dark green
    ("NON", "OUI", "OUI", "OUI", "NON", "OUI"),  # 2, hatched
    ("OUI", "NON", None, "OUI", "OUI", "OUI"),  # 1, missing Q2a for 2
    ("OUI", "NON", None, "OUI", "OUI", "NON"),  # 0, missing Q5 for 1
    ("OUI", "NON", None, None, "OUI", None),  # incomplete
    ("OUI", "NON", "OUI", "OUI", "OUI", "OUI"),  # Q2b sans objet
    ("NON", "NON", None, "OUI", "NON", "NON"),  # Q2b requise
    ("OUI", "NON", None, "OUI", "peut-être", "OUI"),  # unrecognised
    ("oui ", "Non", None, "x", "OUI", "o"),  # spelling variants, read fine
    ("NON", "NON", "NON", "NON", "NON", "NON"),  # 0, nothing
    (None, None, None, None, None, None),  # not marked yet
)
# Every this many actions after the head, one is not reviewed yet (no answer at all).
UNMARKED_EVERY = 17
EQUALITY_PILIER = 3  # « Axe transversal : égalité femmes-hommes »
# Answer drawing for the rest: OUI/NON mostly, some blanks and a little junk.
_DRAW = np.array(["OUI", "NON", None, "oui", "?", "à voir"], dtype=object)
_DRAW_P = np.array([0.56, 0.41, 0.01, 0.01, 0.005, 0.005])


def _identity(t_index: int, i: int) -> tuple[str, tuple[str, int]]:
    """The number and the (title, pilier) of the sample's ``i``-th action of a territory."""
    territory = TERRITORIES[t_index]
    code = "".join(w[0] for w in territory.replace("-", " ").split() if w[0].isupper())
    number = f"PRJ-{YEARS[i % len(YEARS)]}-{code}-{i + 1:03d}"
    return number, ACTIONS[(i * 7 + t_index * 11) % len(ACTIONS)]


PER_TERRITORY = 40  # the shipped workbook's actions per territory


def sample_actions(per_territory: int = PER_TERRITORY, seed: int = 2021) -> pd.DataFrame:
    """The sample programmation as a DataFrame with the columns of the Actions table."""
    rng = np.random.default_rng(seed)
    extra = np.random.default_rng(seed + 1)  # funders and people: the answers stay as they were
    rows = []
    for t_index, territory in enumerate(TERRITORIES):
        for i in range(per_territory):
            number, (title, pilier_index) = _identity(t_index, i)
            requested = float(rng.integers(4, 120) * 500)
            granted_share = rng.choice([1.0, 1.0, 0.8, 0.5, 0.0])
            granted = None if i % 13 == 12 else round(requested * granted_share / 100) * 100.0
            if i < len(HEAD):
                answers = list(HEAD[i])
            elif i % UNMARKED_EVERY == 0:
                answers = [None] * len(QUESTION_IDS)
            elif pilier_index == EQUALITY_PILIER:
                # The equality axis funds actions built for it: mostly marker 1 or 2.
                answers = list(rng.choice(["OUI", "OUI", "OUI", "NON"], size=len(QUESTION_IDS)))
                answers[0] = rng.choice(["OUI", "NON"], p=[0.6, 0.4])
                answers[1] = rng.choice(["OUI", "NON"], p=[0.6, 0.4])
                answers[2] = "OUI" if answers[0] == "NON" else None
            else:
                answers = list(rng.choice(_DRAW, size=len(QUESTION_IDS), p=_DRAW_P))
                # A principal EFH objective (Q2a) is rare in real programmations.
                if answers[1] in ("OUI", "NON", "oui"):
                    answers[1] = rng.choice(["OUI", "NON"], p=[0.15, 0.85])
                # Q2b is answered only when the public is not mixed, as reviewers do.
                answers[2] = (
                    rng.choice(["OUI", "NON"], p=[0.7, 0.3]) if answers[0] == "NON" else None
                )
            comment = {
                4: "Dossier incomplet : relancer le porteur.",
                7: "Question 4 à revoir avec le porteur.",
            }.get(i)
            rows.append(
                {
                    "Année": YEARS[i % len(YEARS)],
                    "Territoire": territory,
                    "N° action": number,
                    "Action": title,
                    "Porteur": PORTEURS[(i * 5 + t_index * 3) % len(PORTEURS)],
                    "Pilier": PILIERS[pilier_index],
                    "Montant demandé": requested,
                    "Montant accordé": granted,
                    **dict(zip(QUESTION_IDS, answers)),
                    "Commentaires": comment,
                    **_funding(extra, granted),
                    **_people(extra, YEARS[i % len(YEARS)], pilier_index, answers[0]),
                }
            )
    return pd.DataFrame(rows)


def _funding(rng: np.random.Generator, granted: float | None) -> dict[str, float | None]:
    """The granted euros split between the State (most of the time) and one to three other
    funders, in hundreds of euros."""
    amounts: dict[str, float | None] = {funder_column(f): None for f in DEFAULT_FUNDERS}
    if not granted:
        return amounts
    others = list(
        rng.choice(np.arange(1, len(DEFAULT_FUNDERS)), size=rng.integers(1, 4), replace=False)
    )
    chosen = ([0] if rng.random() < 0.85 else []) + [int(o) for o in others]
    shares = rng.dirichlet(np.ones(len(chosen)) * 2)
    left = granted
    for k, (funder, share) in enumerate(zip(chosen, shares)):
        amount = left if k == len(chosen) - 1 else round(granted * share / 100) * 100.0
        amount = min(amount, left)
        amounts[funder_column(DEFAULT_FUNDERS[funder])] = amount
        left -= amount
    return amounts


def _people(rng: np.random.Generator, year: int, pilier: int, q1: object) -> dict[str, object]:
    """Women and men planned; reached only for the year whose bilan is done (the first)."""
    planned = int(rng.integers(8, 160))
    if pilier == EQUALITY_PILIER:
        women = rng.uniform(0.6, 0.9)
    elif q1 == "NON":  # a public that is not mixed: mostly women or mostly men
        women = rng.choice([rng.uniform(0.85, 1.0), rng.uniform(0.0, 0.15)])
    else:
        women = rng.uniform(0.35, 0.6)
    values: dict[str, object] = {
        WOMEN_PLANNED: round(planned * women),
        MEN_PLANNED: planned - round(planned * women),
        WOMEN_REACHED: None,
        MEN_REACHED: None,
    }
    if year == YEARS[0]:
        reached = planned * rng.uniform(0.6, 1.1)
        values[WOMEN_REACHED] = round(reached * min(1.0, women * rng.uniform(0.85, 1.1)))
        values[MEN_REACHED] = round(reached) - values[WOMEN_REACHED]
    return values


def sample_settings() -> Settings:
    """The settings of the shipped workbook: default targets and weights, a short name per
    territory (sheet tabs), the usual funders of a contrat de ville."""
    return Settings(short_names=tuple(zip(TERRITORIES, SHORT_NAMES)), funders=DEFAULT_FUNDERS)


@functools.cache
def _sample_keys() -> frozenset[tuple[str, str]]:
    """(number, title) of each action of the shipped sample."""
    keys = (_identity(t, i) for t in range(len(TERRITORIES)) for i in range(PER_TERRITORY))
    return frozenset((number, title) for number, (title, _) in keys)


def sample_rows(numbers: Iterable[Any], titles: Iterable[Any]) -> int:
    """How many of the actions given by their numbers and titles are actions of the fictional
    sample (the shipped workbook's): a territory that starts from a copy of it keeps them, and
    a consolidation then counts three fictional territories among the real ones."""
    keys = _sample_keys()
    return sum(1 for key in zip(numbers, titles) if key in keys)


def sample_warning(n: int) -> str:
    """The warning naming ``n`` actions of the fictional sample in a workbook."""
    them = agreed(n, "sa ligne", "leurs lignes")
    return (
        f"{counted(n, 'action', 'actions')} de l'exemple fictif du classeur livré (territoires "
        f"{', '.join(TERRITORIES)}) : {agreed(n, 'elle est comptée', 'elles sont comptées')} "
        "comme les autres actions. Si ce classeur est parti d'une copie du classeur d'exemple, "
        f"supprimez {them} de sa feuille Actions (un classeur vide : efh-xl build --vide)"
    )
