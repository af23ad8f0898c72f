"""Evaluation adapters, never part of a run: one module per benchmark (`timeml.py` for
TempEval-3, `semeval2015.py`, `meantime.py`) and the HeidelTime peer (`heideltime.py`).
Each reads its corpus's format, runs the normal extractor and writes or scores what the
benchmark's scorer reads."""
