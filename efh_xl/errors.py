"""Errors a user can fix, each with a French message that says what to do.

The CLI prints ``str(error)`` and exits with the error's ``exit_code``; one exception type per
failure a user can fix, and one exit code per kind of failure (the README lists them):

== =====================================================================================
2  the command line is wrong (argparse), or another error the user can fix
3  a file, folder or pattern names nothing (missing file, folder without workbook…)
4  an input cannot be read (not a workbook, damaged package, no Actions table, bad Grille…)
5  refused, to protect a file (exists without --force, open in Excel or LibreOffice,
   read-only, output format the extension does not say…)
6  the system refused a read or a write (permissions, file held open by another program on
   Windows, full disk, other I/O error)
70 internal error (a bug: rerun with --debug and report it)
== =====================================================================================
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

EXIT_USAGE = 2
EXIT_NOT_FOUND = 3
EXIT_UNREADABLE = 4
EXIT_REFUSED = 5
EXIT_SYSTEM = 6
EXIT_INTERNAL = 70
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141  # what a shell reports for a command killed by SIGPIPE (128 + 13)


class EfhError(Exception):
    """Base of every error of efh_xl that a user can fix.

    ``reason`` is the message without the path of the file it is about, for a list whose
    other column names the file (the « Fichiers » sheet of a regional workbook); an error
    naming no file has its message as reason.
    """

    exit_code = EXIT_USAGE

    def __init__(self, message: str = "", *, reason: str | None = None) -> None:
        super().__init__(message)
        self._reason = reason

    def __reduce__(self) -> tuple[Any, ...]:
        # Copied or pickled as it is, attributes and all: the default rebuilds an exception
        # by calling its class with ``args`` (the message alone), which most subclasses,
        # taking a path and a reason, refuse (a --json report of a failed file crashed on it).
        return (_rebuilt, (type(self), self.args, self.__dict__))

    @property
    def reason(self) -> str:
        """Why, without naming the file (see the class)."""
        return str(self) if self._reason is None else self._reason


def _rebuilt(kind: type[EfhError], args: tuple[Any, ...], state: dict[str, Any]) -> EfhError:
    error = kind.__new__(kind)
    error.args = args
    error.__dict__.update(state)
    return error


def _questions() -> str:
    """The grid's question columns, as messages name them; imported only when an error is
    said (the grid module takes longer to import than a command takes to start)."""
    from efh_xl.core.grid import QUESTIONS_TEXT

    return QUESTIONS_TEXT


def _sentence(text: str) -> str:
    """``text`` with a capital first letter: a reason standing alone in a cell."""
    return text[:1].upper() + text[1:]


def _described(value: Any) -> str:
    """A value as a French message names what was given instead of what was expected."""
    if value is None:
        return "None"
    if isinstance(value, str):
        return f"le texte « {value[:60]} »".replace("\0", "\\0")
    if isinstance(value, bool | int | float):
        return f"le nombre {value!r}"
    if isinstance(value, list | tuple):
        return "une liste"
    if isinstance(value, dict):
        return "un dictionnaire"
    return f"un objet {type(value).__name__}"


class WrongArgumentError(EfhError, TypeError):
    """A function of efh_xl called from Python with a value of the wrong kind (a script's
    slip): said in French where the value enters, not met later as an AttributeError."""

    def __init__(self, name: str, expected: str, given: Any) -> None:
        self.name = name
        super().__init__(f"{name} : il faut {expected}, pas {_described(given)}.")


class UnknownColumnsError(EfhError, ValueError):
    """A table of actions given to build a workbook has columns the Actions table has no place
    for: built, they would be lost without a word (« Montant accorde » misspelt)."""

    def __init__(self, unknown: Sequence[str], known: Sequence[str]) -> None:
        self.unknown = list(unknown)
        super().__init__(
            "Colonnes inconnues du tableau Actions, qui seraient perdues : "
            + ", ".join(f"« {c} »" for c in self.unknown)
            + ". Renommez-les comme une colonne du tableau ("
            + ", ".join(known)
            + ") ou retirez-les (actions.drop(columns=[…])). Rien n'a été écrit."
        )


class ColumnMappingError(EfhError):
    """A column mapping given by the user (``--colonne`` or a TOML file) cannot be used."""

    def __init__(self, why: str, *, toml: bool = False, own: Sequence[str] = ()) -> None:
        # ``toml``: the mapping came from a --correspondance file, whose syntax is TOML's (each
        # name between straight quotes), not the « A=B » of --colonne. ``own``: the workbook's
        # funders' and people's columns, which the import fills too.
        if toml:
            how = (
                "Dans le fichier, écrivez sous la ligne [colonnes] une ligne par colonne, "
                'chaque nom entre guillemets droits : "Colonne du fichier" = "Colonne du '
                'tableau", par exemple "Enveloppe attribuée" = "Montant accordé"'
            )
        else:
            how = (
                "Écrivez « Colonne du fichier=Colonne du tableau », par exemple "
                '--colonne "Enveloppe attribuée=Montant accordé"'
            )
        super().__init__(
            f"Correspondance de colonnes invalide : {why}. {how} (colonnes que l'import "
            "remplit : Année, Territoire, N° action, Action, Porteur, Pilier, Montant demandé, "
            f"Montant accordé, {_questions()}, Commentaires, "
            + "".join(f"{c}, " for c in own)
            + "ou « ignorer »)."
        )


class RuleFileError(EfhError):
    """A rule named on the command line (``--regle``) is neither a known reading nor a rule file
    that can be read.

    ``names``: the readings known by name, given only when what was named is no rule at all
    (an unknown name, a file that is no rule file): the message then says what ``--regle``
    accepts. A rule file with a slip is told that one fix alone.
    """

    def __init__(self, spec: str, why: str, names: Iterable[str] = ()) -> None:
        self.spec = spec
        known = ", ".join(names)
        tail = (
            f" Donnez le nom d'une lecture de la grille ({known}), un fichier de "
            "règle JSON écrit par « efh-xl regle » ou un classeur .xlsm (sa règle)."
            if known
            else ""
        )
        super().__init__(f"Règle « {spec} » inutilisable : {why}.{tail}")


class NothingToConsolidateError(EfhError):
    """No workbook among the inputs of a consolidation could be read.

    Its ``exit_code`` is that of what stopped the inputs: 3 when every path names nothing (as
    refresh says it), 4 otherwise (the class's code)."""

    exit_code = EXIT_UNREADABLE

    def __init__(self, reasons: list[str], exit_code: int = 0) -> None:
        self.reasons = list(reasons)
        # The code of what stopped the inputs (3 when every path names nothing, as refresh
        # says it); 4 when no input failed on its own (only regional workbooks were given).
        self.exit_code = exit_code or EXIT_UNREADABLE
        detail = "".join(f"\n  - {r}" for r in self.reasons[:20])
        super().__init__(
            "Aucun classeur lisible à consolider. Indiquez des classeurs .xlsm ou .xlsx "
            "(fichiers, dossiers ou motifs comme territoires/*.xlsm)." + detail
        )


class SettingsError(EfhError):
    """A value of the Paramètres sheet cannot be used."""

    exit_code = EXIT_UNREADABLE

    def __init__(self, address: str, why: str, others: Sequence[SettingsError] = ()) -> None:
        self.address = address
        self.why = why
        # Every bad cell at once: fixed one by one, each run would stop on the next.
        more = "".join(f" ; cellule {o.address} : {o.why}" for o in others)
        fix = "ces cellules (ou videz-les" if others else "la cellule (ou videz-la"
        super().__init__(
            f"Feuille Paramètres, cellule {address} : {why}{more}. Corrigez {fix} "
            "pour reprendre la valeur par défaut), puis relancez."
        )


# --- 3: nothing there ----------------------------------------------------------------------


class WorkbookNotFoundError(EfhError):
    """A path names no workbook. ``hint``: what the command line most likely meant, said
    after the message (a rule file to write, typed where the rule to read goes)."""

    exit_code = EXIT_NOT_FOUND

    def __init__(
        self,
        path: Path | str,
        *,
        workbook: bool | None = None,
        folder: bool = False,
        hint: str = "",
    ) -> None:
        self.path = Path(path)
        # A path typed with a separator at its end (« absent/ ») names a folder; Path drops
        # that separator, so it is said from the text as typed.
        # ``shown``: the path as the message names it (for a line of a batch report).
        typed = str(path)
        if typed.endswith(("/", "\\")) and typed.rstrip("/\\"):
            self.shown = typed
            said = "Vérifiez le chemin."
            super().__init__(
                f"Dossier introuvable : {typed}. {said}", reason=f"Dossier introuvable. {said}"
            )
            return
        self.shown = str(self.path)
        # A list to import (.csv, .ods) or a mapping file (.toml) is no workbook: saying
        # « Classeur » and « .xlsm ou .xlsx » there would send the user looking for the wrong file.
        # ``workbook``: whether a workbook was expected, when the caller knows (a rule file
        # named without extension is none); else told by the extension.
        if workbook is None:
            workbook = self.path.suffix.lower() in ("", ".xlsm", ".xlsx")
        if folder and not self.path.suffix:  # refresh takes folders too
            what, said = "Dossier ou classeur", "Vérifiez le chemin."
        elif workbook:
            what, said = "Classeur", "Vérifiez le chemin (fichier .xlsm ou .xlsx)."
        else:
            what, said = "Fichier", "Vérifiez le chemin."
        if hint:
            said += f" {hint}"
        super().__init__(
            f"{what} introuvable : {self.path}. {said}", reason=f"{what} introuvable. {said}"
        )


class NoWorkbookMatchedError(EfhError):
    """A folder or a pattern given to refresh holds no workbook.

    ``alone``: whether no other input of the batch named a workbook either, so that nothing
    was done; when others did, their workbooks are refreshed and the message does not say
    « rien n'a été fait »."""

    exit_code = EXIT_NOT_FOUND

    def __init__(self, pattern: Path | str, folder: bool = False, *, alone: bool = True) -> None:
        self.pattern = str(pattern)
        self.folder = folder
        # A folder holds files; a pattern names them.
        what = "Le dossier" if folder else "Le motif"
        verb = "ne contient" if folder else "ne désigne"
        done = " : rien n'a été fait. Vérifiez le chemin." if alone else " : vérifiez le chemin."
        super().__init__(f"{what} « {self.pattern} » {verb} aucun classeur (.xlsm ou .xlsx){done}")


class EmptyPathError(EfhError):
    """An empty path was given where workbooks are named: taken as the current folder, it
    would have refreshed (or read) every workbook under it. ``expected``: what the path was
    to name, said to the user (a function writing a file names that file)."""

    exit_code = EXIT_NOT_FOUND

    def __init__(self, expected: str = "un classeur, un dossier ou un motif") -> None:
        self.path = Path("")
        self.shown = "« »"
        reason = (
            f"chemin vide : indiquez {expected} (dans un script, une variable vide ou non "
            "définie donne un chemin vide)."
        )
        super().__init__(_sentence(reason), reason=_sentence(reason))


class IsAFolderError(EfhError):
    """A folder was given where a file is expected."""

    exit_code = EXIT_NOT_FOUND

    def __init__(self, path: Path | str, example: str = "efh_grille.xlsm") -> None:
        self.path = Path(path)
        super().__init__(
            f"{self.path} est un dossier : indiquez un fichier (par exemple "
            f"{self.path / example})."
        )


class SheetNotFoundError(EfhError):
    """The sheet a list is to be read from (``sheet=``, ``--feuille``) is not in the file, or
    the list is a text file, which has no sheets."""

    exit_code = EXIT_NOT_FOUND

    def __init__(
        self, path: Path | str, sheet: str, sheets: Sequence[str] = (), *, text: bool = False
    ) -> None:
        import difflib

        self.path, self.sheet, self.sheets = Path(path), sheet, list(sheets)
        if text:
            super().__init__(
                f"{self.path} est un fichier texte, qui n'a pas de feuilles : relancez sans "
                f"--feuille « {sheet} »."
            )
            return
        close = difflib.get_close_matches(sheet.casefold(), [s.casefold() for s in sheets], 1)
        guess = next((s for s in sheets if close and s.casefold() == close[0]), None)
        named = ", ".join(f"« {s} »" for s in sheets)
        super().__init__(
            f"{self.path} n'a pas de feuille « {sheet} »"
            + (f" (vouliez-vous dire « {guess} » ?)" if guess else "")
            + f". Ses feuilles : {named}. Relancez avec --feuille et le nom de l'une d'elles."
        )


# --- 4: unreadable input -------------------------------------------------------------------


class MissingColumnsError(EfhError):
    """The answers lack some of the six question columns."""

    exit_code = EXIT_UNREADABLE

    def __init__(self, missing: Iterable[str]) -> None:
        self.missing = list(missing)
        # No answer column at all: most likely a programmation as received, to import first.
        hint = (
            " Pour une liste reçue sans réponses (programmation, export de la plateforme), "
            "ajoutez-la d'abord au classeur : efh-xl import LISTE --into CLASSEUR."
            if len(self.missing) == 6
            else ""
        )
        super().__init__(
            "Colonnes manquantes : " + ", ".join(self.missing) + ". Le tableau doit avoir "
            "les colonnes Q1, Q2a, Q2b, Q3, Q4 et Q5 (une par question de la grille)." + hint
        )


# Where a rule file goes, said to a user who gave one in the wrong place.
REGLE_COMMANDS = "(build, evaluate, summary et consolidate acceptent --regle)"

# Lists of actions, never a workbook: given where a workbook is expected, the way out is to
# import them into one (saving a CSV « as .xlsm » would give a workbook without the grid).
LIST_SUFFIXES = (".csv", ".txt", ".tsv", ".ods")
EMPTY_FILE = "fichier vide"


class NotAWorkbookError(EfhError):
    """A file is not an Excel workbook this tool can read.

    ``as_list``: the file was given as a list of actions (evaluate), so the advice is about
    a list; ``rule_file``: it is a rule file (« efh-xl regle »), sent to --regle; ``kind``:
    what the file is instead, known from its parts (« un document Word (.docx) », « une
    archive zip »), which no copy nor Excel can make a workbook of; ``saved_as_ods``: an efh
    workbook saved by LibreOffice as .ods (its sheets say so), to save again as .xlsm;
    otherwise a list given where a workbook is expected (a .csv to refresh) is sent to import,
    and anything else to Excel's « .xlsm » format.
    """

    exit_code = EXIT_UNREADABLE
    kind = ""  # what the file is instead, when its parts say it (see above)

    def __init__(
        self,
        path: Path | str,
        why: str = "",
        *,
        as_list: bool = False,
        rule_file: bool = False,
        kind: str = "",
        saved_as_ods: bool = False,
    ) -> None:
        self.path = Path(path)
        self.why = why
        self.kind = kind
        detail = f" ({why})" if why else ""
        if saved_as_ods:
            # The label of LibreOffice 7.4's file type, in French (its filter « Calc MS Excel
            # 2007 VBA XML »), so that the user finds it in the list.
            said = (
                "est un classeur EFH enregistré par LibreOffice au format .ods, que efh-xl ne "
                "lit pas (ce n'est pas une liste à importer). Ouvrez-le dans LibreOffice, "
                "choisissez Fichier > Enregistrer sous, type « Excel 2007–365 (avec macro) » "
                f"(.xlsm), nom {self.path.stem}.xlsm (si LibreOffice demande quel format "
                "garder, choisissez le format Excel), puis relancez avec "
                f"{self.path.with_suffix('.xlsm')}. Le passage par .ods a pu ôter au bouton "
                "« Générer les synthèses » sa macro : efh-xl refresh fait le même travail."
            )
        elif kind and as_list:
            said = (
                f"est {kind}, pas une liste d'actions (une nouvelle copie n'y changera rien) : "
                "donnez à la place la liste à évaluer, un fichier .csv, .txt ou .tsv ou un "
                f"classeur .xlsx, .xlsm, .xls, .xlsb ou .ods avec les colonnes {_questions()}, "
                "ou demandez-la à qui vous a envoyé ce fichier."
            )
        elif kind:
            said = (
                f"est {kind}, pas un classeur Excel (une nouvelle copie n'y changera rien) : "
                "donnez à la place le classeur .xlsm du territoire, ou demandez-le à qui vous "
                "a envoyé ce fichier. Le fichier n'a pas été modifié."
            )
        elif rule_file:  # a rule file written by « efh-xl regle », known by its content
            said = (
                "n'est pas un classeur Excel, c'est un fichier de règle : donnez-le à --regle, "
                f"par exemple efh-xl build --regle {self.path} classeur.xlsm {REGLE_COMMANDS}."
            )
        elif as_list:
            said = (
                f"n'est pas un fichier Excel lisible{detail}. Une liste d'actions "
                "à évaluer est un fichier .csv, .txt ou .tsv, ou un classeur .xlsx, .xlsm, "
                f".xls, .xlsb ou .ods, avec les colonnes {_questions()} : ouvrez-le dans Excel ou "
                "LibreOffice, enregistrez-le au format .xlsx ou CSV, puis relancez."
            )
        elif self.path.suffix.lower() in LIST_SUFFIXES:
            said = (
                f"n'est pas un classeur Excel mais une liste "
                f"({self.path.suffix.lower()}) : pour ajouter ses actions à un classeur, "
                f"lancez efh-xl import {self.path} --into CLASSEUR.xlsm (pour commencer un "
                "classeur vide : efh-xl build --vide CLASSEUR.xlsm) ; pour seulement calculer "
                f"leurs marqueurs : efh-xl evaluate {self.path}."
            )
        else:
            said = (
                f"n'est pas un classeur Excel lisible{detail}. Ouvrez-le dans Excel "
                "et enregistrez-le au format .xlsm (classeur prenant en charge les macros)."
            )
        super().__init__(f"{self.path} {said}", reason=f"Ce fichier {said}")


class EmptyFileError(NotAWorkbookError):
    """A file of 0 bytes, given as a workbook or a list: most often a copy or a download cut
    short. Excel refuses to open it, so « ouvrez-le et enregistrez-le » cannot be followed;
    the way out is another copy. ``as_list``: it was given as a list of actions; a list's
    extension (a .csv given to summary) says it is one too."""

    def __init__(self, path: Path | str, *, as_list: bool = False) -> None:
        self.path = Path(path)
        self.why = EMPTY_FILE
        # The copy to ask for is what the file is, not what the command expected: an empty
        # .csv is a list, as a non-empty one given to summary is said to be.
        listed = as_list or self.path.suffix.lower() in LIST_SUFFIXES
        what = "la liste d'actions" if listed else "le classeur"
        said = (
            f"(0 octet : copie ou téléchargement interrompu ?) : demandez ou copiez à nouveau "
            f"{what}."
        )
        reason = f"{_sentence(EMPTY_FILE)} {said}"
        EfhError.__init__(self, f"{self.path} est un {EMPTY_FILE} {said}", reason=reason)


class RuleFileAsListError(NotAWorkbookError):
    """A rule file (« efh-xl regle »), known by its content, given where a list of actions is
    expected: to evaluate, it goes to --regle; import takes no rule (the workbook's Grille is
    its rule), so the way to apply it is said."""

    def __init__(self, path: Path | str, command: str = "evaluate") -> None:
        self.path = Path(path)
        self.why = ""
        if command == "evaluate":
            how = (
                f"donnez-le à --regle, par exemple efh-xl evaluate liste.csv --regle {self.path}"
            )
        else:
            how = (
                "l'import ajoute les actions d'une liste (.csv, .xlsx…) au classeur, dont la "
                "règle est celle de sa feuille « Grille ». Pour appliquer cette règle, "
                f"donnez-la à --regle, par exemple efh-xl build --regle {self.path} "
                "classeur.xlsm"
            )
        said = (
            f"n'est pas une liste d'actions, c'est un fichier de règle : {how} {REGLE_COMMANDS}."
        )
        EfhError.__init__(self, f"{self.path} {said}", reason=f"Ce fichier {said}")


class MisnamedWorkbookError(NotAWorkbookError):
    """An Excel package (.xlsx or .xlsm inside) saved under another extension (.xls, .ods…):
    renamed by hand, or saved with another type typed. Excel's readers, and ours, go by the
    extension, so it cannot be read as it is named."""

    def __init__(self, path: Path | str, suffix: str) -> None:
        self.path = Path(path)
        self.suffix = suffix
        named = self.path.suffix or "aucune extension"
        kind = "OpenDocument (LibreOffice)" if suffix == ".ods" else "Excel"
        # A LibreOffice spreadsheet is read as a list of actions to import, never as a
        # workbook to refresh: renamed, refresh would then call it a list (a dead end).
        then = (
            f" (un classeur .ods se lit comme une liste : efh-xl import {self.path.stem}.ods "
            "--into CLASSEUR.xlsm)"
            if suffix == ".ods"
            else ""
        )
        said = (
            f"est un classeur {kind} {suffix} enregistré sous une autre extension "
            f"({named}) : renommez-le en {self.path.stem}{suffix} (même nom, extension "
            f"{suffix}), puis relancez{then}. Le fichier n'a pas été modifié."
        )
        EfhError.__init__(self, f"{self.path} {said}", reason=f"Ce fichier {said}")


class DamagedWorkbookError(EfhError):
    """A part of the package is damaged (bad checksum, broken compression) or missing."""

    exit_code = EXIT_UNREADABLE

    def __init__(self, path: Path | str, part: str, why: str) -> None:
        self.path = Path(path)
        self.part = part
        said = (
            f"est endommagé : la partie {part} {why}. Le classeur n'a pas été "
            "modifié. Ouvrez-le dans Excel (qui propose de le réparer), enregistrez-le, puis "
            "relancez."
        )
        super().__init__(f"{self.path} {said}", reason=f"Ce classeur {said}")


class ActionsTableError(EfhError):
    """The workbook has no usable table of actions."""

    exit_code = EXIT_UNREADABLE

    def __init__(self, path: Path | str, why: str) -> None:
        self.path = Path(path)
        said = (
            f"{why}. Le classeur doit contenir une feuille « Actions » avec le "
            f"tableau des actions (colonnes {_questions()}), comme le modèle efh_grille.xlsm."
        )
        super().__init__(f"{self.path} : {said}", reason=_sentence(said))


class RegionalWorkbookError(ActionsTableError):
    """A regional workbook (written by a consolidation) given where a territory's workbook
    or a list of actions is expected: it has no Actions table, by design."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        said = (
            "est un classeur régional écrit par « efh-xl consolidate » : il n'a "
            "pas de tableau d'actions, ses synthèses sont déjà dans ses feuilles. Indiquez "
            "un classeur de territoire (comme efh_grille.xlsm) ; pour mettre à jour le "
            "classeur régional, relancez efh-xl consolidate sur les classeurs des territoires."
        )
        EfhError.__init__(self, f"{self.path} {said}", reason=f"Ce classeur {said}")


class GridSheetError(EfhError):
    """The box sets on the Grille sheet cannot be read."""

    exit_code = EXIT_UNREADABLE

    def __init__(self, path: Path | str, why: str) -> None:
        self.path = Path(path)
        said = (
            f"feuille « Grille » illisible ({why}). Chaque case des ensembles "
            "doit contenir OUI, NON ou rester vide."
        )
        super().__init__(f"{self.path} : {said}", reason=_sentence(said))


class GridRuleError(GridSheetError):
    """The box sets on the Grille sheet are readable but cannot give a marker."""

    def __init__(self, path: Path | str, why: str) -> None:
        self.path = Path(path)
        said = (
            f"la règle de la feuille « Grille » ne peut pas donner de marqueur "
            f"({why}). Corrigez le tableau des ensembles de cases de la feuille « Grille » "
            "(OUI, NON ou vide dans chaque case)."
        )
        EfhError.__init__(self, f"{self.path} : {said}", reason=_sentence(said))


class InputFileError(EfhError):
    """A list of actions to import cannot be read."""

    exit_code = EXIT_UNREADABLE

    def __init__(self, path: Path | str, why: str) -> None:
        self.path = Path(path)
        super().__init__(f"{self.path} : {why}.", reason=_sentence(f"{why}."))


class EmptyListError(EfhError):
    """A list of actions to import holds nothing (blank lines, a BOM alone, or a header
    without rows); a file of 0 bytes is an :class:`EmptyFileError`."""

    exit_code = EXIT_UNREADABLE

    def __init__(
        self,
        path: Path | str,
        headers: str = "Q1, Q2a, Q2b, Q3, Q4, Q5…",
        *,
        sheet: str | None = None,
    ) -> None:
        self.path = Path(path)
        what = f"La feuille « {sheet} » de {self.path}" if sheet else str(self.path)
        super().__init__(
            f"{what} est vide : il faut une ligne d'en-têtes ({headers}) puis une ligne "
            "par action."
        )


# --- 5: refused, to protect a file ---------------------------------------------------------

# The way out of a refusal: a file edited in place (refresh, import) can be written as a copy;
# a file the command writes (build, regle, evaluate -o…) can be given another name.
COPY = "utilisez --output pour écrire une copie"
OTHER_NAME = "choisissez un autre nom de fichier"


class WorkbookOpenError(EfhError):
    """The workbook is open in Excel (``~$…`` beside it) or LibreOffice (``.~lock.…#``)."""

    exit_code = EXIT_REFUSED

    def __init__(
        self,
        path: Path | str,
        app: str = "Excel",
        instead: str = COPY,
        lock: Path | str | None = None,
    ) -> None:
        self.path = Path(path)
        self.app = app
        # ``lock``: the lock file found, named so that a user can delete it when it is stale
        # (left behind by a crash, the workbook open nowhere), which blocked every command.
        default = ("~$" if app == "Excel" else ".~lock.") + self.path.name + (
            "" if app == "Excel" else "#"
        )
        self.lock = Path(lock) if lock is not None else self.path.parent / default
        super().__init__(
            f"{self.path} est ouvert dans {app} (fichier verrou {self.lock.name} présent). "
            f"Fermez-le dans {app} puis relancez, ou {instead}. S'il n'est ouvert nulle part "
            f"({app} a été fermé brutalement, ou l'ordinateur arrêté), ce verrou est resté : "
            f"supprimez le fichier {self.lock.name} (fichier caché, dans le même dossier que le "
            "classeur), puis relancez. Le fichier n'a pas été modifié."
        )


class TargetExistsError(EfhError):
    """The file to write exists already and --force was not given.

    ``others`` are more files of the same run that exist too (all are named); ``folder`` says
    the command names its files itself in a folder the user chose, so the way out is another
    folder rather than another name.
    """

    exit_code = EXIT_REFUSED

    def __init__(self, path: Path | str, *others: Path | str, folder: bool = False) -> None:
        self.path = Path(path)
        self.paths = [self.path, *map(Path, others)]
        if not folder and not others:
            message = (
                f"{self.path} existe déjà : il n'a pas été modifié. Choisissez un autre nom, ou "
                "ajoutez --force pour le remplacer."
            )
        elif len(self.paths) == 1:
            message = (
                f"{self.path} existe déjà : il n'a pas été modifié. Choisissez un autre dossier, "
                "ou ajoutez --force pour le remplacer."
            )
        else:
            parent = self.path.parent
            together = all(p.parent == parent for p in self.paths)
            shown = [p.name if together else str(p) for p in self.paths]
            names = ", ".join(shown[:-1]) + " et " + shown[-1]
            place = f" dans {parent}" if together else ""
            other = "un autre dossier" if folder else "d'autres noms"
            message = (
                f"{names} existent déjà{place} : ils n'ont pas été modifiés. "
                f"Choisissez {other}, ou ajoutez --force pour les remplacer."
            )
        super().__init__(message)


class ReadOnlyWorkbookError(EfhError):
    """The workbook to refresh in place is read-only."""

    exit_code = EXIT_REFUSED

    def __init__(self, path: Path | str, instead: str = COPY) -> None:
        self.path = Path(path)
        super().__init__(
            f"{self.path} est en lecture seule : il n'a pas été modifié. Retirez l'attribut "
            f"lecture seule, ou {instead}."
        )


class OutputFormatError(EfhError):
    """The extension of an output file names a format the command does not write, or it has
    none. ``path`` as typed: one ending in « / » names a folder, and ``example`` is the file
    name suggested in it."""

    exit_code = EXIT_REFUSED

    def __init__(self, path: Path | str, formats: str, example: str | None = None) -> None:
        typed = os.fspath(path)
        self.path = Path(path)
        wanted = f"donnez un nom de fichier terminé par {formats}"
        first = formats.split()[0]
        if typed.endswith(("/", os.sep)):  # « -o sorties/ »: a folder, made or not yet
            name = example or f"resultat{first}"
            said = (
                f"{typed} désigne un dossier : indiquez le fichier à y écrire, par exemple "
                f"{self.path / name}"
            )
        elif not self.path.suffix:  # « -o bilan »: the extension forgotten
            example_name = self.path.with_name(self.path.name + first)
            said = f"{self.path} : nom sans extension ; {wanted}, par exemple {example_name}"
        else:
            said = f"{self.path} : format de sortie non pris en charge ; {wanted}"
        super().__init__(f"{said}. Rien n'a été écrit.")


class OutputFolderIsInputError(EfhError):
    """The folder the refreshed copies go to (``--output``) is the inputs' own folder: each
    copy would be written over its original."""

    exit_code = EXIT_REFUSED

    def __init__(self, folder: Path | str) -> None:
        self.path = Path(folder)
        super().__init__(
            f"Le dossier de sortie {self.path} est celui des classeurs à rafraîchir : chaque "
            "copie serait écrite à la place de son original. Pour rafraîchir les classeurs "
            "eux-mêmes, omettez --output ; pour des copies, indiquez un autre dossier. Rien "
            "n'a été écrit."
        )


class OutputNotAFolderError(EfhError):
    """A folder to write into (``--output`` of refresh, the folder of lite) names a file."""

    exit_code = EXIT_REFUSED

    def __init__(
        self,
        path: Path | str,
        option: str = "--output",
        file: Path | str | None = None,
        *,
        file_name: bool = False,
        target_file: bool = False,
    ) -> None:
        self.path = Path(path)
        named = f"{option} {self.path}" if option else str(self.path)
        if target_file and file is not None:  # a file to write whose folder is a file
            super().__init__(
                f"{named} : {file} est un fichier, pas un dossier : il ne peut pas contenir "
                f"{self.path.name}. Indiquez un chemin dans un dossier (par exemple "
                f"{self.path.name}, dans le dossier courant). Rien n'a été écrit."
            )
            return
        if file_name:  # a folder to make, named as a file (« -o copie.xlsx »)
            example = self.path.with_suffix("")
            hint = f"{option} {example}" if option else str(example)
            super().__init__(
                f"{named} est un nom de fichier ({self.path.suffix}) : indiquez un dossier, où "
                f"les fichiers sont écrits sous leur propre nom (par exemple {hint}). Rien n'a "
                "été écrit."
            )
            return
        # ``file``: the file met on the way to a folder to make (« --pdf notes.txt/pdf »).
        what = (
            "désigne un fichier"
            if file is None or Path(file) == self.path
            else f": {file} est un fichier, pas un dossier"
        )
        super().__init__(
            f"{named} {what} : indiquez un dossier (il est créé s'il n'existe pas). Rien n'a "
            "été écrit."
        )


class OutputIsInputError(EfhError):
    """The file to write is one of the files the command reads (the same file, whatever the
    spelling of its path or a symbolic link): written, it would destroy what is read, so it is
    refused even with --force."""

    exit_code = EXIT_REFUSED

    def __init__(self, output: Path | str, given: Path | str, what: str, lost: str) -> None:
        self.path = Path(output)
        self.input = Path(given)
        same = "" if str(self.input) == str(self.path) else f" (le même fichier que {given})"
        super().__init__(
            f"{self.path}{same} est {what} : l'écrire à sa place {lost}. Il n'a pas été "
            "modifié, même avec --force. Choisissez un autre nom de fichier pour --output."
        )


class SameTargetError(EfhError):
    """Two inputs of one batch would be written to the same output file."""

    exit_code = EXIT_REFUSED

    def __init__(
        self, target: Path | str, first: Path | str, second: Path | str, option: str = "--output"
    ) -> None:
        self.path = Path(target)
        # ``option``: what names the folder written into (« --pdf »: two workbooks of one name
        # in one folder, a.xlsm and a.xlsx, would make the same PDFs).
        what = (
            f"feraient tous deux le PDF {target} : le second n'a pas été rafraîchi"
            if option == "--pdf"
            else f"seraient écrits tous deux dans {target} : le second n'a pas été écrit"
        )
        super().__init__(
            f"{first} et {second} {what}. Lancez-les séparément ou avec un autre {option}."
        )


class RowUnderTableError(EfhError):
    """A row right under the table of actions holds something: the table cannot grow over
    it without overwriting it (an action typed under the table in LibreOffice, which does not
    grow a table as Excel does, or a note)."""

    exit_code = EXIT_REFUSED

    def __init__(self, path: Path | str, row: int) -> None:
        self.path, self.row = Path(path), row
        said = (
            f"la ligne {row}, juste sous le tableau des actions, n'est pas vide : le tableau ne "
            "peut pas s'agrandir sans l'écraser. Si ce sont des actions tapées sous le tableau "
            "(LibreOffice ne l'agrandit pas, Excel si), insérez des lignes dans le tableau (clic "
            "droit sur le numéro d'une de ses lignes > Insérer des lignes au-dessus) et "
            "déplacez-les-y ; sinon, déplacez ce contenu plus bas. Puis relancez."
        )
        super().__init__(f"{self.path} : {said}", reason=_sentence(said))


# --- 6: the system refused -----------------------------------------------------------------


class PermissionDeniedError(EfhError):
    """The system refused to read or write a file or folder (rights, read-only folder)."""

    exit_code = EXIT_SYSTEM

    def __init__(self, path: Path | str, option: str = "") -> None:
        self.path = Path(path)
        if option:  # a folder the user named to write into (« --pdf DOSSIER »)
            message = (
                f"Accès refusé au dossier {self.path} ({option}) : aucun fichier ne peut y être "
                "écrit. Vérifiez vos droits sur ce dossier (lecture seule ?), ou indiquez "
                f"un autre dossier à {option}. Aucun fichier n'a été modifié."
            )
        else:
            said = (
                "vérifiez vos droits sur ce fichier et son dossier "
                "(dossier en lecture seule ?), ou écrivez dans un dossier où vous pouvez écrire "
                "(avec --output, si la commande le permet). Aucun fichier n'a été modifié."
            )
            message = f"Accès refusé à {self.path} : {said}"
            reason = f"Accès refusé : {said}"
        super().__init__(message, reason=None if option else reason)


class ReadDeniedError(EfhError):
    """The system refused to read a file (no right to read it): nothing to do with writing,
    nor with the read-only attribute."""

    exit_code = EXIT_SYSTEM

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        said = (
            "ne peut pas être lu avec vos droits. Demandez le droit de lecture à son "
            "propriétaire ou à votre service informatique (Windows : clic droit > Propriétés > "
            "Sécurité), ou travaillez sur une copie que vous pouvez ouvrir. Le fichier n'a pas "
            "été modifié."
        )
        super().__init__(
            f"Lecture refusée : {self.path} {said}", reason=f"Lecture refusée : ce fichier {said}"
        )


class FileInUseError(EfhError):
    """Windows refused to replace a file that another program holds open, with no lock file
    beside it to tell beforehand (Excel on some network shares, a viewer, a synchronisation
    tool)."""

    exit_code = EXIT_SYSTEM

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        said = (
            "est utilisé par un autre programme (Excel, un aperçu, un outil de "
            "synchronisation…) : Windows refuse de le remplacer. Fermez-le puis relancez. Le "
            "fichier n'a pas été modifié."
        )
        super().__init__(f"{self.path} {said}", reason=f"Ce fichier {said}")


class DiskFullError(EfhError):
    """No space left on the device while writing."""

    exit_code = EXIT_SYSTEM

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        super().__init__(
            f"Disque plein en écrivant {self.path} : libérez de la place puis relancez. Le "
            "fichier d'origine n'a pas été modifié."
        )


class FileAccessError(EfhError):
    """Another error of the system while reading or writing a file."""

    exit_code = EXIT_SYSTEM

    def __init__(self, path: Path | str, why: str) -> None:
        self.path = Path(path)
        said = (
            f"({why}). Aucun fichier n'a été modifié ; "
            "vérifiez le disque ou le partage réseau puis relancez."
        )
        super().__init__(f"Erreur d'accès à {self.path} {said}", reason=f"Erreur d'accès {said}")


# The system's own words for an error are English (strerror): the usual ones, in French.
_SYSTEM_REASONS = {
    errno.ENOTDIR: "un élément du chemin est un fichier, pas un dossier",
    errno.ENAMETOOLONG: "nom de fichier ou chemin trop long",
    errno.EINVAL: "nom de fichier invalide (caractère interdit ?)",
    errno.EBUSY: "fichier occupé par un autre programme",
    errno.EIO: "erreur d'entrée-sortie du disque ou du réseau",
    errno.ELOOP: "trop de liens symboliques enchaînés",
    errno.EEXIST: "un fichier de ce nom existe déjà",
}


def from_os_error(
    error: OSError, path: Path | str | None = None, option: str = "", reading: bool = False
) -> EfhError:
    """The error a user can act on for an ``OSError`` met while reading or writing ``path``
    (``option``: the command's option that named ``path`` as a folder to write into;
    ``reading``: the error came from reading ``path``, so a refusal is a read refused, whose
    advice is not about writing)."""
    where = path if path is not None else (error.filename or "?")
    code = error.errno
    # ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION: Python reports them as EACCES, but no
    # right is missing: the file is open elsewhere.
    if getattr(error, "winerror", None) in (32, 33):
        return FileInUseError(where)
    if reading and code in (errno.EACCES, errno.EPERM):
        return ReadDeniedError(where)
    if code in (errno.EACCES, errno.EPERM, errno.EROFS):
        return PermissionDeniedError(where, option)
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG):
        return DiskFullError(where)
    if code == errno.EISDIR:
        return IsAFolderError(where)
    if code == errno.ENOENT:
        return WorkbookNotFoundError(where)
    why = _SYSTEM_REASONS.get(code) if code is not None else None
    return FileAccessError(where, why or error.strerror or type(error).__name__)


class PdfExportError(EfhError):
    """The PDFs of the summary sheets cannot be made (LibreOffice missing or failing)."""

    def __init__(self, why: str, refreshed: bool = True) -> None:
        then = (
            "Les feuilles de synthèse sont prêtes à imprimer depuis Excel (A4 paysage) : "
            "Fichier > Exporter > PDF."
            if refreshed  # found after the workbook was written
            else "Aucun classeur n'a été modifié : relancez sans --pdf pour rafraîchir les "
            "synthèses, puis imprimez-les depuis Excel (A4 paysage) : Fichier > Exporter > PDF."
        )
        super().__init__(f"Export PDF impossible : {why} {then}")
