"""The pure core: the grid as data, reading answers, the marker and reason, the summaries.

Nothing here does I/O or knows Excel. The per-action path (grid, answers, engine) runs on
the standard library alone; the vectorised evaluation and the summaries use numpy and pandas.
"""
