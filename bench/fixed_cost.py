"""What a `chronicle` command costs before it does any work, measured in one go.

    python -m bench.fixed_cost [--repeat 3] [--docs 1000] [--checkout PATH] [--out DIR]

With no Prefect server running (none is configured for the commands it starts), it times,
as a user runs them (each its own process, Python's start-up included), `--repeat` times
and interleaved so that the machine's load falls on all alike:

- `chronicle extract` of the seed article, a cold `chronicle run` of it (a new warehouse
  and chart folder), the same run again with nothing changed, and `chronicle sql
  "SELECT 1"`;
- on a `--docs`-document corpus (`bench.pipeline_bench.build_corpus`), a cold run and the
  unchanged re-runs;
- where the seconds go, each in a fresh process: starting Python with the command's
  parser, importing Prefect and the flow, loading the spaCy model, starting Prefect's
  temporary server until it answers, and drawing the charts of the one-document
  warehouse.

It prints the medians, every sample, the machine's load average, and the issue's three
ratios against their targets, in wall-clock seconds and in CPU seconds (user + system of
the command and every process it waited for: the temporary server and worker processes
included), which a machine loaded by other work distorts much less. `--checkout` measures
another checkout (with its own `.venv`), e.g. one of `main` for the figures before a
change. The Prefect home used by the runs is created afresh, and its first run (which
creates Prefect's database) is timed apart.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import NamedTuple

from bench.pipeline_bench import REPO, build_corpus, remove_database

SEED = "seeds/reuters-2025-05-09-kim-russia-embassy.md"
TARGETS = {
    "cold run / extract (1 document)": 2.5,
    "unchanged re-run / sql SELECT 1": 3.0,
    "unchanged re-run / cold run (corpus)": 0.05,
}

# Each ratio: (numerator, denominator) measurement.
RATIOS = {
    "cold run / extract (1 document)": ("cold run (1 document)", "extract (1 document)"),
    "unchanged re-run / sql SELECT 1": ("unchanged re-run (1 document)", "sql SELECT 1"),
    "unchanged re-run / cold run (corpus)": ("unchanged re-run (corpus)", "cold run (corpus)"),
}

# Each part of a run's fixed cost alone, in a fresh process; {db} is the one-document
# warehouse. The temporary server is the one `chronicle run` starts
# (`pipeline.prefect_server`, with its settings), timed from its start until it answers.
COMPONENTS = {
    "Python + the command's parser (chronicle --help)": ["-m", "cli.main", "--help"],
    "import Prefect and the ingest flow": ["-c", "import flows.ingest"],
    "load the spaCy model": [
        "-c",
        "from pipeline.nlp import load_model, model_name; load_model(model_name())",
    ],
    "Prefect's temporary server, start until it answers": [
        "-c",
        "import time; from pipeline.prefect_server import ServerProcess as S;"
        "t = time.perf_counter(); s = S.temporary(); s.ready(600);"
        "print(time.perf_counter() - t); s.stop()",
    ],
    "draw the charts of one document (import + render)": [
        "-c",
        "import sys; from pathlib import Path;"
        "from presentation.dashboard import render_dashboard;"
        "from warehouse.lock import open_warehouse\n"
        "with open_warehouse(sys.argv[1], read_only=True) as con:"
        " render_dashboard(con, Path(sys.argv[2]))",
        "{db}",
        "{charts}",
    ],
}
# The server's own figure is the one it prints: its process's start-up is not part of it.
SELF_TIMED = {"Prefect's temporary server, start until it answers"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--checkout", type=Path, default=REPO, help="the checkout to measure")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out" / "fixed-cost")
    args = parser.parse_args(argv)
    checkout = args.checkout.resolve()
    out = args.out.resolve()
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    runner = _Runner(checkout, out / "prefect-home")
    load_before = os.getloadavg()
    samples: dict[str, list[Sample]] = defaultdict(list)

    def record(label: str, sample: Sample) -> None:
        samples[label].append(sample)
        print(f"  {label}: {sample.wall:.2f} s, CPU {sample.cpu:.2f} s", flush=True)

    db, charts = out / "one.duckdb", out / "one-charts"
    record(
        "first run in a new PREFECT_HOME (it creates Prefect's database)",
        runner.time(["run", SEED, "--db", str(db), "--charts", str(charts)]),
    )
    for _ in range(args.repeat):
        record("extract (1 document)", runner.time(["extract", SEED]))
        remove_database(db)
        shutil.rmtree(charts, ignore_errors=True)
        one = ["run", SEED, "--db", str(db), "--charts", str(charts)]
        record("cold run (1 document)", runner.time(one))
        record("unchanged re-run (1 document)", runner.time(one))
        record("sql SELECT 1", runner.time(["sql", "SELECT 1", "--db", str(db)]))

    data = args.data if args.data.is_dir() else None
    corpus = out / "corpus"
    build_corpus(corpus, args.docs, data)
    big_db = out / "corpus.duckdb"
    many = ["run", str(corpus), "--db", str(big_db), "--charts", str(out / "corpus-charts")]
    record("cold run (corpus)", runner.time([*many, "--quiet"]))
    for _ in range(args.repeat):
        record("unchanged re-run (corpus)", runner.time([*many, "--quiet"]))

    for _ in range(args.repeat):
        for label, command in COMPONENTS.items():
            filled = [part.format(db=db, charts=out / "component-charts") for part in command]
            record(label, runner.time(filled, python=True, self_timed=label in SELF_TIMED))
    load_after = os.getloadavg()

    print(f"\nchecked out: {checkout}; corpus: {args.docs} documents from {data or 'seeds/'}")
    print(
        f"load average (1, 5, 15 min) before {_load(load_before)}, after {_load(load_after)}; "
        f"{os.cpu_count()} cores"
    )
    print(f"\n{'measurement':<55}{'median s':>9}{'CPU s':>8}  samples (wall/CPU)")
    for label, values in samples.items():
        listed = ", ".join(f"{v.wall:.2f}/{v.cpu:.2f}" for v in values)
        print(f"{label:<55}{_median(values, 0):>9.2f}{_median(values, 1):>8.2f}  {listed}")
    print(f"\n{'ratio':<40}{'wall':>7}{'CPU':>7}")
    for label, (top, bottom) in RATIOS.items():
        wall, cpu = (_median(samples[top], i) / _median(samples[bottom], i) for i in (0, 1))
        verdict = "met" if wall <= TARGETS[label] else "NOT met"
        print(f"{label:<40}{wall:7.3f}{cpu:7.3f}  (target <= {TARGETS[label]}: {verdict})")
    return 0


class Sample(NamedTuple):
    """One command's seconds: on the wall clock, and of CPU (user + system)."""

    wall: float
    cpu: float


