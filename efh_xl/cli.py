"""The ``efh-xl`` command: one subcommand per function of the Python API.

| command     | Python API                                  |
|-------------|---------------------------------------------|
| build       | :func:`efh_xl.workbook.build.build_workbook` |
| evaluate    | :func:`efh_xl.workbook.action_lists.evaluate_file`        |
| refresh     | :func:`efh_xl.workbook.headless_refresh.refresh`     |
| summary     | :func:`efh_xl.core.summary.summarize` on a file  |
| import      | :func:`efh_xl.workbook.programmation_import.import_actions` |
| lite        | :func:`efh_xl.excel.lite.write_lite`                 |
| regle       | :func:`efh_xl.workbook.rule_file.save_rule`          |
| consolidate | :func:`efh_xl.workbook.consolidation.consolidate` |

Messages are in French; an error a user can fix prints its message and exits with the code of
its kind (see :mod:`efh_xl.errors`). No traceback reaches a user unless ``--debug`` is given.
"""

from __future__ import annotations

import argparse
import codecs
import math
import os
import re
import shutil
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from efh_xl.errors import (
    EXIT_BROKEN_PIPE,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_USAGE,
    EfhError,
    from_os_error,
)

from . import __version__
from .core.plural import agreed, counted, spaced

# argparse writes its own words in English; users read French. Its messages are matched here
# (Python 3.11's wording) rather than through a global gettext patch, which would change
# argparse for every other program in the process. A message not listed stays as it is.
_ARGPARSE_MESSAGES = (
    # One path of a rule file to write, which may hold spaces (see _refuse_rule_output).
    (
        r"unrecognized arguments: (.+?)( \(le fichier à écrire se donne avec -o : .*\))",
        "argument non reconnu : {0}{1}",
    ),
    # One word, and what it most likely meant, in brackets (see _refuse).
    (
        r"unrecognized arguments: (\S+)( \([^()]+\))?",
        "argument non reconnu : {0}{1}",
    ),
    (r"unrecognized arguments: (.*)", "arguments non reconnus : {0}"),
    (r"the following arguments are required: ([^,]+)", "argument obligatoire manquant : {0}"),
    (r"the following arguments are required: (.*)", "arguments obligatoires manquants : {0}"),
    (
        r"argument (.*?): invalid choice: (.*) \(choose from (.*)\)",
        "{0} : choix {1} inconnu (choisir parmi {2})",
    ),
    (
        r"argument (.*?): invalid int value: (.*)",
        "{0} : valeur {1} invalide (attendu : un nombre entier)",
    ),
    (r"argument (.*?): invalid \w+ value: (.*)", "{0} : valeur {1} invalide"),
    (r"argument (.*?): expected one argument", "{0} : une valeur est attendue après l'option"),
    (r"argument (.*?): expected at least one argument", "{0} : au moins une valeur est attendue"),
    (r"argument (.*?): ignored explicit argument (.*)", "{0} : valeur {1} inattendue"),
    (r"ambiguous option: (.*?) could match (.*)", "option {0} ambiguë : elle peut désigner {1}"),
    # Our own option checks (argparse.ArgumentTypeError) already speak French.
    (r"argument (.*?): (.*)", "{0} : {1}"),
)


def _french(message: str) -> str:
    for pattern, french in _ARGPARSE_MESSAGES:
        match = re.fullmatch(pattern, message)
        if match:
            # argparse quotes values as Python does ('x'); French quotes them « x ».
            groups = (re.sub(r"'([^']*)'", r"« \1 »", g or "") for g in match.groups())
            return french.format(*groups)
    return message


class _FrenchHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "utilisation : " if prefix is None else prefix)


class _FrenchArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose own words (usage, titles, -h, errors) are in French."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _FrenchHelpFormatter)
        add_help = kwargs.pop("add_help", True)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = "arguments"
        self._optionals.title = "options"
        if add_help:
            self.add_argument(
                "-h",
                "--help",
                action="help",
                default=argparse.SUPPRESS,
                help="afficher cette aide et quitter",
            )

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(
            EXIT_USAGE,
            f"{self.prog} : erreur : {_french(message)}\nAide : {self.prog} --help\n",
        )


def _bar(done: int, total: int, what: str = "", width: int = 30) -> str:
    """A progress bar, with what is counted (« [###...] 3/9 classeurs lus »)."""
    filled = int(width * done / total) if total else width
    return "[" + "#" * filled + "." * (width - filled) + f"] {done}/{total}" + (
        f" {what}" if what else ""
    )


def _rule(args: argparse.Namespace):
    """The rule named by ``--regle`` (a known reading or a JSON rule file), or None."""
    if getattr(args, "regle", None) is None:
        return None
    from efh_xl.workbook.rule_file import load_rule

    return load_rule(args.regle)


def cmd_build(args: argparse.Namespace) -> int:
    import pandas as pd

    from efh_xl.workbook.build import build_workbook

    # An empty DataFrame: no action and no territory (the default is the fictional sample).
    actions = pd.DataFrame() if args.vide else None
    rule = _rule(args)
    path = build_workbook(args.path, udf=args.udf, rule=rule, force=args.force, actions=actions)
    mode = "fonctions Python (EFH_MARQUEUR, EFH_MOTIF)" if args.udf else "formules natives"
    content = "tableau Actions vide" if args.vide else "exemple fictif de 120 actions"
    print(f"Classeur écrit : {path} ({mode}, {content}).")
    if rule is not None:
        from efh_xl.core.rule_name import rule_name

        # The name the summaries will show: a rule file that kept a built-in reading's name
        # with other boxes is « … (modifiée) », which only summary revealed.
        print(f"Règle : {rule_name(rule)}.")
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from efh_xl.workbook.action_lists import csv_values, evaluate_file

    result = evaluate_file(
        args.path, args.output, force=args.force, rule=_rule(args), sheet=args.feuille
    )
    warnings = [f"Attention : {warning}" for warning in result.attrs.get("warnings", [])]
    if args.output:
        print(*warnings, sep="\n", end="\n" if warnings else "")
        print(f"{counted(len(result), 'action évaluée', 'actions évaluées')} : {args.output}")
        return 0
    # Without --output, the standard output is the list itself: the warnings go beside it,
    # after it, where a person reading the screen sees them last (as the guide says).
    csv_values(result).to_csv(sys.stdout, index=False)
    sys.stdout.flush()
    print(*warnings, sep="\n", end="\n" if warnings else "", file=sys.stderr)
    return 0


