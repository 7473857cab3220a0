"""xlwings Lite: the ``main.py`` and ``requirements.txt`` to paste into the xlwings Lite editor.

xlwings Lite runs Python in Excel through Pyodide (Windows, macOS, Excel on the web), with no
local install. efh_xl is not on PyPI, so the generated ``main.py`` is self-contained: it embeds
the source of the modules it needs (the per-action core for the functions; the summaries and
the sheet renderer for the script) and serves them to Python's import system from memory.
The functions and the script are the classic ones (:mod:`efh_xl.excel.functions`,
:func:`efh_xl.excel.button.generate`) under xlwings Lite's decorators, so both runtimes give the
same results. ``requirements.txt`` names what the script imports beyond Python's standard
library, which Pyodide installs: xlwings, numpy, pandas and lxml (built for Pyodide), and
XlsxWriter (pure Python). The script's modules never import python-calamine (not built for
Pyodide): the cells' values come from Excel there.
"""

from __future__ import annotations

import ast
import os
from importlib import metadata
from pathlib import Path

from efh_xl.errors import OutputNotAFolderError, TargetExistsError, from_os_error
from efh_xl.excel.functions import (
    AMOUNTS_DOC,
    ANSWER_DOC,
    ANSWERS_DOC,
    LEVEL_DOC,
    RULE_DOC,
    SETS_DOC,
    SETTINGS_DOC,
)
from efh_xl.ooxml.atomic_file import atomic_write
from efh_xl.workbook.given_paths import given_path

PACKAGE_DIR = Path(__file__).resolve().parents[1]
# What main.py imports: the functions (stdlib core only) and the summaries' script.
ENTRY_MODULES = ("efh_xl.excel.functions", "efh_xl.excel.button")
# numpy, pandas and lxml are built for Pyodide (not pinned: their version follows Pyodide's);
# charts placed by their cell and fed by columns need xlwings 0.37.3 or later, a bar chart's
# categories in the table's order (its category axis) 0.37.5 (script names came with 0.33.21).
REQUIREMENTS = ("xlwings>=0.37.5", "numpy", "pandas", "lxml", "XlsxWriter")
SCRIPT_NAME = "Générer les synthèses"
MAIN = "main.py"
REQUIREMENTS_FILE = "requirements.txt"


def _source_path(name: str) -> Path:
    parts = name.split(".")[1:]
    package = PACKAGE_DIR.joinpath(*parts, "__init__.py")
    return package if package.exists() else PACKAGE_DIR.joinpath(*parts).with_suffix(".py")


def _is_package(name: str) -> bool:
    return _source_path(name).name == "__init__.py"


