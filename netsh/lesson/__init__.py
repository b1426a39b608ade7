"""Lessons as Markdown files: a tutorial that runs as a scenario and checks as a test.

A lesson file compiles to the same Scenario / Step / Command / Claim values a
Python scenario builds (`compile.py`); nothing here runs anything.
"""