def cmd_refresh(args: argparse.Namespace) -> int:
    from efh_xl.workbook.headless_refresh import refresh

    show_bar = not args.json and sys.stderr.isatty()
    written: list[int] = [0, 0]  # workbooks written so far, workbooks in all
    drawn = [0]  # the length of the bar on the terminal's last line, 0 for none

    def progress(done, total, result):
        written[1] = total
        if result.output and not args.check:
            written[0] += 1
        if args.json:
            return
        if show_bar and drawn[0]:
            # The bar's line blanked (spaces: a console of Windows without its terminal
            # sequences enabled would print an erase code as text): the result line takes it,
            # the bar goes below.
            print("\r" + " " * drawn[0] + "\r", end="", file=sys.stderr, flush=True)
        # A failure goes to stderr, with the other messages a user must read.
        print(_result_line(result, args.check), file=sys.stdout if result.ok else sys.stderr)
        for warning in result.warnings:
            print(f"        Attention : {warning}")
        if show_bar:
            sys.stdout.flush()  # the lines above shown before the bar is drawn under them
            what = "classeurs vérifiés" if args.check else "classeurs rafraîchis"
            bar = _bar(done, total, what)
            drawn[0] = 0 if done == total else len(bar)
            print(bar, end="\n" if done == total else "", file=sys.stderr, flush=True)

    try:
        results = refresh(
            args.paths,
            output_dir=args.output,
            check=args.check,
            progress=progress,
            pdf_dir=args.pdf,
            force=args.force,
        )
    except KeyboardInterrupt:
        if not written[0]:
            raise  # nothing written: main's message says it all
        # Some workbooks of the batch are refreshed: saying only « nothing half-written »
        # would leave the user unsure which ones changed.
        print(
            f"\nefh-xl : interrompu ; {counted(written[0], 'classeur', 'classeurs')} sur "
            f"{spaced(written[1])} déjà {agreed(written[0], 'rafraîchi', 'rafraîchis')} "
            "(lignes OK ci-dessus), les autres n'ont pas été modifiés, aucun à "
            "moitié. Relancez la même commande pour tout rafraîchir.",
            file=sys.stderr,
        )
        return EXIT_INTERRUPTED
    if args.json:
        print(results.to_json())
    if not results.ok:
        failed = results.failed
        if args.debug:
            for result in failed:
                if result.exception is not None:
                    traceback.print_exception(result.exception, file=sys.stderr)
        if len(results) > 1 or args.json:  # one workbook: its line above said it all
            _say_failures(results, args.json)
        return results.exit_code
    return results.exit_code  # 1 when --check found actions to fix (« À VOIR »)


def _say_failures(results, json: bool) -> None:
    """The closing list of a batch's failures, on stderr: the workbooks in error, out of
    those the command had to refresh, then the inputs that name no workbook (an empty folder
    is no workbook in error: « 1 classeur sur 2 en erreur » counted it as one)."""
    from efh_xl.workbook.headless_refresh import names_no_workbook

    failed = [r for r in results.failed if not names_no_workbook(r)]
    empty = [r for r in results.failed if names_no_workbook(r)]
    # Those left aside on purpose (IGNORÉ: a regional workbook, an earlier copy) are no part
    # of the count either.
    refreshable = sum(1 for r in results if r.outcome != "skipped" and not names_no_workbook(r))
    print(file=sys.stderr)
    if failed:
        said = f"{counted(len(failed), 'classeur', 'classeurs')} sur {spaced(refreshable)}"
        _say_listed(f"{said} en erreur :", failed, json)
    if empty:
        said = counted(len(empty), "chemin", "chemins")
        said += " " + agreed(len(empty), "ne désigne", "ne désignent")
        _say_listed(f"{said} aucun classeur :", empty, json)


def _say_listed(title: str, results, json: bool) -> None:
    print(title, file=sys.stderr)
    for result in results:
        # Each message is on its line above already: the list names the paths only. With
        # --json no line was printed above: the message follows its path, on a line of its own.
        print(f"  {result.path}", file=sys.stderr)
        if json:
            print(f"      {result.error_message}", file=sys.stderr)


def _result_line(result, check: bool) -> str:
    if result.outcome == "skipped":  # its reason is its warning, printed below it
        return f"IGNORÉ  {result.path}"
    if not result.ok:
        return f"ERREUR  {result.error_line}"
    markers = _marker_counts(result.markers)
    problems = f"{spaced(result.problems)} à corriger" if result.problems else "aucune à corriger"
    actions = counted(result.actions, "action", "actions")
    sheets_said = counted(len(result.sheets), "feuille de synthèse", "feuilles de synthèse")
    if check:
        status = "À VOIR" if result.problems else "OK"
        return f"{status:7} {result.path} : {actions} ({markers}), {problems}"
    extra = ""
    if result.rule_changed:
        extra = " ; règle de la Grille appliquée aux formules"
    elif result.rule_updated:  # an older workbook, its Grille untouched
        extra = " ; formules mises à jour pour cette version d'efh_xl (règle inchangée)"
    if result.pdfs:
        extra += f" ; {len(result.pdfs)} PDF"
    return (
        f"OK      {result.output} : {actions} ({markers}), {problems}, {sheets_said}{extra}"
    )


