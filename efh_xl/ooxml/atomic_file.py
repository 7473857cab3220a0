"""Writing a user's file safely: refuse what must not be touched, then replace it atomically.

Every file the tool writes goes through :func:`atomic_write`: the new content is written to a
temporary file in the target's own folder (so the final rename stays on one file system), then
renamed over the target in one step. A failed run removes its temporary file; a killed run
cannot, so each temporary file is named ``.efh_<host>_<pid>_<random>.tmp`` and the next run
that writes in that folder removes those whose process is gone. Nothing else is ever deleted:
a file is the tool's temporary only if it matches that pattern exactly.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import socket
import stat
from collections.abc import Iterator
from pathlib import Path

from efh_xl.errors import (
    COPY,
    OTHER_NAME,
    IsAFolderError,
    OutputNotAFolderError,
    ReadDeniedError,
    ReadOnlyWorkbookError,
    TargetExistsError,
    WorkbookOpenError,
    from_os_error,
)

TEMP_PREFIX = ".efh_"
TEMP_SUFFIX = ".tmp"
_HOST = re.sub(r"[^A-Za-z0-9-]", "-", socket.gethostname())[:24] or "host"
TEMP_PATTERN = re.compile(
    re.escape(TEMP_PREFIX)
    + r"(?P<host>[A-Za-z0-9-]+)_(?P<pid>\d+)_[0-9a-f]{8}"
    + re.escape(TEMP_SUFFIX)
    + "$"
)


def is_temporary(name: str) -> bool:
    """Whether a file name is one of the tool's temporary files."""
    return TEMP_PATTERN.match(name) is not None


def folder_names(folder: Path) -> dict[str, str]:
    """The names in ``folder``, casefolded, each to the name as it is on disk."""
    try:
        return {name.casefold(): name for name in os.listdir(folder)}
    except OSError:
        return {}


def check_not_open(path: Path, instead: str = COPY, shown: Path | None = None) -> None:
    """Refuse a file that Excel or LibreOffice holds open (their lock file is beside it).

    Excel writes ``~$`` + the name (the first two characters dropped for long names) and the
    case of that name varies; LibreOffice writes ``.~lock.<name>#``. ``instead`` is the other
    way out the message offers; ``shown`` the path the message names, when ``path`` is
    another (the file a link designates): the path as the user typed it.
    """
    path = Path(path)
    named = path if shown is None else Path(shown)
    found = open_in(path)
    if found is not None:
        app, lock = found
        raise WorkbookOpenError(named, app, instead, lock)


def open_in(path: Path, names: dict[str, str] | None = None) -> tuple[str, Path] | None:
    """The application holding ``path`` open (« Excel » or « LibreOffice ») and its lock file,
    named as on disk (a stale one is to delete by that name), or None. ``names``: the
    folder's names as :func:`folder_names` gives them, when the caller has them (a folder
    of many workbooks is listed once)."""
    names = folder_names(path.parent) if names is None else names
    name = path.name.casefold()
    for lock in ("~$" + name, "~$" + name[2:]):
        if lock in names:
            return "Excel", path.parent / names[lock]
    lock = f".~lock.{name}#"
    if lock in names:
        return "LibreOffice", path.parent / names[lock]
    return None


def real_path(path: Path) -> Path:
    """The file a path designates, through symbolic links (the link itself is kept)."""
    return Path(os.path.realpath(path))


def same_file(first: Path | str, second: Path | str) -> bool:
    """Whether two paths designate the same file (same device and inode: any spelling of the
    path, a symbolic link, a hard link), not whether they are spelt alike. False when either
    is missing or cannot be examined."""
    try:
        return os.path.samefile(first, second)
    except (OSError, ValueError):
        return False


def check_target(path: Path, *, force: bool = False, in_place: bool = False) -> None:
    """Refuse to write ``path`` when that could destroy what a person made.

    A folder is never a file to write; an existing file is replaced only with ``force`` (or
    when the command edits it in place), never while open, never when read-only. A refusal
    offers a copy (``--output``) for a file edited in place, another name for a file written.
    """
    path = Path(path)
    if path.is_dir():
        raise IsAFolderError(path)
    for place in path.parents:  # « liste.csv/x.csv »: said, not a disk error when written
        if place.exists():
            if not place.is_dir():
                raise OutputNotAFolderError(path, "", file=place, target_file=True)
            break
    instead = COPY if in_place else OTHER_NAME
    check_not_open(path, instead)
    if not path.exists():
        return
    if not force and not in_place:
        raise TargetExistsError(path)
    mode = path.stat().st_mode
    if in_place:  # the file is read too: one that cannot be read is no « read-only » file
        try:
            with open(path, "rb"):
                pass
        except OSError as error:
            raise from_os_error(error, path, reading=True) from error
        if not mode & (stat.S_IRUSR | stat.S_IWUSR):  # no right at all (chmod 000)
            raise ReadDeniedError(path)
    if not mode & stat.S_IWUSR:
        raise ReadOnlyWorkbookError(path, instead)


