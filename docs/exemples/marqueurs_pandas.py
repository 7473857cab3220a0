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


def marqueurs(donnees: efh_xl.WorkbookData) -> pd.DataFrame:
    """Les actions du classeur avec leur marqueur, leur motif et s'il faut les corriger."""
    actions = donnees.actions
    # Les colonnes Marqueur et Motif du fichier sont les dernières valeurs calculées par
    # Excel : on les recalcule avec le moteur, qui suit la même règle que les formules.
    # efh_xl.evaluate donne Marqueur et Motif comme le classeur les montre (Marqueur vide pour
    # une action non marquée) ; assess donne aussi les problèmes.
    resultats = efh_xl.evaluate(actions, donnees.rule)
    evaluation = efh_xl.assess(actions, donnees.rule)
    return actions.assign(
        Marqueur=resultats["Marqueur"],
        Motif=resultats["Motif"],
        # Réponse manquante, incohérente ou non reconnue : l'action est à corriger.
        **{"À corriger": evaluation.flags > 0},
    )


def par_territoire(donnees: efh_xl.WorkbookData) -> pd.DataFrame:
    """Nombre d'actions par territoire : marqueurs 0, 1, 2, provisoires et non marquées, avec
    la part M1+M2 des actions marquées, les chiffres des feuilles de synthèse."""
    # Une action pas encore relue (non marquée) ou à qui il manque une réponse (provisoire)
    # n'est pas au marqueur 0 : summarize les compte à part, et calcule la part M1+M2 sur les
    # actions marquées, comme les synthèses.
    synthese = efh_xl.summarize(donnees.actions, donnees.rule, donnees.settings)
    lignes = {
        territoire.name: {
            **territoire.by_marker["Actions"].to_dict(),
            "Part M1+M2": territoire.share_1_or_2,
        }
        for territoire in synthese.territories
    }
    return pd.DataFrame.from_dict(lignes, orient="index")


def main(argv: list[str] | None = None) -> int:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("classeur", type=Path, help="classeur .xlsm ou .xlsx")
    arguments.add_argument("--csv", type=Path, help="écrire les actions et leurs marqueurs")
    options = arguments.parse_args(argv)
    try:
        # Le tableau Actions tel qu'il est enregistré, et la règle de la feuille Grille du
        # classeur (si elle a été modifiée, c'est elle qui s'applique).
        donnees = efh_xl.read_workbook(options.classeur)
    except efh_xl.EfhError as erreur:
        # Classeur introuvable, ouvert dans Excel, sans tableau Actions… : le message dit
        # quoi faire.
        print(erreur, file=sys.stderr)
        return erreur.exit_code
    actions = marqueurs(donnees)

    print(par_territoire(donnees).to_string(float_format=lambda part: f"{part * 100:.0f} %"))
    a_corriger = actions[actions["À corriger"]]
    print(f"\n{len(actions)} actions, dont {len(a_corriger)} à corriger :")
    print(a_corriger[["N° action", "Motif"]].to_string(index=False, max_colwidth=90))
    if options.csv:
        # Point-virgule et BOM : le CSV s'ouvre directement dans Excel en français.
        pour_excel(actions).to_csv(options.csv, sep=";", index=False, encoding="utf-8-sig")
    return 0


def pour_excel(actions: pd.DataFrame) -> pd.DataFrame:
    """Les valeurs comme Excel en français les lit : 2024 et 45500 (et non 2024.0, que pandas
    écrit pour les nombres d'une colonne qui a des cases vides), 12,5 avec une virgule, oui et
    non plutôt que True et False."""

    def valeur(cellule: object) -> object:
        if isinstance(cellule, bool):
            return "oui" if cellule else "non"
        if isinstance(cellule, float):
            if cellule != cellule:  # case vide
                return ""
            return f"{cellule:.10g}".replace(".", ",")
        return cellule

    return actions.map(valeur)


if __name__ == "__main__":
    sys.exit(main())