def cmd_summary(args: argparse.Namespace) -> int:
    from efh_xl.core.summary import SHARE_1_OR_2, summarize
    from efh_xl.workbook.reader import read_workbook

    data = read_workbook(args.path)
    rule = _rule(args)
    # The name its own summaries show (one typed in Paramètres too), unless --regle names another.
    summary = summarize(
        data.actions,
        rule or data.rule,
        data.settings,
        rule_name="" if rule else data.rule_name,
    )
    if not summary.actions:
        print(
            f"Synthèse EFH de {args.path} : aucune action dans le tableau Actions ; règle : "
            f"{summary.rule_label}. Saisissez les actions dans la feuille Actions, ou importez "
            "la liste reçue : efh-xl import LISTE --into CLASSEUR."
        )
        return 0
    actions = counted(summary.actions, "action", "actions")
    print(f"Synthèse EFH de {args.path} : {actions} ; règle : {summary.rule_label}")
    # The share's header as the summary sheets word it (« Part M1 ou M2 (actions marquées) »),
    # on two lines: a reader told « M1+M2 » computed 14/40 where the share is 14/34.
    share_name, _, share_scope = SHARE_1_OR_2.partition(" (")
    share_scope = f"({share_scope}" if share_scope else ""
    wide = max(len(share_name), len(share_scope))
    lines = [*summary.territories, summary.overall]
    # The euros as every message writes them (« 1 923 800 € »), each column as wide as its
    # longest amount: a large programmation pushed the columns after it out of line.
    granted = [item.by_marker["Montant accordé"].tolist() for item in lines]
    euros = [(_euros(sum(g)), _euros(g[1] + g[2])) for g in granted]
    all_wide = max([len("Accordé") + 5, *(len(e[0]) for e in euros)])
    marked_wide = max([len("Accordé M1+M2") + 1, *(len(e[1]) for e in euros)])
    figures = f"{'Actions':>7} {'M0':>4} {'M1':>4} {'M2':>4} {'Prov.':>5} {'Non m.':>6} "
    figures += f"{share_name:>{wide}} {'Accordé':>{all_wide}} {'Accordé M1+M2':>{marked_wide}} "
    figures += f"{'À corriger':>10}"
    # The territories' names as wide as the terminal leaves them (16 to 40 characters): a
    # table 134 characters wide wrapped every line in a console of 120.
    columns = shutil.get_terminal_size((len(figures) + 41, 24)).columns
    names = max(16, min(40, columns - len(figures) - 2))
    header = f"{'Territoire':{names}} {figures}"
    print(header)
    if share_scope:
        print(f"{'':{names}} {'':>7} {'':>4} {'':>4} {'':>4} {'':>5} {'':>6} {share_scope:>{wide}}")
    print("-" * len(header))
    for item, (all_euros, marked_euros) in zip(lines, euros, strict=True):
        counts = item.by_marker["Actions"].astype(int).tolist()
        # The overall line by identity: a territory may be called « Ensemble ».
        name = "Tous les territoires" if item is summary.overall else item.name
        if len(name) > names:
            # Its short name (Paramètres), or its beginning, cut as a text is cut: « …naut –
            # Val-de-Lys… », cut at both ends, was read as another territory's name.
            short = dict(data.settings.short_names).get(name, "")
            short = "Ensemble" if item is summary.overall else short  # as its sheet's tab
            name = short if short and len(short) <= names else name[: names - 1].rstrip() + "…"
        # A share over no marked action is no 0 %: not yet marked is not marker 0.
        # « 41 % », spaced as every percentage the tool writes (« 85 % » in the messages).
        share = f"{item.share_1_or_2 * 100:.0f} %" if item.marked else "—"
        print(
            f"{name:{names}} {spaced(item.actions):>7} {spaced(counts[0]):>4} "
            f"{spaced(counts[1]):>4} {spaced(counts[2]):>4} {spaced(counts[3]):>5} "
            f"{spaced(counts[4]):>6} {share:>{wide}} {all_euros:>{all_wide}} "
            f"{marked_euros:>{marked_wide}} {spaced(item.to_fix_count):>10}"
        )
    _print_unreadable(summary.overall)
    from efh_xl.core.programmation import table_warnings
    from efh_xl.core.summary import respelled_warnings

    said = respelled_warnings(summary, data.actions, data.row_numbers.tolist())
    for warning in [*table_warnings(data.headers, data.settings.funders), *said]:
        print(f"Attention : {warning}")
    return 0


def _euros(amount: float) -> str:
    """Whole euros, thousands spaced (« 1 923 800 € »), as the summary sheets show them; « — »
    for a sum past what a number holds (two cells of 1e308)."""
    if not math.isfinite(float(amount)):
        return "—"
    return f"{spaced(round(float(amount)))} €"


def _print_unreadable(overall) -> None:
    """Amounts that could not be read: counted nowhere, so the user must see them."""
    from efh_xl.core.programmation import NUMBER, TERRITORY, TITLE

    if not overall.unreadable_count:
        return
    from efh_xl.core.summary_sheets import UNREADABLE_AMOUNTS, unreadable_title

    # As the summary sheets title it: people counts too, when it lists them.
    title = unreadable_title(overall)
    where = "en euros" if title == UNREADABLE_AMOUNTS else ""
    count = spaced(overall.unreadable_count)
    print(f"{title} ({count}), comptés dans aucun total {where}".rstrip() + " :")
    typed_columns = [c for c in overall.unreadable.columns if c not in (NUMBER, TERRITORY, TITLE)]
    for record in overall.unreadable.head(20).to_dict("records"):
        typed = ", ".join(f"{c} « {record[c]} »" for c in typed_columns if record[c])
        number = record["N° action"] or "?"
        print(f"  action {number} ({record['Territoire']}) : {typed}")
    if overall.unreadable_count > 20:
        more = counted(overall.unreadable_count - 20, "autre", "autres")
        print(f"  … et {more} : voir la feuille de synthèse.")


def cmd_import(args: argparse.Namespace) -> int:
    from efh_xl.workbook.programmation_import import import_actions

    result = import_actions(
        args.source,
        args.into,
        mapping=args.colonne or None,
        mapping_file=args.correspondance,
        year=args.annee,
        territory=args.territoire,
        dry_run=args.dry_run,
        output=args.output,
        force=args.force,
        sheet=args.feuille,
    )
    if args.json:
        print(result.to_json())
        return result.exit_code
    for warning in result.warnings:
        print(f"Attention : {warning}")
    # The file written, not the workbook copied (an --output naming --into is the workbook).
    target = args.into
    if args.output and Path(args.output).resolve() != Path(args.into).resolve():
        target = f"{args.output} (copie de {args.into})"
    print(
        f"{args.source} -> {target} : "
        f"{counted(result.added, 'action ajoutée', 'actions ajoutées')}, "
        f"{counted(result.updated, 'mise à jour', 'mises à jour')}, "
        f"{counted(result.unchanged, 'inchangée', 'inchangées')}, "
        f"{counted(len(result.rejected), 'rejetée', 'rejetées')}"
        + (
            f", {counted(result.empty_lines, 'ligne vide ignorée', 'lignes vides ignorées')}"
            if result.empty_lines
            else ""
        )
        + "."
    )
    for rejection in result.rejected:
        number = f" (N° {rejection.number})" if rejection.number else ""
        print(f"  ligne {rejection.line}{number} rejetée : {rejection.reason}")
    if args.dry_run:
        # Say what the real run would do, and how to do it (« ces actions seraient importées »
        # was printed even when every line was rejected).
        if result.error_kind is not None:  # the real run would be refused: the warning above
            until = (
                " tant que le classeur est ouvert"
                if result.error_kind == "WorkbookOpenError"
                else ""
            )
            print(
                "Simulation (--dry-run) : rien n'a été écrit. L'import réel serait refusé"
                f"{until} (voir « Attention » ci-dessus)."
            )
        elif result.added or result.updated:
            print(
                "Simulation (--dry-run) : rien n'a été écrit. Relancez sans --dry-run pour "
                "importer ces actions."
            )
        else:
            print("Simulation (--dry-run) : rien n'a été écrit, et rien ne serait importé.")
    elif result.output:
        print(f"Classeur écrit : {result.output}")
        if result.added or result.updated:
            # The import writes the Actions table only: the summary sheets still show the
            # figures of their last generation.
            print(
                "Les synthèses du classeur ne comptent pas encore ces actions : mettez-les à "
                f"jour avec efh-xl refresh {_quoted(result.output)} (ou le bouton « Générer les "
                "synthèses » dans Excel)."
            )
    else:
        print("Rien à écrire : le classeur est déjà à jour.")
    return result.exit_code  # 1 when lines were rejected