def make_folder_of(path: Path) -> None:
    """Create the folder ``path`` is to be written in, and its parents, if missing (as every
    command writing a file does); a refusal is said of that folder, for a user to act on."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise from_os_error(error, path.parent) from error


def check_not_a_file(folder: str | os.PathLike[str], option: str) -> None:
    """Refuse a folder to write into (named by ``option``) that is a file, or that could not
    be made because a file stands on its path (« notes.txt/pdf »), or that, not made yet, is
    named as a file (« copie.xlsx »; typed « copie.xlsx/ », it is a folder)."""
    typed, folder = os.fspath(folder), Path(folder)
    for place in (folder, *folder.parents):
        if place.exists():
            if not place.is_dir():
                raise OutputNotAFolderError(folder, option, file=place)
            break
    said_folder = typed.endswith(("/", os.sep))
    if not folder.exists() and not said_folder and folder.suffix.lower() in _FILE_SUFFIXES:
        # « -o copie.xlsx » made a folder named copie.xlsx holding the copy, and « --pdf
        # rapport.pdf » a folder of PDFs named rapport.pdf.
        raise OutputNotAFolderError(folder, option, file_name=True)


# Extensions of the documents the tool reads or writes: a folder to make named so is a file's
# name given where a folder is asked for. A folder named « v1.2 » is made as asked.
_FILE_SUFFIXES = frozenset(
    (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".csv", ".tsv", ".txt", ".pdf", ".json", ".toml")
)


def check_folder(folder: str | os.PathLike[str], option: str) -> None:
    """Make ``folder`` if it does not exist, and refuse it unless a file can be written in it.

    Called before a command writes anything else: a folder named by ``option`` (« --pdf »)
    that turns out to be a file or to refuse files must stop the run before a workbook
    changed, not after. Whether a file can be made is known only by making one (a temporary
    of the tool, removed at once): permission bits do not tell (root passes them; Windows
    has access lists and ignores a folder's read-only attribute), a read-only share neither.
    """
    check_not_a_file(folder, option)  # as typed: « rapport.pdf/ » is a folder
    folder = Path(folder)
    probe = temporary_name(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        clean_stale_temporaries(folder)
        _create(probe)
    except OSError as error:
        raise from_os_error(error, folder, option) from error
    _discard(probe)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def clean_stale_temporaries(folder: Path) -> list[Path]:
    """Remove the temporary files that killed runs left in ``folder``; return them.

    Only files named like the tool's temporaries, made on this machine by a process that is
    gone. On Windows, ``os.kill`` would end a process, so there a file still open by a running
    writer is recognised by the refusal to delete it.
    """
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = TEMP_PATTERN.match(entry.name)
        if not match or match["host"] != _HOST or int(match["pid"]) == os.getpid():
            continue
        if os.name != "nt" and _alive(int(match["pid"])):
            continue
        with contextlib.suppress(OSError):
            os.unlink(entry.path)
            removed.append(Path(entry.path))
    return removed


def temporary_name(folder: Path) -> Path:
    """A fresh temporary file name in ``folder``, recognisable by :func:`is_temporary`."""
    token = secrets.token_hex(4)
    return Path(folder) / f"{TEMP_PREFIX}{_HOST}_{os.getpid()}_{token}{TEMP_SUFFIX}"


@contextlib.contextmanager
def atomic_write(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; once the body has written it, replace target.

    The target keeps its permissions; a new file gets the user's default ones (umask). A
    symbolic link is followed: the file it designates is replaced, the link stays a link (a
    rename over the link would have put a file in its place). On any failure the temporary
    file is removed and the target is untouched; an ``OSError`` becomes the
    :class:`~efh_xl.errors.EfhError` that says what to do (rights, full disk…), naming
    ``target`` as given.
    """
    given = Path(target)
    target = real_path(given)
    folder = target.parent
    temporary = temporary_name(folder)
    try:
        clean_stale_temporaries(folder)
        _create(temporary)
        yield temporary
        descriptor = os.open(temporary, os.O_RDWR)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        if target.exists():
            os.chmod(temporary, stat.S_IMODE(target.stat().st_mode))
        os.replace(temporary, target)
    except OSError as error:
        _discard(temporary)
        raise from_os_error(error, given) from error
    except BaseException:
        _discard(temporary)
        raise


def _create(temporary: Path) -> None:
    # Mode 0o666 less the umask: a new workbook gets the user's usual rights (mkstemp's 0o600
    # would hide it from colleagues on a shared folder).
    os.close(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))


def _discard(temporary: Path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(temporary)


__all__ = [
    "atomic_write",
    "check_folder",
    "check_not_a_file",
    "check_not_open",
    "check_target",
    "clean_stale_temporaries",
    "is_temporary",
    "real_path",
    "same_file",
    "temporary_name",
]
