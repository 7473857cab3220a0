"""Adapters to a running Excel: classic xlwings (UDFs and the button) and xlwings Lite."""
