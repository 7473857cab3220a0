"""The efh_grille workbook: build, native formulas, lookup sheet, VBA project, read, refresh.

Also the lists of actions people exchange (CSV, XLSX) and the headless LibreOffice converter.
"""
