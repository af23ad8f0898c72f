"""Ingestion: input files in, cleaned documents out, as pure functions of their arguments.

A file's way through, in order (the flow's side, discovery and reading, is `pipeline/files.py`):

1. `sources.parse_source(path, data)`: the contract. It picks the reader by the file's name,
   and has the bytes unpacked and decoded once by `decoding` (the limit in `size_limit`, gzip in
   `compressed`, the encoding policy in `encoding`).
2. `readers/`: one module per format (`text`, `json`, `html`, `feeds`) turns the text into
   `SourceText` records or `Rejection`s.
3. `documents.clean(source)`: a record becomes a `Document`: its text normalised and named
   (`identity`), its language checked (`language`), the wire furniture found (`layout`, by the
   rules in `wire`) and its creation time read (`dct`).

`identity` also holds the rule that the same normalised text is one document, whatever paths
it was found under; the flow, the extraction pool and the warehouse's paths follow it.
"""