# Characters that split or redirect a word in some shell (POSIX shells, cmd, PowerShell): a
# path holding one is given in double quotes, which all of them take. An apostrophe too
# (« règle d'été.json »): it opens a quoted string in POSIX shells and PowerShell.
_SHELL_SPECIAL = frozenset("'&;|<>()")


def _quoted(path: str | os.PathLike[str]) -> str:
    """A path as a command line takes it: in double quotes when it holds a space or another
    character a shell would take for its own (see _SHELL_SPECIAL)."""
    text = os.fspath(path)
    if any(c.isspace() or c in _SHELL_SPECIAL for c in text):
        return f'"{text}"'
    return text


# The file « efh-xl regle » writes when -o is not given.
RULE_FILE = "regle.json"


def cmd_rule(args: argparse.Namespace) -> int:
    from efh_xl.errors import WorkbookNotFoundError
    from efh_xl.workbook.rule_file import load_rule, save_rule

    # The rule read once and said by the name the file gets (its « nom », the name the
    # summaries show), not by the name or path typed: « a.xlsm » is no rule's name.
    try:
        rule = load_rule(args.name)
    except WorkbookNotFoundError as error:
        # « efh-xl regle ma_regle.json », the file to write typed as build takes its own:
        # NOM is the rule to read, so a missing .json without -o is most likely an output.
        if args.output is not None or Path(args.name).suffix.lower() != ".json":
            raise
        hint = (
            "Pour écrire une règle dans ce fichier, donnez-le à -o : efh-xl regle -o "
            f"{_quoted(args.name)} (lecture de référence ; une autre : efh-xl regle "
            f"hachure_q3 -o {_quoted(args.name)})."
        )
        raise WorkbookNotFoundError(args.name, workbook=False, hint=hint) from error
    path = save_rule(rule, args.output or RULE_FILE, force=args.force)
    # The option as it is to be typed: « --regle règles été/ma règle.json » unquoted was
    # three words to a shell.
    print(f"Règle « {rule.name} » écrite : {path} (à modifier, puis --regle {_quoted(path)}).")
    return 0


def cmd_lite(args: argparse.Namespace) -> int:
    from efh_xl.excel.lite import write_lite

    paths = write_lite(args.directory, force=args.force)
    print("Fichiers xlwings Lite écrits : " + ", ".join(str(p) for p in paths))
    print(
        "Collez main.py et requirements.txt dans les onglets du même nom de l'éditeur "
        "xlwings Lite (voir le guide, section xlwings Lite)."
    )
    return 0


def _year_option(text: str) -> int:
    """``--annee``, held to the years a list's own Année column may hold (2000 to 2100): a
    typo such as 20266 would otherwise become a year of its own in every summary."""
    try:
        year = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"valeur « {text} » invalide (attendu : une année, par exemple 2026)"
        ) from None
    from efh_xl.core.programmation import FIRST_YEAR, LAST_YEAR

    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise argparse.ArgumentTypeError(
            f"année {year} invalide (attendu : une année de {FIRST_YEAR} à {LAST_YEAR}, par "
            "exemple 2026)"
        )
    return year


def _rule_names() -> list[str]:
    from efh_xl.core.grid import RULES

    return list(RULES)


def _list_formats() -> str:
    from efh_xl.core.list_headers import list_formats

    return list_formats()


def _rule_option(command: argparse.ArgumentParser, default: str = "(défaut : reference)") -> None:
    command.add_argument(
        "--regle",
        type=_rule_spec,
        metavar="REGLE",
        help="lecture de la grille : " + ", ".join(_rule_names()) + ", un fichier de règle "
        "JSON (voir « efh-xl regle ») ou un classeur .xlsm (sa règle) " + default,
    )


def _rule_spec(text: str) -> str:
    """``--regle`` and regle's NOM, never empty: an empty --regle (a script's unset variable)
    silently applied the workbook's own rule, and « regle "" » said « . est un dossier »."""
    if not text.strip():
        raise argparse.ArgumentTypeError(
            "règle vide (attendu : " + ", ".join(_rule_names()) + ", un fichier de règle JSON "
            "ou un classeur .xlsm)"
        )
    return text


def _path_of(expected: str):
    """The type of a path argument that names ``expected``, never empty: an empty path is the
    current folder, and the message said « indiquez un classeur, un dossier ou un motif » to
    commands that write a file or take a list."""

    def path(text: str) -> str:
        if not text.strip():
            raise argparse.ArgumentTypeError(f"chemin vide (attendu : {expected})")
        return text

    return path


def _sheet_name(text: str) -> str:
    """``--feuille``: a sheet's name, never empty (said of the option, not of the API's
    ``sheet``)."""
    if not text.strip():
        raise argparse.ArgumentTypeError(
            "nom de feuille vide (attendu : le nom d'un onglet, par exemple « Douai »)"
        )
    return text


def _sheet_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--feuille",
        type=_sheet_name,
        metavar="FEUILLE",
        help="feuille du classeur à lire (défaut : celle dont la ligne d'en-tête nomme le plus "
        "de colonnes connues)",
    )


_SHOWN_DUPLICATES = 10
_SHOWN_SOURCES = 3


def _marker_counts(counts: dict[str, int]) -> str:
    """« M0 49, M1 18, M2 28, provisoire 16, non marqué 9 », as the refresh reports them."""
    return ", ".join(
        f"{'M' + key if key.isdigit() else key} {spaced(n)}" for key, n in counts.items()
    )


