"""Office Open XML: zip packages, part editing, and one writer per kind of part.

Knows nothing of the grid: it renders sheet models (:mod:`efh_xl.core.sheet_model`) and edits
packages, copying every part it does not write byte for byte.
"""
