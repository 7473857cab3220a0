"""Lire les marqueurs d'une programmation dans pandas, et les croiser par territoire.

Exemple d'usage de l'API Python d'efh_xl (voir docs/api.md) :
``python marqueurs_pandas.py efh_grille.xlsm --csv marqueurs.csv``
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

import efh_xl


def marqueurs(classeur: Path) -> pd.DataFrame:
    """Les actions du classeur avec leur marqueur, leur motif et s'il faut les corriger."""
    # Le tableau Actions tel qu'il est enregistré, et la règle de la feuille Grille du classeur
    # (si elle a été modifiée, c'est elle qui s'applique).
    donnees = efh_xl.read_workbook(classeur)
    actions = donnees.actions
    # Les colonnes Marqueur et Motif du fichier sont les dernières valeurs calculées par
    # Excel : on les recalcule avec le moteur, qui suit la même règle que les formules.
    # (efh_xl.evaluate donne seulement Marqueur et Motif ; assess donne aussi les problèmes.)
    evaluation = efh_xl.assess(actions, donnees.rule)
    return actions.assign(
        Marqueur=evaluation.markers,
        Motif=evaluation.reasons,
        # Réponse manquante, incohérente ou non reconnue : l'action est à corriger.
        **{"À corriger": evaluation.flags > 0},
    )


def par_territoire(actions: pd.DataFrame) -> pd.DataFrame:
    """Nombre d'actions par territoire et par marqueur (0, 1, 2), avec la part M1+M2."""
    tableau = pd.crosstab(actions["Territoire"], actions["Marqueur"])
    tableau = tableau.reindex(columns=[0, 1, 2], fill_value=0)
    tableau["Part M1+M2"] = (tableau[1] + tableau[2]) / tableau.sum(axis=1)
    return tableau


def main(argv: list[str] | None = None) -> int:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("classeur", type=Path, help="classeur .xlsm ou .xlsx")
    arguments.add_argument("--csv", type=Path, help="écrire les actions et leurs marqueurs")
    options = arguments.parse_args(argv)
    try:
        actions = marqueurs(options.classeur)
    except efh_xl.EfhError as erreur:
        # Classeur introuvable, ouvert dans Excel, sans tableau Actions… : le message dit
        # quoi faire.
        print(erreur, file=sys.stderr)
        return erreur.exit_code

    print(par_territoire(actions).to_string(float_format=lambda part: f"{part:.0%}"))
    a_corriger = actions[actions["À corriger"]]
    print(f"\n{len(actions)} actions, dont {len(a_corriger)} à corriger :")
    print(a_corriger[["N° action", "Motif"]].to_string(index=False, max_colwidth=90))
    if options.csv:
        # Point-virgule et BOM : le CSV s'ouvre directement dans Excel en français.
        actions.to_csv(options.csv, sep=";", index=False, encoding="utf-8-sig")
    return 0


if __name__ == "__main__":
    sys.exit(main())