def cmd_consolidate(args: argparse.Namespace) -> int:
    from efh_xl.workbook.consolidation import OTHER_RULE_WARNING, consolidate

    rule = _rule(args)
    show_bar = not args.json and sys.stderr.isatty()

    read: list[bool] = []

    def progress(done, total, result):
        read.append(result.outcome == "ok")
        if show_bar:
            print("\r" + _bar(done, total, "classeurs lus"), end="", file=sys.stderr, flush=True)
            if done == total:
                # The regional workbook takes a while to write after the last file read.
                then = "\nÉcriture du classeur régional…" if any(read) else ""
                print(then, file=sys.stderr, flush=True)

    result = consolidate(args.inputs, args.output, rule=rule, progress=progress, force=args.force)
    if args.json:
        print(result.to_json())
        return result.exit_code
    read, skipped = result.read, result.skipped
    print(
        f"{counted(len(read), 'fichier lu', 'fichiers lus')}, "
        f"{counted(len(skipped), 'ignoré', 'ignorés')}."
    )
    for item in skipped:
        print(f"  ignoré : {item.error_line}")
    for item in read:
        if item.other_rule:
            own = _marker_counts(item.markers_own)
            new = _marker_counts(item.markers)
            print(
                f"  autre règle : {item.path}, « {item.rule} » : {own} avec sa règle ; {new} "
                "avec celle de la consolidation"
            )
        for warning in item.warnings:
            if not warning.startswith(OTHER_RULE_WARNING):  # the line above says it
                print(f"  attention : {item.path} : {warning}")
    # A terminal is no place for hundreds of lines: the « À corriger » sheet lists them all.
    for duplicate in result.duplicates[:_SHOWN_DUPLICATES]:
        others = duplicate.others[:_SHOWN_SOURCES]
        more = len(duplicate.others) - len(others)
        also = " ; ".join(others)
        if more:
            also += f" et {counted(more, 'autre fichier', 'autres fichiers')}"
        if duplicate.same and duplicate.differs:
            print(
                f"  doublon aux chiffres différents : N° {duplicate.number} compté une fois, "
                f"avec ceux de {duplicate.kept} ; aussi dans {also} (autre marqueur ou autre "
                "montant accordé) : vérifiez quelle version est la bonne"
            )
        elif duplicate.same:
            print(
                f"  doublon : N° {duplicate.number} compté une fois, dans {duplicate.kept} ; "
                f"aussi dans {also}"
            )
        else:
            print(
                "  même N° pour des actions différentes de la même année : "
                f"N° {duplicate.number} dans {duplicate.kept} et dans {also} ; comptées "
                "chacune : donnez-leur des numéros distincts"
            )
    hidden = len(result.duplicates) - _SHOWN_DUPLICATES
    if hidden > 0:
        print(
            f"  … et {counted(hidden, 'autre N° présent', 'autres N° présents')} dans "
            "plusieurs fichiers : la feuille "
            "« À corriger » du classeur régional les liste tous."
        )
    markers = _marker_counts(result.markers)
    print(
        # The years named as years: in brackets after the territories they read as their names.
        f"{counted(result.actions, 'action', 'actions')} de "
        f"{counted(len(result.territories), 'territoire', 'territoires')}, "
        f"{agreed(len(result.years), 'année', 'années')} : "
        f"{', '.join(result.years) or 'aucune'} ; {markers} ; {result.to_fix_text}."
    )
    print(f"Classeur régional écrit : {result.output} ; règle : {result.rule}")
    failed = result.files.failed
    if failed:
        # Written, but without them: a script must not take these totals for the region's.
        print(
            f"\n{counted(len(failed), 'fichier', 'fichiers')} en erreur, "
            + agreed(
                len(failed),
                "ses actions ne sont pas comptées dans le classeur régional (ligne « ignoré » "
                "ci-dessus) : corrigez-le ou retirez-le de la commande, puis relancez.",
                "leurs actions ne sont pas comptées dans le classeur régional (lignes « ignoré » "
                "ci-dessus) : corrigez-les ou retirez-les de la commande, puis relancez.",
            ),
            file=sys.stderr,
        )
    return result.exit_code


