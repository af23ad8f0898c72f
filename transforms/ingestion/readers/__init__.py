"""Pure readers for the input formats Chronicle accepts: decoded text in, records out.

Each module here turns one kind of input into `SourceText` records or `Rejection`s and never
touches the filesystem, the network, the clock or the environment, so every rule is testable
with literal text. `transforms.ingestion.sources.parse_source` picks the reader for a file and
decodes its bytes once, before any reader sees them; `metadata` is how they all write values.
"""
