"""Time per word of many small files against that of ordinary articles, in one go.

    python -m bench.scaling_bench [--small 20000] [--ordinary 2000] [--out DIR]

Twenty thousand short templated reports once took eleven minutes and 12 GB, nearly all of
it comparing every pair of near-identical documents. This runs `chronicle run` cold on
`--ordinary` articles (`bench.pipeline_bench.build_corpus`: real news sentences) and then
on `--small` short reports written from a few templates (the shape that fills LSH buckets
with thousands of documents), each against a Prefect server started beforehand, and
prints seconds per 1,000 words of each and their ratio (target: small <= 2 x ordinary),
with each run's peak memory.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
from pathlib import Path

from bench.pipeline_bench import REPO, build_corpus, prefect_server, remove_database, run_cli

TARGET_RATIO = 2.0
TEMPLATES = (
    "{city}, {month} {day} ({agency}) - {person}, the {role} of {org}, said on {weekday} "
    "that {count} {things} had been {verb} in {place} since {month2}.",
    "{person} of {org} met officials in {city} on {weekday} to discuss {things}, the "
    "{agency} reported. Talks will resume in {month2}, {person2} said.",
    "Police in {city} said {count} people were arrested on {weekday} after {things} were "
    "{verb} near {place}. {person} told reporters an inquiry would report by {month2}.",
)
POOLS = {
    "city": ["Lagos", "Lima", "Leeds", "Delhi", "Osaka", "Quito", "Accra", "Hanoi", "Perth"],
    "month": ["Jan", "Feb", "March", "April", "May", "June", "July", "Aug", "Sept", "Oct"],
    "agency": ["Reuters", "AP", "AFP"],
    "person": ["Ana Lopez", "Bo Chen", "Cara Diaz", "Dev Patel", "Eli Cohen", "Fay Wong"],
    "person2": ["Gil Moss", "Hana Ito", "Ivan Roy", "Jo Park", "Kofi Mensah"],
    "role": ["head", "spokeswoman", "chairman", "director", "minister"],
    "org": ["the port authority", "the central bank", "Acme Corp", "the health ministry"],
    "weekday": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
    "things": ["shipments", "permits", "contracts", "vehicles", "licences", "loans"],
    "verb": ["seized", "approved", "cancelled", "delayed", "inspected"],
    "place": ["the harbour", "the border", "the capital", "the airport", "the north"],
    "month2": ["January", "February", "March", "April", "May", "June", "July"],
}


def build_small_corpus(out: Path, count: int, seed: int = 20250509) -> list[Path]:
    """`count` short reports from `TEMPLATES`, each with its own publication date."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    paths = []
    for i in range(count):
        folder = out / f"{i // 1000:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        values = {key: rng.choice(pool) for key, pool in POOLS.items()}
        text = rng.choice(TEMPLATES).format(
            day=rng.randint(1, 28), count=rng.randint(2, 900), **values
        )
        path = folder / f"brief-{i:05d}.md"
        published = f"20{rng.randint(10, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        path.write_text(f"---\npublished: {published}\n---\n{text}\n", encoding="utf-8")
        paths.append(path)
    return paths


def _words(paths: list[Path]) -> int:
    return sum(len(p.read_text(encoding="utf-8").split("---\n", 2)[-1].split()) for p in paths)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=20_000)
    parser.add_argument("--ordinary", type=int, default=2_000)
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument(
        "--out", type=Path, default=Path(tempfile.gettempdir()) / "chronicle-scaling"
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    corpora = {
        "ordinary": build_corpus(
            args.out / "ordinary", args.ordinary, args.data if args.data.is_dir() else None
        ),
        "small": build_small_corpus(args.out / "small", args.small),
    }
    env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    env.pop("PREFECT_API_URL", None)
    per_word: dict[str, float] = {}
    with prefect_server() as api:
        for name, paths in corpora.items():
            db = args.out / f"{name}.duckdb"
            remove_database(db)
            seconds, peak = run_cli(
                ["run", str(args.out / name), "--db", str(db), "--charts",
                 str(args.out / f"{name}-charts"), "--quiet"],
                {**env, "PREFECT_API_URL": api},
            )  # fmt: skip
            words = _words(paths)
            per_word[name] = seconds / words
            print(
                f"{name}: {len(paths):,} files, {words:,} words, {seconds:.1f} s, "
                f"{1000 * per_word[name]:.2f} s per 1,000 words, peak {peak:,.0f} MB"
            )
    ratio = per_word["small"] / per_word["ordinary"]
    print(f"time per word, small / ordinary: {ratio:.2f} (target <= {TARGET_RATIO})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