def parser() -> argparse.ArgumentParser:
    """The argument parser (also used by the docs test to list every command)."""
    top = _FrenchArgumentParser(
        prog="efh-xl",
        description="Marqueur égalité femmes-hommes (EFH) des actions d'une programmation.",
    )
    top.add_argument(
        "--version",
        action="version",
        version=f"efh-xl {__version__}",
        help="afficher la version et quitter",
    )
    debug_help = "en cas d'erreur, afficher aussi la trace technique (pour un signalement)"
    top.add_argument("--debug", action="store_true", help=debug_help)
    # Also accepted after the command; SUPPRESS keeps the top-level value when absent there.
    common = _FrenchArgumentParser(add_help=False)
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=debug_help)
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMANDE")

    # Each command's description opens its --help (the help alone shows only in the list of
    # commands): what it does, and what it writes.
    build = sub.add_parser(
        "build",
        help="écrire le classeur efh_grille.xlsm",
        description="Écrire le classeur efh_grille.xlsm (ou FICHIER) : l'exemple fictif, ou un "
        "tableau Actions vide avec --vide. Un fichier existant n'est remplacé qu'avec --force.",
        parents=[common],
    )
    build.add_argument(
        "path",
        nargs="?",
        type=_path_of("le fichier à écrire, par exemple efh_grille.xlsm"),
        metavar="FICHIER",
        default="efh_grille.xlsm",
        help="fichier à écrire (défaut : efh_grille.xlsm dans le dossier courant)",
    )
    build.add_argument(
        "--udf",
        action="store_true",
        help="colonnes Marqueur et Motif calculées par Python (xlwings)",
    )
    build.add_argument(
        "--vide",
        action="store_true",
        help="tableau Actions vide et aucun territoire (sans --vide : l'exemple fictif)",
    )
    build.add_argument("--force", action="store_true", help="remplacer le fichier s'il existe")
    _rule_option(build)
    build.set_defaults(run=cmd_build, api="efh_xl.build_workbook")

    evaluate = sub.add_parser(
        "evaluate",
        help="marqueur et motif d'une liste d'actions (CSV, Excel, LibreOffice)",
        description="Marqueur et motif d'une liste d'actions (CSV, Excel, LibreOffice), sans "
        "classeur : le résultat s'affiche, ou va dans le fichier de --output. La liste n'est pas "
        "modifiée.",
        parents=[common],
    )
    evaluate.add_argument(
        "path",
        type=_path_of("la liste d'actions à évaluer, par exemple liste.csv"),
        metavar="LISTE",
        # The grid's questions written out: importing the grid to say them cost every
        # command 25 ms of start-up (test_cli_help checks they are the grid's).
        help=f"liste d'actions : {_list_formats()}, avec les colonnes Q1, Q2a, Q2b, Q3, Q4, Q5 "
        "(ou Question 1, Question 2a…)",
    )
    evaluate.add_argument(
        "--output",
        "-o",
        type=_path_of("le fichier à écrire, .xlsx ou .csv"),
        metavar="FICHIER",
        help="fichier à écrire selon son extension : .xlsx (une feuille mise en page, à lire "
        "et à imprimer) ou .csv (pour Excel : séparateur « ; », virgule décimale). Sans -o, "
        "le résultat va à l'écran en CSV standard (« , », point décimal), pour un programme : "
        "redirigé dans un fichier (>), Excel l'ouvrirait en une seule colonne ; pour un "
        "fichier à ouvrir dans Excel, donnez -o fichier.csv ou -o fichier.xlsx",
    )
    evaluate.add_argument(
        "--force", action="store_true", help="remplacer le fichier de sortie s'il existe"
    )
    _sheet_option(evaluate)
    _rule_option(evaluate, "(défaut : la règle du classeur évalué, reference pour une liste)")
    evaluate.set_defaults(run=cmd_evaluate, api="efh_xl.evaluate_file")

    refresh = sub.add_parser(
        "refresh",
        help="régénérer les feuilles de synthèse de classeurs",
        description="Régénérer les feuilles de synthèse de classeurs. Les classeurs sont "
        "réécrits sur place, sauf avec --output (des copies dans un dossier) ou --check (rien "
        "n'est écrit).",
        parents=[common],
    )
    refresh.add_argument(
        "paths", nargs="+", metavar="CLASSEUR", help="fichiers, dossiers ou motifs (*.xlsm)"
    )
    refresh.add_argument(
        "--check",
        action="store_true",
        help="vérifier seulement (rien n'est écrit ; code 1 si une action est à corriger)",
    )
    refresh.add_argument(
        "--output",
        "-o",
        type=_path_of("le dossier où écrire les copies"),
        metavar="DOSSIER",
        help="écrire des copies dans ce dossier (les sous-dossiers des classeurs sont gardés)",
    )
    refresh.add_argument(
        "--pdf",
        type=_path_of("le dossier où écrire les PDF"),
        metavar="DOSSIER",
        help="écrire aussi un PDF (A4 paysage) par feuille de synthèse dans ce dossier "
        "(avec LibreOffice ; les sous-dossiers des classeurs sont gardés)",
    )
    refresh.add_argument(
        "--force",
        action="store_true",
        help="remplacer les copies de --output et les PDF de --pdf s'ils existent",
    )
    refresh.add_argument("--json", action="store_true", help="rapport lisible par machine")
    refresh.set_defaults(run=cmd_refresh, api="efh_xl.refresh")

    summary = sub.add_parser(
        "summary",
        help="afficher la synthèse par territoire d'un classeur",
        description="Afficher la synthèse par territoire d'un classeur, sans rien écrire.",
        parents=[common],
    )
    summary.add_argument(
        "path",
        type=_path_of("un classeur .xlsm ou .xlsx"),
        metavar="CLASSEUR",
        help="classeur .xlsm ou .xlsx",
    )
    _rule_option(summary, "(défaut : la règle du classeur)")
    summary.set_defaults(run=cmd_summary, api="efh_xl.summarize")

    imp = sub.add_parser(
        "import",
        help="ajouter les actions d'une liste (CSV, Excel, LibreOffice) au tableau Actions",
        description="Ajouter les actions d'une liste (CSV, Excel, LibreOffice) au tableau "
        "Actions du classeur de --into, réécrit sur place (sauf avec --output ou --dry-run). "
        "Ses synthèses se mettent à jour ensuite avec efh-xl refresh.",
        parents=[common],
    )
    imp.add_argument(
        "source",
        type=_path_of("la liste d'actions à importer, par exemple liste.csv"),
        metavar="LISTE",
        help=f"liste d'actions : {_list_formats()}",
    )
    imp.add_argument(
        "--into",
        required=True,
        type=_path_of("le classeur .xlsm à compléter"),
        metavar="CLASSEUR",
        help="classeur .xlsm à compléter",
    )
    imp.add_argument(
        "--colonne",
        action="append",
        metavar="EN-TÊTE=COLONNE",
        help='nommer une colonne du fichier, ex. "Enveloppe attribuée=Montant accordé" '
        "(répétable ; « ignorer » pour l'écarter)",
    )
    imp.add_argument(
        "--correspondance",
        type=_path_of("un fichier de correspondances .toml"),
        metavar="FICHIER.toml",
        help="correspondances de colonnes (TOML)",
    )
    imp.add_argument(
        "--annee", type=_year_option, metavar="ANNEE", help="année des lignes qui n'en ont pas"
    )
    imp.add_argument(
        "--territoire", metavar="TERRITOIRE", help="territoire des lignes qui n'en ont pas"
    )
    _sheet_option(imp)
    imp.add_argument("--dry-run", action="store_true", help="afficher le rapport sans rien écrire")
    imp.add_argument(
        "--output",
        "-o",
        type=_path_of("la copie à écrire, même extension que le classeur"),
        metavar="FICHIER",
        help="écrire le résultat dans une copie (même extension que le classeur)",
    )
    imp.add_argument(
        "--force", action="store_true", help="remplacer le fichier de --output s'il existe"
    )
    imp.add_argument("--json", action="store_true", help="rapport lisible par machine")
    imp.set_defaults(run=cmd_import, api="efh_xl.import_actions")

    lite = sub.add_parser(
        "lite",
        help="écrire main.py et requirements.txt pour xlwings Lite (macOS, Excel web)",
        description="Écrire main.py et requirements.txt pour xlwings Lite (macOS, Excel web) "
        "dans DOSSIER, à coller dans l'éditeur xlwings Lite.",
        parents=[common],
    )
    lite.add_argument(
        "directory",
        type=_path_of("le dossier où écrire main.py et requirements.txt, « . » pour le dossier "
        "courant"),
        metavar="DOSSIER",
        help="dossier où écrire les deux fichiers",
    )
    lite.add_argument(
        "--force", action="store_true", help="remplacer main.py et requirements.txt s'ils existent"
    )
    lite.set_defaults(run=cmd_lite, api="efh_xl.write_lite")

    rule = sub.add_parser(
        "regle",
        help="écrire une lecture de la grille dans un fichier JSON",
        description=f"Écrire une lecture de la grille dans un fichier JSON ({RULE_FILE}, ou "
        "celui de --output), à modifier puis à donner à --regle.",
        parents=[common],
    )
    rule.add_argument(
        "name",
        type=_rule_spec,
        metavar="NOM",
        nargs="?",
        default="reference",
        help="lecture à écrire : " + ", ".join(_rule_names()) + ", un fichier de règle JSON "
        "(réécrit au format actuel) ou un classeur .xlsm (la règle qu'il applique) "
        "(défaut : reference)",
    )
    rule.add_argument(
        "--output",
        "-o",
        type=_path_of(f"le fichier de règle à écrire, par exemple {RULE_FILE}"),
        metavar="FICHIER",
        help=f"fichier à écrire (défaut : {RULE_FILE})",
    )
    rule.add_argument("--force", action="store_true", help="remplacer le fichier s'il existe")
    rule.set_defaults(run=cmd_rule, api="efh_xl.save_rule")

    cons = sub.add_parser(
        "consolidate",
        help="réunir des classeurs (territoires, années) en un classeur régional",
        description="Réunir des classeurs (territoires, années) en un classeur régional, écrit "
        "dans le fichier de --output ; les classeurs lus ne sont pas modifiés.",
        parents=[common],
    )
    cons.add_argument(
        "inputs", nargs="+", metavar="CLASSEUR", help="classeurs, dossiers ou motifs (*.xlsm)"
    )
    cons.add_argument(
        "--output",
        "-o",
        required=True,
        type=_path_of("le classeur régional à écrire, par exemple region.xlsx"),
        metavar="FICHIER",
        help="classeur régional à écrire (.xlsx)",
    )
    cons.add_argument("--force", action="store_true", help="remplacer ce fichier s'il existe")
    _rule_option(cons)
    cons.add_argument("--json", action="store_true", help="rapport lisible par machine")
    cons.set_defaults(run=cmd_consolidate, api="efh_xl.consolidate")
    return top


