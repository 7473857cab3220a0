"""Errors a user can fix, each with a French message that says what to do.

The CLI prints ``str(error)`` and exits with the error's ``exit_code``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


class EfhError(Exception):
    """Base of every error of efh_xl that a user can fix."""

    exit_code = 2


class MissingColumnsError(EfhError):
    """The answers lack some of the six question columns."""

    def __init__(self, missing: Iterable[str]) -> None:
        self.missing = list(missing)
        super().__init__(
            "Colonnes manquantes : " + ", ".join(self.missing) + ". Le tableau doit avoir "
            "les colonnes Q1, Q2a, Q2b, Q3, Q4 et Q5 (une par question de la grille)."
        )


class WorkbookNotFoundError(EfhError):
    """A path names no workbook."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        super().__init__(
            f"Classeur introuvable : {self.path}. Vérifiez le chemin (fichier .xlsm ou .xlsx)."
        )


class NotAWorkbookError(EfhError):
    """A file is not an Excel workbook this tool can read."""

    def __init__(self, path: Path | str, why: str = "") -> None:
        self.path = Path(path)
        detail = f" ({why})" if why else ""
        super().__init__(
            f"{self.path} n'est pas un classeur Excel lisible{detail}. Ouvrez-le dans Excel et "
            "enregistrez-le au format .xlsm (classeur prenant en charge les macros)."
        )


class ActionsTableError(EfhError):
    """The workbook has no usable table of actions."""

    def __init__(self, path: Path | str, why: str) -> None:
        self.path = Path(path)
        super().__init__(
            f"{self.path} : {why}. Le classeur doit contenir une feuille « Actions » avec le "
            "tableau des actions (colonnes Q1 à Q5), comme le modèle efh_grille.xlsm."
        )


class WorkbookOpenError(EfhError):
    """The workbook is open in Excel (owner file ``~$…``) or LibreOffice (``.~lock.…#``)."""

    def __init__(self, path: Path | str, app: str = "Excel") -> None:
        self.path = Path(path)
        self.app = app
        lock = "~$" if app == "Excel" else ".~lock"
        super().__init__(
            f"{self.path.name} est ouvert dans {app} (fichier {lock} présent). Fermez-le dans "
            f"{app} puis relancez, ou utilisez --output pour écrire une copie."
        )


class GridSheetError(EfhError):
    """The box sets on the Grille sheet cannot be read."""

    def __init__(self, path: Path | str, why: str) -> None:
        self.path = Path(path)
        super().__init__(
            f"{self.path} : feuille « Grille » illisible ({why}). Chaque case des ensembles "
            "doit contenir OUI, NON ou rester vide."
        )


class GridRuleError(GridSheetError):
    """The box sets on the Grille sheet are readable but cannot give a marker."""

    def __init__(self, path: Path | str, why: str) -> None:
        self.path = Path(path)
        EfhError.__init__(
            self,
            f"{self.path} : la règle de la feuille « Grille » ne peut pas donner de marqueur "
            f"({why}). Corrigez le tableau des ensembles de cases de la feuille « Grille » "
            "(OUI, NON ou vide dans chaque case).",
        )


class InputFileError(EfhError):
    """A list of actions to import cannot be read."""

    def __init__(self, path: Path | str, why: str) -> None:
        self.path = Path(path)
        super().__init__(f"{self.path} : {why}.")


class ColumnMappingError(EfhError):
    """A column mapping given by the user (``--colonne`` or a TOML file) cannot be used."""

    def __init__(self, why: str) -> None:
        super().__init__(
            f"Correspondance de colonnes invalide : {why}. Écrivez « Colonne du fichier=Colonne "
            'du tableau », par exemple --colonne "Montant proposé=Montant accordé" (colonnes '
            "du tableau : Année, Territoire, N° action, Action, Porteur, Pilier, Montant "
            "demandé, Montant accordé, Q1 à Q5, Commentaires, ou « ignorer »)."
        )


class RuleFileError(EfhError):
    """A rule named on the command line (``--regle``) is neither a known reading nor a rule file
    that can be read."""

    def __init__(self, spec: str, why: str, names: Iterable[str]) -> None:
        self.spec = spec
        super().__init__(
            f"Règle « {spec} » inutilisable : {why}. Donnez le nom d'une lecture de la grille "
            f"({', '.join(names)}) ou un fichier de règle JSON écrit par « efh-xl regle »."
        )


class NothingToConsolidateError(EfhError):
    """No workbook among the inputs of a consolidation could be read."""

    def __init__(self, reasons: list[str]) -> None:
        self.reasons = list(reasons)
        detail = "".join(f"\n  - {r}" for r in self.reasons[:20])
        super().__init__(
            "Aucun classeur lisible à consolider. Indiquez des classeurs .xlsm ou .xlsx "
            "(fichiers, dossiers ou motifs comme territoires/*.xlsm)." + detail
        )


class SettingsError(EfhError):
    """A value of the Paramètres sheet cannot be used."""

    def __init__(self, address: str, why: str) -> None:
        self.address = address
        super().__init__(
            f"Feuille Paramètres, cellule {address} : {why}. Corrigez la cellule (ou videz-la "
            "pour reprendre la valeur par défaut), puis relancez."
        )
