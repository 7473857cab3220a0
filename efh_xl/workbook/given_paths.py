"""The paths a Python script gives efh_xl's public functions, checked where they enter: a value
that is no path (None, a number, a list) is refused in French
(:class:`~efh_xl.errors.WrongArgumentError`), an empty one too (:class:`~efh_xl.errors.
EmptyPathError`: ``Path("")`` is the current folder, whose workbooks a batch would all take).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from efh_xl.errors import EmptyPathError, WrongArgumentError


def given_path(path: Any, name: str = "path", expected: str = "") -> Path:
    """``path`` (a text or a path) as a Path. ``expected``: what it is to name, said when it
    is empty (« le fichier à écrire… »; by default, workbooks to read)."""
    if not isinstance(path, str | os.PathLike):
        raise WrongArgumentError(name, "un chemin de fichier (texte ou pathlib.Path)", path)
    text = os.fspath(path)
    if not isinstance(text, str):  # a PathLike of bytes
        raise WrongArgumentError(name, "un chemin de fichier (texte ou pathlib.Path)", path)
    if not text.strip():
        raise EmptyPathError(*([expected] if expected else []))
    if "\0" in text:
        raise WrongArgumentError(name, "un chemin sans caractère nul", path)
    return Path(text)


def given_paths(paths: Any, name: str = "paths") -> list[str | os.PathLike[str]]:
    """``paths`` (one path, or an iterable of them: files, folders, patterns) as a list, a
    value of the wrong kind (None, a number) refused before any work. An empty path is left
    to the batch, where it is one failed result among the others."""
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    elif isinstance(paths, bytes) or not hasattr(paths, "__iter__"):
        raise WrongArgumentError(name, "un chemin ou une liste de chemins", paths)
    listed = list(paths)
    for path in listed:
        if not isinstance(path, str | os.PathLike):
            given_path(path, name)  # refused: the kind of value said
    return listed


__all__ = ["given_path", "given_paths"]