def _parse(top: argparse.ArgumentParser, arguments: list[str]) -> argparse.Namespace:
    """Parse ``arguments``; an unknown option is reported by its command's parser (its usage,
    its --help), with the option it most likely meant (« --outptu » -> « --output »)."""
    import difflib

    commands = next(a for a in top._actions if isinstance(a, argparse._SubParsersAction))
    _refuse_option_before_command(top, commands, arguments)
    word = next((w for w in arguments if not w.startswith("-")), None)
    if word is not None and word not in commands.choices:  # « efh-xl regel »
        guess = difflib.get_close_matches(word, list(commands.choices), n=1, cutoff=0.6)
        if guess:
            top.error(f"commande « {word} » inconnue (vouliez-vous dire {guess[0]} ?)")
    if word in commands.choices:
        # An unknown option first: mistyped, a required one (« --ouput ») was answered
        # « argument obligatoire manquant : --output », with no word of the typo.
        _refuse_unknown_options(commands.choices[word], arguments[arguments.index(word) + 1 :])
    args, extra = top.parse_known_args(arguments)
    command = commands.choices[args.command]
    if args.command == "refresh" and args.check and (args.pdf or args.output):
        # --check writes nothing: the PDFs or copies asked for would silently not be made.
        given = " et ".join(o for o, v in (("--output", args.output), ("--pdf", args.pdf)) if v)
        command.error(
            f"--check ne va pas avec {given} : --check vérifie seulement et n'écrit rien. "
            f"Relancez sans --check pour écrire, ou sans {given} pour vérifier."
        )
    if not extra:
        return args
    if args.command == "regle" and args.output is None and len(extra) == 1:
        _refuse_rule_output(command, args.name, extra[0])
    _refuse(command, extra)


def _refuse_rule_output(command: argparse.ArgumentParser, name: str, word: str) -> None:
    """Refuse « efh-xl regle reference ma_regle.json » saying how the file to write is given
    (-o): build takes it as its argument, so users type it so here too."""
    if word.startswith("-"):
        return  # an option: _refuse finds the one it most likely meant
    reading, target = name, word
    if Path(name).suffix.lower() == ".json" and Path(word).suffix.lower() != ".json":
        reading, target = word, name  # « regle ma_regle.json reference »
    command.error(
        f"unrecognized arguments: {word} (le fichier à écrire se donne avec -o : efh-xl regle "
        f"{_quoted(reading)} -o {_quoted(target)})"
    )


# Options typed by their French (or English) meaning, which no spelling distance finds:
# « --sortie » was offered « --force ».
_FRENCH_OPTIONS = {
    "--sortie": "--output",
    "--fichier": "--output",
    "--forcer": "--force",
    "--ecraser": "--force",
    "--écraser": "--force",
    "--règle": "--regle",
    "--rule": "--regle",
    "--année": "--annee",
    "--year": "--annee",
    "--territory": "--territoire",
    "--column": "--colonne",
    "--sheet": "--feuille",
    "--onglet": "--feuille",
    "--colonnes": "--colonne",
    "--simulation": "--dry-run",
    "--essai": "--dry-run",
    "--verifier": "--check",
    "--vérifier": "--check",
}


def _refuse(command: argparse.ArgumentParser, extra: list[str]) -> NoReturn:
    """Refuse arguments ``command`` does not know, with the option each most likely meant."""
    import difflib

    options = [o for a in command._actions for o in a.option_strings if o.startswith("--")]
    hints = []
    for word in extra:
        option = word.split("=")[0]
        meant = _FRENCH_OPTIONS.get(option.casefold())
        guess = [meant] if meant in options else []
        guess = guess or difflib.get_close_matches(option, options, n=1, cutoff=0.6)
        said_rule = _FRENCH_OPTIONS.get(option.casefold(), option.casefold()) == "--regle"
        if said_rule and command.prog.endswith(" regle"):
            # The other commands' option, where this one takes the reading as its argument.
            guess = ["efh-xl regle NOM, sans --regle"]
        if word.startswith("-") and guess:
            hints.append((word, guess[0]))
    if len(extra) == 1 and hints:  # the word once: « --outp (vouliez-vous dire --output ?) »
        said = f" (vouliez-vous dire {hints[0][1]} ?)"
    else:
        said = " ; ".join(f"{w} : vouliez-vous dire {g} ?" for w, g in hints)
        said = f" ({said})" if said else ""
    command.error(f"unrecognized arguments: {' '.join(extra)}{said}")


def _refuse_unknown_options(command: argparse.ArgumentParser, words: list[str]) -> None:
    """Refuse the long options typed after ``command`` that it does not know (see _refuse)."""
    known = {o for a in command._actions for o in a.option_strings}
    unknown = []
    for word in words:
        if word == "--":
            break  # what follows is no option
        option = word.split("=")[0]
        # argparse takes an option's unique beginning (« --dry » for --dry-run): so does this.
        abbreviates = [k for k in known if k.startswith(option)] if len(option) > 2 else []
        if word.startswith("--") and option not in known and len(abbreviates) != 1:
            unknown.append(word)
    if unknown:
        _refuse(command, unknown)


