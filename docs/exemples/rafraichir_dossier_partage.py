"""Rafraîchir chaque nuit tous les classeurs d'un dossier partagé, avec un rapport.

Exemple d'usage de l'API Python d'efh_xl (voir docs/api.md). À planifier chaque nuit :

- Linux : crontab -e, puis
  ``30 2 * * * python rafraichir_dossier_partage.py /srv/partage/contrats-de-ville``
- Windows : Planificateur de tâches, action « python rafraichir_dossier_partage.py
  \\\\serveur\\partage\\contrats-de-ville ».

Le rapport est écrit dans le dossier partagé (``rapport-efh.json`` et ``rapport-efh.txt``),
ou à l'endroit donné par ``--rapport`` ; un dossier partagé introuvable (mal tapé) n'est pas
créé : le rapport est alors seulement affiché. Code de sortie : 0 si tout va bien, sinon celui de
l'erreur la plus grave (voir le tableau des codes dans docs/api.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

import efh_xl


def pluriel(nombre: int, mot: str) -> str:
    """« 1 classeur », « 2 classeurs » (0 est singulier en français)."""
    return f"{nombre} {mot}{'s' if nombre > 1 else ''}"


def main(argv: list[str] | None = None) -> int:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("dossier", type=Path, help="dossier partagé des classeurs")
    arguments.add_argument("--rapport", type=Path, help="dossier du rapport (défaut : le dossier)")
    options = arguments.parse_args(argv)
    dossier_rapport: Path = options.rapport or options.dossier

    # Une ligne par classeur dès qu'il est traité : utile dans le journal de la tâche planifiée.
    def progression(fait: int, total: int, resultat: efh_xl.RefreshResult) -> None:
        etat = {"skipped": "IGNORÉ", "error": "ERREUR"}.get(resultat.outcome, "OK")
        print(f"[{fait}/{total}] {etat} {resultat.path}", flush=True)

    # Un classeur ouvert dans Excel ou illisible n'arrête pas les autres : son résultat porte
    # le type d'erreur et le message en français ; un dossier introuvable ou sans classeur
    # aussi. Seul un --output qui désigne un fichier lève une erreur.
    try:
        resultats = efh_xl.refresh(options.dossier, progress=progression)
    except efh_xl.EfhError as erreur:
        print(f"Rafraîchissement impossible : {erreur}", file=sys.stderr)
        return erreur.exit_code

    # Le rapport lisible par une machine : exactement ce qu'afficherait
    # « efh-xl refresh DOSSIER --json ». Un dossier partagé mal tapé n'est pas créé (le
    # rapport y ferait croire) ; le dossier d'un --rapport, si.
    ecrire = options.rapport is not None or dossier_rapport.is_dir()
    if ecrire:
        dossier_rapport.mkdir(parents=True, exist_ok=True)
        (dossier_rapport / "rapport-efh.json").write_text(resultats.to_json(), encoding="utf-8")

    # Le rapport pour les personnes : le nombre d'actions et d'actions à corriger par
    # classeur, puis les classeurs en erreur avec ce qu'il faut faire.
    lignes = [f"Rafraîchissement EFH du {dt.datetime.now():%d/%m/%Y à %H:%M}", ""]
    for resultat in resultats:
        if resultat.outcome == "skipped":
            # Laissé de côté exprès (un classeur régional) : la raison est son avertissement.
            lignes.append(f"IGNORÉ  {resultat.path}")
        elif resultat.ok:
            lignes.append(
                f"OK      {resultat.path} : {pluriel(resultat.actions, 'action')}, "
                f"{resultat.problems} à corriger"
            )
        else:
            continue
        # Ce qui a été fait mais mérite un coup d'œil (montants illisibles…).
        lignes += [f"        Attention : {alerte}" for alerte in resultat.warnings]
    for resultat in resultats.failed:
        # error_line : le message en français, qui nomme le classeur une fois ; le type
        # d'erreur (error_kind, en anglais) reste dans le rapport JSON, pour les programmes.
        lignes.append(f"ERREUR  {resultat.error_line}")
    lignes += ["", f"{pluriel(len(resultats), 'classeur')}, {len(resultats.failed)} en erreur."]
    if ecrire:
        texte = "\n".join(lignes) + "\n"
        (dossier_rapport / "rapport-efh.txt").write_text(texte, encoding="utf-8")
    print("\n".join(lignes))
    return resultats.exit_code


if __name__ == "__main__":
    sys.exit(main())
