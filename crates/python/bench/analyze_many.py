"""Speed of the khabar module on the first N articles of a JSONL(.gz) file (BENCHMARKS.md).

    python crates/python/bench/analyze_many.py ../shared/data/news/ant-multisource.jsonl.gz 1000

times every mode (best and median of 5 passes); `... FILE N --once MODE` runs one pass of one
mode (`many`, `many-notokens`, `one`) for instruction counts under callgrind (N=0 measures
start-up and model loading alone).
"""

import argparse
import gzip
import itertools
import json
import statistics
import time

import khabar


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("path")
    ap.add_argument("n", type=int, nargs="?", default=1000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--once", choices=["many", "many-notokens", "one"])
    args = ap.parse_args()
    opener = gzip.open if args.path.endswith(".gz") else open
    with opener(args.path, "rt", encoding="utf-8") as f:
        records = [json.loads(line) for line in itertools.islice(f, args.n)]
    # What `khabar analyze` reads of each record.
    keys = ("text", "id", "title", "source", "published")
    items = [{k: r[k] for k in keys if r.get(k) is not None} for r in records]
    pipeline = khabar.Pipeline()
    pipeline.analyze("تحميل")  # load the models
    runs = {
        "many": lambda: pipeline.analyze_many(items),
        "many-notokens": lambda: pipeline.analyze_many(items, tokens=False),
        "one": lambda: [pipeline.analyze(**x) for x in items],
    }
    if args.once:
        runs[args.once]()
        return
    words = sum(len(x["text"].split()) for x in items)
    print(f"{len(items)} articles, {words} words (whitespace-separated)")
    for name, run in runs.items():
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            run()
            times.append(time.perf_counter() - start)
        best, median = min(times), statistics.median(times)
        print(f"{name:14s} best {best * 1000:6.0f} ms  median {median * 1000:6.0f} ms  "
              f"{words / best / 1e6:.2f}M words/s (best)")


if __name__ == "__main__":
    main()
