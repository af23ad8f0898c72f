"""Pure readers for the input formats Chronicle accepts: bytes or text in, records out.

Each module here turns one kind of input into `SourceText` records or `Rejection`s and never
touches the filesystem, the network, the clock or the environment, so every rule is testable
with literal bytes. `transforms.ingestion.documents.parse_source` picks the reader for a file.
"""