def _refuse_option_before_command(
    top: argparse.ArgumentParser, commands: argparse._SubParsersAction, arguments: list[str]
) -> None:
    """Name an unknown option typed before the command (« efh-xl --outptu x »): argparse took
    the word after it for the command and answered « COMMANDE : choix 'x' inconnu »."""
    import difflib

    own = {o for a in top._actions for o in a.option_strings}
    for word in arguments:
        if word == "--" or not word.startswith("-"):
            return  # the command: what follows is its parser's to check
        option = word.split("=")[0]
        if option in own:
            continue
        everyone = {
            o
            for parser in commands.choices.values()
            for a in parser._actions
            for o in a.option_strings
            if o.startswith("--")
        }
        guess = difflib.get_close_matches(option, sorted(everyone | own), n=1, cutoff=0.6)
        meant = guess[0] if guess else option
        if option in everyone:
            what = f"option {option} placée avant la commande"
        else:
            what = f"option {option} inconnue" + (
                f" (vouliez-vous dire {guess[0]} ?)" if guess else ""
            )
        after = (
            ""
            if meant in own or not (guess or option in everyone)
            else f" ; une option de commande se place après elle : efh-xl COMMANDE … {meant}"
        )
        top.error(what + after)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``efh-xl`` console script."""
    arguments = sys.argv[1:] if argv is None else list(argv)
    if arguments == ["--version"]:
        # Answered before the parser is built: its help texts list the rules, which imports
        # the grid; a batch script asking the version should not pay for that.
        print(f"efh-xl {__version__}")
        return 0
    args = _parse(parser(), arguments)
    debug = getattr(args, "debug", False)
    replaced = _tolerant_stdout()
    missing = _missing_folders(args)
    try:
        code = args.run(args)
        _say_made_folders(missing)
        sys.stdout.flush()  # a closed pipe shows here, not at interpreter exit
        if replaced[0]:
            print(
                f"efh-xl : attention, {counted(replaced[0], 'caractère', 'caractères')} que "
                f"cette sortie (encodage {sys.stdout.encoding}) ne peut pas écrire "
                f"{agreed(replaced[0], 'remplacé', 'remplacés')} par « ? ». "
                + _full_text_hint(args),
                file=sys.stderr,
            )
        return code
    except BrokenPipeError:
        # `efh-xl summary x | head`: the reader has gone, which is not an error to report.
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except KeyboardInterrupt:
        print("efh-xl : interrompu ; aucun fichier n'a été modifié à moitié.", file=sys.stderr)
        return EXIT_INTERRUPTED
    except (EfhError, OSError) as error:
        if debug:
            traceback.print_exc()
        _say_made_folders(missing)
        known = error if isinstance(error, EfhError) else from_os_error(error)
        print(f"efh-xl : {known}", file=sys.stderr)
        if getattr(args, "json", False):
            # Refused before any file was done: a script reading --json gets an object saying
            # why, not an empty output (a batch's per-file errors are in its own JSON).
            import json

            said = {"kind": type(known).__name__, "message": str(known)}
            said["exit_code"] = known.exit_code
            print(json.dumps({"error": said}, ensure_ascii=False, indent=2))
        return known.exit_code
    except Exception as error:
        if debug:
            traceback.print_exc()
        print(
            # « Aucun fichier n'a été modifié » was false once a batch had written some: each
            # file is written beside its place then renamed over it, so none is left half
            # written, but the ones done before stay done.
            f"efh-xl : erreur interne ({type(error).__name__} : {_first_line(error)}). Aucun "
            "fichier n'est resté à moitié écrit ; sur plusieurs fichiers, ceux déjà traités "
            "gardent leurs modifications. Relancez avec --debug et signalez le message affiché.",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


def _missing_folders(args: argparse.Namespace) -> list[str]:
    """The folders this command would write into that do not exist yet: the command makes
    them (documented), and says so afterwards, so that a typo in a folder's name shows."""
    from pathlib import Path

    files = {
        "build": [args.path] if args.command == "build" else [],
        "evaluate": [getattr(args, "output", None)],
        "regle": [getattr(args, "output", None)],
        "consolidate": [getattr(args, "output", None)],
        "import": [getattr(args, "output", None)],
    }.get(args.command, [])
    folders = [str(Path(f).parent) for f in files if f]
    if args.command == "refresh":
        folders += [f for f in (args.output, args.pdf) if f]
    if args.command == "lite":
        folders.append(args.directory)
    return [f for f in folders if not os.path.lexists(f)]


def _say_made_folders(missing: list[str]) -> None:
    for folder in missing:
        if os.path.isdir(folder):
            print(
                f"efh-xl : dossier créé : {folder} (il n'existait pas ; s'il est mal nommé, "
                "supprimez-le et relancez avec le bon nom).",
                file=sys.stderr,
            )


def _full_text_hint(args: argparse.Namespace) -> str:
    """How to get the whole text of this command, for the warning about replaced characters:
    only evaluate writes its result to a file of its own; the others print a report."""
    if args.command == "evaluate":
        return (
            "Pour un fichier complet, écrivez-le avec --output (efh-xl evaluate "
            f"{args.path} -o marqueurs.csv) plutôt qu'avec « > »."
        )
    return (
        "Les fichiers écrits sont complets ; pour lire ce texte en entier, relancez la commande "
        "avec la variable d'environnement PYTHONIOENCODING=utf-8 (Windows : « set "
        "PYTHONIOENCODING=utf-8 » avant la commande)."
    )


def _tolerant_stdout() -> list[int]:
    """Let stdout replace what its encoding cannot write by « ? », and count those.

    On Windows a redirected or piped output (``efh-xl evaluate liste.csv > marqueurs.csv``)
    is in the code page (cp1252): one « → » or emoji in an action's title stopped the command
    on an internal error. The count returned (a one-item list, filled as it writes) lets the
    command say that something was replaced.
    """
    replaced = [0]

    def replace(error: UnicodeError) -> tuple[str, int]:
        if not isinstance(error, UnicodeEncodeError):
            raise error
        replaced[0] += error.end - error.start
        return "?" * (error.end - error.start), error.end

    codecs.register_error("efh_xl_replace", replace)  # the latest main()'s counter
    try:
        sys.stdout.reconfigure(errors="efh_xl_replace")  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):  # not a text stream of a real file (tests)
        pass
    return replaced


def _first_line(error: BaseException) -> str:
    lines = str(error).splitlines()
    return lines[0][:200] if lines else ""


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # stdout is not a real file (tests)
        pass


if __name__ == "__main__":
    sys.exit(main())
