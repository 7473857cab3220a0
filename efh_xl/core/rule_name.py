"""The one name a rule is shown under: summaries, refresh, consolidation, rule files.

A rule is named by what it holds, not only by the name it carries: a rule whose box sets or
levels differ from a built-in reading never keeps that reading's name unmodified (a Grille
edited in a workbook built with the reference reading, or a rule file edited without changing
its « nom »). It is then « <name> (modifiée) », the same before and after a refresh: no date,
since a workbook's last save is not the date of the edit.
"""

from __future__ import annotations

from dataclasses import replace

from efh_xl.core.grid import ALTERNATIVE_RULES, DEFAULT_RULE, Rule

MODIFIED = " (modifiée)"
# Dropped from a built-in name once its sets change: the changed rule is no reference reading.
_REFERENCE_TAIL = " (lecture de référence)"
BUILT_IN: tuple[Rule, ...] = (DEFAULT_RULE, *ALTERNATIVE_RULES.values())


def same_rule(a: Rule, b: Rule) -> bool:
    """Whether two rules give the same markers and reasons: everything but their names."""
    return a is b or replace(a, name="") == replace(b, name="")


def modified_name(name: str) -> str:
    """« <name> (modifiée) », once, without « (lecture de référence) »."""
    stem = name.strip().removesuffix(MODIFIED).removesuffix(_REFERENCE_TAIL)
    return stem + MODIFIED


def rule_name(rule: Rule, typed: str = "", base: Rule | None = None) -> str:
    """The name ``rule`` is shown under.

    ``typed``: the name typed in the workbook's Paramètres sheet, which wins unless it is a
    built-in reading's name and the rule differs from that reading. ``base``: the rule the
    Grille's box sets were applied to (the one stored in the workbook); a rule that differs
    from it under its name is « <name> (modifiée) ».
    """
    name = typed.strip() or rule.name.strip()
    for known in BUILT_IN:
        if name in (known.name, modified_name(known.name)):  # claims a built-in reading
            return known.name if same_rule(rule, known) else modified_name(known.name)
    if base is not None and name == base.name.strip() and not same_rule(rule, base):
        return modified_name(name)
    return name


def named(rule: Rule, base: Rule | None = None) -> Rule:
    """``rule`` under the name it is shown under (see :func:`rule_name`, no name typed)."""
    name = rule_name(rule, "", base)
    return rule if name == rule.name else replace(rule, name=name)
