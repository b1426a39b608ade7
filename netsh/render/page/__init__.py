"""A lesson as a web page (`netsh record SCENARIO --page FILE.html`, `--site DIR`):
one real run, captured (capture.py), drawn step by step (pictures.py), replayed
into a recording per language (casts.py), laid out by templates (html.py,
templates/) around plain values (view.py). build.py puts them together."""
