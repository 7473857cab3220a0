"""The same markers, reasons and summaries whatever storage pandas gives a user's text columns.

pandas 3 stores text in its « str » dtype: Python objects without pyarrow, pyarrow arrays when
pyarrow is importable (Anaconda and most distributions have it), and a user may also hold
``string[python]`` columns with pd.NA or nullable numbers. The product code reads cells as
Python objects with explicit dtypes, so none of this may change a marker, a reason or a summary
figure. The pyarrow storages are added when pyarrow is installed (``make test-pyarrow``); the
others run everywhere.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib.util
from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest

from efh_xl import assess, evaluate, summarize
from efh_xl.workbook.sample import sample_actions, sample_settings

PYARROW = importlib.util.find_spec("pyarrow") is not None
GENERATED = dt.datetime(2026, 3, 1, 9, 30)


def _texts(frame: pd.DataFrame) -> list[str]:
    return list(frame.select_dtypes(object).columns)


STORAGES: dict[str, Callable[[pd.DataFrame], pd.DataFrame]] = {
    "str (default)": lambda f: f.astype({c: "str" for c in _texts(f)}),
    "str, python": lambda f: f.astype(
        {c: pd.StringDtype("python", na_value=np.nan) for c in _texts(f)}
    ),
    "string[python], pd.NA": lambda f: f.astype({c: "string[python]" for c in _texts(f)}),
    "nullable numbers and text": lambda f: f.convert_dtypes(dtype_backend="numpy_nullable"),
}
if PYARROW:
    STORAGES |= {
        "str, pyarrow": lambda f: f.astype(
            {c: pd.StringDtype("pyarrow", na_value=np.nan) for c in _texts(f)}
        ),
        "string[pyarrow], pd.NA": lambda f: f.astype({c: "string[pyarrow]" for c in _texts(f)}),
        "pyarrow backend": lambda f: f.convert_dtypes(dtype_backend="pyarrow"),
    }


@pytest.fixture(scope="module")
def as_objects() -> pd.DataFrame:
    """The sample programmation with blanks where people leave them, every text a Python
    object (as the workbook reader gives it): the reference."""
    frame = sample_actions(per_territory=12)
    frame.loc[[0, 5, 9], "Q1"] = None
    frame.loc[[1], "Territoire"] = None
    frame.loc[[2], "Porteur"] = None
    frame.loc[[3], "Q2a"] = " oui "
    frame.loc[[4], "Action"] = "=SOMME(A1)"
    frame.loc[[6], "Montant accordé"] = np.nan
    return frame.astype({c: object for c in frame.select_dtypes("str").columns})


@pytest.mark.parametrize("storage", STORAGES)
def test_markers_and_reasons_do_not_depend_on_the_storage(as_objects, storage):
    frame = STORAGES[storage](as_objects)
    assert (frame.dtypes != as_objects.dtypes).any()  # the storage did change
    pd.testing.assert_frame_equal(evaluate(frame), evaluate(as_objects))
    got, expected = assess(frame), assess(as_objects)
    np.testing.assert_array_equal(got.markers, expected.markers)
    np.testing.assert_array_equal(got.reasons, expected.reasons)
    np.testing.assert_array_equal(got.flags, expected.flags)


@pytest.mark.parametrize("storage", STORAGES)
def test_summaries_do_not_depend_on_the_storage(as_objects, storage):
    frame = STORAGES[storage](as_objects)
    settings = sample_settings()
    got = summarize(frame, settings=settings, generated=GENERATED)
    expected = summarize(as_objects, settings=settings, generated=GENERATED)
    pairs = list(zip(got.territories, expected.territories, strict=True))
    pairs.append((got.overall, expected.overall))
    for mine, reference in pairs:
        for field in dataclasses.fields(reference):
            a, b = getattr(mine, field.name), getattr(reference, field.name)
            if isinstance(b, pd.DataFrame):
                pd.testing.assert_frame_equal(a, b, obj=f"{reference.name}.{field.name}")
            else:
                assert a == b, (reference.name, field.name)
