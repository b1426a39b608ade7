"""The typer CLI, one module per command; `app.py` wires them together."""
