"""ASCII .bas sources of the workbook\x27s VBA project (data, not Python code)."""
