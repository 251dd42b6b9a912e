"""Words/s of khabar.analyze_many on the first N articles of a JSONL(.gz) file (BENCHMARKS.md).

    python crates/python/bench/analyze_many.py ../shared/data/news/ant-multisource.jsonl.gz 1000
"""

import gzip
import itertools
import json
import statistics
import sys
import time

import khabar


def main():
    path, n = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    repeat = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        items = [json.loads(line) for line in itertools.islice(f, n)]
    texts = [x["text"] for x in items]
    words = sum(len(t.split()) for t in texts)
    print(f"{len(texts)} articles, {words} words (whitespace-separated)")
    pipeline = khabar.Pipeline()
    pipeline.analyze("تحميل")  # load the models
    runs = {
        "analyze_many, dicts": lambda: pipeline.analyze_many(texts),
        "analyze_many, tokens=False": lambda: pipeline.analyze_many(texts, tokens=False),
        "analyze, one by one": lambda: [pipeline.analyze(t) for t in texts],
    }
    for name, run in runs.items():
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            run()
            times.append(time.perf_counter() - start)
        best, median = min(times), statistics.median(times)
        print(f"{name:28s} best {best * 1000:6.0f} ms  median {median * 1000:6.0f} ms  "
              f"{words / best / 1e6:.2f}M words/s (best)")


if __name__ == "__main__":
    main()
