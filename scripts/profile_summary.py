"""Where the CPU went: a summary of py-spy's collapsed stacks (`--format raw`, as bench_slack.py --profile
writes them), per function, self and cumulative, in samples and in ms per answer.

Usage: `.venv/bin/python scripts/profile_summary.py /tmp/bench-profile-1.txt [--answers 200] [--rate 250]
[--top 40] [--match journeybot]`. Cumulative counts a function once per stack (recursion is not double
counted); `--match` keeps only frames whose file contains that text in the cumulative table (e.g. `bot/`).
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

FRAME = re.compile(r"^(?P<name>.*) \((?P<file>[^()]*?)(?::\d+)?\)$")


def frames(stack: str) -> list[str]:
    """'func (file:line)' frames, root first, without line numbers (a function is one entry)."""
    out = []
    for frame in stack.split(";"):
        match = FRAME.match(frame)
        out.append(f"{match['name']} ({match['file']})" if match else frame)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--answers", type=int, default=0, help="answers in the profiled load (for ms/answer)")
    parser.add_argument("--rate", type=int, default=250, help="py-spy's sampling rate")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--match", default="", help="only frames whose text contains this (cumulative table)")
    args = parser.parse_args()

    own: Counter[str] = Counter()
    total: Counter[str] = Counter()
    samples = 0
    for line in Path(args.path).read_text().splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        samples += count
        chain = frames(stack)
        own[chain[-1]] += count
        for name in set(chain):
            total[name] += count

    def cost(count: int) -> str:
        ms = count * 1000 / args.rate
        per = f" {ms / args.answers:7.2f} ms/ans" if args.answers else ""
        return f"{count:7d} {100 * count / max(samples, 1):5.1f}%{per}"

    print(f"{samples} samples ({samples * 1000 / args.rate:.0f} ms of CPU at {args.rate} Hz)")
    print("\nself (where the CPU was)")
    for name, count in own.most_common(args.top):
        print(f"{cost(count)}  {name}")
    print("\ncumulative (the function or anything it called)")
    shown = 0
    for name, count in total.most_common():
        if args.match and args.match not in name:
            continue
        print(f"{cost(count)}  {name}")
        shown += 1
        if shown == args.top:
            break


if __name__ == "__main__":
    main()
