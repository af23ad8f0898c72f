"""Timeline summarization as plain functions: a corpus (or a slice of it) in, its key
dates out, each told by the few sentences that best say what happened that day.

Where things are: `records.py` the records read and written; `scope.py` what a timeline
is about (the corpus, a story, an actor, a query, a date range); `dates.py` which days
matter; `sentences.py` which sentences tell a day; `vectors.py` the TF-IDF vectors they
are compared by; `summarize.py` the whole, and the naive baseline it is measured against;
`parameters.py` every tunable weight. The warehouse reads and writes the records
(`warehouse/summaries.py`); `chronicle summarize` and `chronicle evaluate tls` use them.
"""