def _type_checking_only(node: ast.AST) -> bool:
    test = getattr(node, "test", None)
    return isinstance(node, ast.If) and (
        (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING")
        or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")
    )


def _imported(name: str, tree: ast.AST) -> set[str]:
    """efh_xl modules that ``name`` imports when run (``if TYPE_CHECKING:`` blocks aside)."""
    found: set[str] = set()
    todo = [tree]
    while todo:
        node = todo.pop()
        if _type_checking_only(node):
            continue
        todo.extend(ast.iter_child_nodes(node))
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = name.split(".")
                keep = len(anchor) - node.level + (1 if _is_package(name) else 0)
                base = ".".join(anchor[:keep] + ([base] if base else []))
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    modules = set()
    for target in found:
        if target == "efh_xl" or target.startswith("efh_xl."):
            if _source_path(target).exists():
                modules.add(target)
    return modules


def embedded_sources(entries: tuple[str, ...] = ENTRY_MODULES) -> dict[str, str]:
    """Source of every efh_xl module ``entries`` need, their packages included, by name."""
    sources: dict[str, str] = {}
    todo = list(entries)
    while todo:
        name = todo.pop()
        if name in sources:
            continue
        text = _source_path(name).read_text(encoding="utf-8")
        sources[name] = text
        parents = [".".join(name.split(".")[:i]) for i in range(1, name.count(".") + 1)]
        todo.extend(parents)
        todo.extend(_imported(name, ast.parse(text, name)))
    return dict(sorted(sources.items()))


def _answer_args(indent: str = "") -> str:
    lines = [
        f'{indent}@arg("{qid.lower()}", doc={ANSWER_DOC.format(qid=qid)!r}, err_to_str=True)'
        for qid in ("Q1", "Q2a", "Q2b", "Q3", "Q4", "Q5")
    ]
    lines.append(f'{indent}@arg("ensembles", ndim=2, doc={SETS_DOC!r}, err_to_str=True)')
    lines.append(f'{indent}@arg("regle", ndim=2, doc={RULE_DOC!r}, err_to_str=True)')
    return "\n".join(lines)


def _settings_args() -> str:
    ranges = (("parametres", SETTINGS_DOC), ("ensembles", SETS_DOC), ("regle", RULE_DOC))
    return "\n".join(
        f'@arg("{name}", ndim=2, doc={doc!r}, err_to_str=True)' for name, doc in ranges
    )


_HEADER = '''\
"""Marqueur égalité femmes-hommes (EFH) pour xlwings Lite, généré par efh-xl {version}.

À coller tel quel dans l'onglet main.py de l'éditeur xlwings Lite (et requirements.txt dans
son onglet). Ne pas modifier : régénérer avec « efh-xl lite DOSSIER --force ».

- Fonctions : =EFH_MARQUEUR(Q1; Q2a; Q2b; Q3; Q4; Q5; [ensembles]; [regle]),
  =EFH_MOTIF(...) et =EFH_GRILLE(plage; [ensembles]; [regle]) (ensembles : EFH_ENSEMBLES,
  regle : EFH_REGLE), comme dans le classeur avec le complément xlwings classique ;
  chiffres du comité avec les paramètres du classeur (EFH_PARAMETRES) : =EFH_PART(...),
  =EFH_PART_EUROS(...), =EFH_CIBLE(...), =EFH_ECART_CIBLE(...), =EFH_EUROS_PONDERES(...),
  =EFH_NOM_REGLE(...).
- Script : « {script} » écrit les feuilles de synthèse, comme le bouton du classeur.
"""
'''

_LOADER = """
# The efh_xl modules this file needs, embedded: xlwings Lite cannot install efh_xl (it is not
# on PyPI). They are served to the import system from memory, ahead of any installed copy.
import importlib.abc
import importlib.util
import sys

_SOURCES = {sources}


class _EmbeddedEfhXl(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, name, path=None, target=None):
        if name not in _SOURCES:
            return None
        package = name in _PACKAGES
        return importlib.util.spec_from_loader(name, self, is_package=package)

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        name = module.__name__
        exec(compile(_SOURCES[name], "<efh_xl embedded: " + name + ">", "exec"), module.__dict__)


_PACKAGES = {packages}
# A new version of this file replaces the modules a previous one loaded.
sys.meta_path[:] = [f for f in sys.meta_path if type(f).__name__ != "_EmbeddedEfhXl"]
for _name in [n for n in sys.modules if n == "efh_xl" or n.startswith("efh_xl.")]:
    del sys.modules[_name]
sys.meta_path.insert(0, _EmbeddedEfhXl())
"""

# xlwings Lite's documented options only: ``category`` is classic-xlwings-only, so not here.
_BODY = '''
import xlwings as xw  # noqa: E402
from xlwings import arg, func, script  # noqa: E402

from efh_xl.excel import functions as _efh  # noqa: E402


@func
{answer_args}
def EFH_MARQUEUR(q1, q2a, q2b, q3, q4, q5, ensembles=None, regle=None):
    """Marqueur égalité femmes-hommes (0, 1 ou 2, vide sans aucune réponse) d'une action."""
    return _efh.marqueur(q1, q2a, q2b, q3, q4, q5, ensembles, regle)


@func
{answer_args}
def EFH_MOTIF(q1, q2a, q2b, q3, q4, q5, ensembles=None, regle=None):
    """Motif de validation : pourquoi ce marqueur, ce qui manque, ce qui est à corriger."""
    return _efh.motif(q1, q2a, q2b, q3, q4, q5, ensembles, regle)


@func
@arg("reponses", ndim=2, doc={answers_doc!r}, err_to_str=True)
@arg("ensembles", ndim=2, doc={sets_doc!r}, err_to_str=True)
@arg("regle", ndim=2, doc={rule_doc!r}, err_to_str=True)
def EFH_GRILLE(reponses, ensembles=None, regle=None):
    """Marqueur et motif de toutes les actions d'une plage (n lignes x 2 colonnes, en un appel)."""
    return _efh.grille(reponses, ensembles, regle)


@func
@arg("reponses", ndim=2, doc={answers_doc!r}, err_to_str=True)
@arg("niveau", doc={level_doc!r}, err_to_str=True)
@arg("ensembles", ndim=2, doc={sets_doc!r}, err_to_str=True)
@arg("regle", ndim=2, doc={rule_doc!r}, err_to_str=True)
def EFH_PART(reponses, niveau=None, ensembles=None, regle=None):
    """Part des actions marquées au marqueur 1 ou 2 (niveau 1) ou 2 (niveau 2)."""
    return _efh.part(reponses, niveau, ensembles, regle)


@func
@arg("reponses", ndim=2, doc={answers_doc!r}, err_to_str=True)
@arg("montants", ndim=2, doc={amounts_doc!r}, err_to_str=True)
@arg("niveau", doc={level_doc!r}, err_to_str=True)
@arg("ensembles", ndim=2, doc={sets_doc!r}, err_to_str=True)
@arg("regle", ndim=2, doc={rule_doc!r}, err_to_str=True)
def EFH_PART_EUROS(reponses, montants, niveau=None, ensembles=None, regle=None):
    """Part des euros des actions marquées (d'un financeur) qui va au marqueur 1 ou 2, ou 2."""
    return _efh.part_euros(reponses, montants, niveau, ensembles, regle)


@func
@arg("niveau", doc={level_doc!r}, err_to_str=True)
@arg("parametres", ndim=2, doc={settings_doc!r}, err_to_str=True)
def EFH_CIBLE(niveau=None, parametres=None):
    """Cible de la feuille Paramètres : part visée au marqueur 1 ou 2, ou 2."""
    return _efh.cible(niveau, parametres)


@func
@arg("reponses", ndim=2, doc={answers_doc!r}, err_to_str=True)
@arg("niveau", doc={level_doc!r}, err_to_str=True)
{settings_args}
def EFH_ECART_CIBLE(reponses, niveau=None, parametres=None, ensembles=None, regle=None):
    """Écart entre la part des actions marquées et la cible de la feuille Paramètres."""
    return _efh.ecart_cible(reponses, niveau, parametres, ensembles, regle)


@func
@arg("reponses", ndim=2, doc={answers_doc!r}, err_to_str=True)
@arg("montants", ndim=2, doc={amounts_doc!r}, err_to_str=True)
{settings_args}
def EFH_EUROS_PONDERES(reponses, montants, parametres=None, ensembles=None, regle=None):
    """Euros accordés pondérés comme l'EIGE, avec les pondérations de Paramètres."""
    return _efh.euros_ponderes(reponses, montants, parametres, ensembles, regle)


@func
{settings_args}
def EFH_NOM_REGLE(parametres=None, ensembles=None, regle=None):
    """Nom de la règle, tel que les synthèses l'affichent."""
    return _efh.nom_regle(parametres, ensembles, regle)


@script(name={script!r})
def generer_syntheses(book: xw.Book):
    """Régénère les feuilles « Synthèse – … » à partir du tableau des actions et de la Grille."""
    from efh_xl.errors import EfhError
    from efh_xl.excel.button import generate

    said = []
    try:
        names = generate(book, said)
    except EfhError as error:  # said in French, not as a traceback
        print("Synthèses non générées : " + str(error))
        return
    print("Feuilles de synthèse écrites : " + ", ".join(names))
    for warning in said:
        print("Attention : " + warning)
'''


def _installed_version() -> str:
    try:
        return metadata.version("efh_xl")
    except metadata.PackageNotFoundError:  # run from a source tree that is not installed
        return "(version de développement)"


def lite_main(version: str | None = None) -> str:
    """The text of the xlwings Lite ``main.py``."""
    if version is None:
        version = _installed_version()
    sources = embedded_sources()
    packages = sorted(name for name in sources if _is_package(name))
    listing = "{\n" + "".join(f"    {name!r}: {text!r},\n" for name, text in sources.items()) + "}"
    return (
        _HEADER.format(version=version, script=SCRIPT_NAME)
        + _LOADER.format(sources=listing, packages="{" + ", ".join(map(repr, packages)) + "}")
        + _BODY.format(
            answer_args=_answer_args(),
            answers_doc=ANSWERS_DOC,
            sets_doc=SETS_DOC,
            rule_doc=RULE_DOC,
            level_doc=LEVEL_DOC,
            settings_doc=SETTINGS_DOC,
            amounts_doc=AMOUNTS_DOC,
            settings_args=_settings_args(),
            script=SCRIPT_NAME,
        )
    )


def lite_requirements() -> str:
    """The text of the xlwings Lite ``requirements.txt``."""
    return "\n".join(REQUIREMENTS) + "\n"


def write_lite(directory: str | os.PathLike[str], *, force: bool = False) -> list[Path]:
    """Write ``main.py`` and ``requirements.txt`` for xlwings Lite into ``directory``.

    Returns the paths written. The directory is created if needed. When either file exists
    (a person may have edited it), nothing is written unless ``force``; each file is then
    replaced in one step, never left half written.
    """
    target = given_path(
        directory, "directory", "le dossier où écrire main.py et requirements.txt, « . » pour "
        "le dossier courant"
    )
    if target.exists() and not target.is_dir():
        raise OutputNotAFolderError(target, option="")
    files = ((target / MAIN, lite_main()), (target / REQUIREMENTS_FILE, lite_requirements()))
    existing = [path for path, _ in files if path.exists() or path.is_symlink()]
    if existing and not force:
        raise TargetExistsError(*existing, folder=True)
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise from_os_error(error, target) from error
    for path, text in files:
        with atomic_write(path) as temporary:
            temporary.write_text(text, encoding="utf-8", newline="\n")
    return [path for path, _ in files]
