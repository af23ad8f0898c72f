"""The `chronicle` command: `main.py` builds the parser and dispatches; each verb's options
and code sit in one module per group of verbs (`main.py` lists which)."""