def _median(samples: list[Sample], field: int) -> float:
    return statistics.median(sample[field] for sample in samples)


class _Runner:
    """Runs commands of one checkout with its own Python, no Prefect server configured."""

    def __init__(self, checkout: Path, prefect_home: Path) -> None:
        self.checkout = checkout
        self.python = str(checkout / ".venv" / "bin" / "python")
        self.env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
        self.env |= {
            "PREFECT_HOME": str(prefect_home),
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "PYTHONPATH": str(checkout),
            # Prefect's own wait for its temporary server (20 s) fails on a loaded machine;
            # a checkout that relies on it is measured, not failed
            "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "600",
        }

    def time(self, args: list[str], *, python: bool = False, self_timed: bool = False) -> Sample:
        """Seconds a command took: `chronicle ARGS`, or `python ARGS` with `python`; with
        `self_timed`, the wall-clock figure the command printed last."""
        command = [self.python, *args] if python else [self.python, "-m", "cli.main", *args]
        used = _children_cpu()
        start = time.perf_counter()
        done = subprocess.run(
            command, cwd=self.checkout, env=self.env, capture_output=True, text=True
        )
        seconds = time.perf_counter() - start
        cpu = _children_cpu() - used
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr[-3000:]}")
        return Sample(float(done.stdout.split()[-1]) if self_timed else seconds, cpu)


def _children_cpu() -> float:
    """CPU seconds of every child process waited for so far (and of theirs)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _load(load: tuple[float, float, float]) -> str:
    return ", ".join(f"{value:.2f}" for value in load)


if __name__ == "__main__":
    sys.exit(main())
