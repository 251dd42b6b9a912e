#!/usr/bin/env bash
# Lucene's ArabicAnalyzer on the ANT news text khabar's Rust benchmark (benches/text.rs) uses.
#
#   benches/lucene/run.sh [N] [--passes=P] [--warmup-secs=S] [--only=NAME]
#
# Lucene is not on any registry this project may reach except inside a PyPI sdist: pyserini
# 1.6.0 bundles anserini-1.7.1-fatjar.jar, which carries Lucene 9.9.1 and jackson-core. The
# sdist is fetched with pip into target/lucene/ (git-ignored), checked against a pinned SHA-256,
# and only the jar is kept. Each configuration runs in its own JVM so that JIT profiles do not
# leak between filter chains. Extra arguments are passed to ArabicAnalyzerBench.
#
# Environment: JAVA_OPTS (default -Xmx2g) replaces the JVM options.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."

CORPUS=../shared/data/news/ant-multisource.jsonl.gz
OUT=target/lucene
JAR_NAME=anserini-1.7.1-fatjar.jar
JAR=$OUT/$JAR_NAME
SDIST=pyserini-1.6.0.tar.gz
SDIST_SHA256=e34761d700b33613c26bc61113effc6d65598dee6ada28a33214f79350f833f4
JAR_SHA256=183bf5b53c82441b249d475f66f73aaa3e7dedd8892dece747e3680a1fda34f3
CONFIGS=(lucene-arabic-analyzer lucene-standard+arabic-norm lucene-standard+lower+arabic-norm
    lucene-standard-tokenizer)
read -r -a JVM_OPTS <<<"${JAVA_OPTS:--Xmx2g}"

die() { echo "error: $*" >&2; exit 1; }

if [[ ! -f $CORPUS ]]; then
    echo "skipping: ANT corpus not found at $CORPUS (see ../shared/data/README.md)"
    exit 0
fi
command -v java >/dev/null || die "java not found; install a JDK (17 or later)"
command -v javac >/dev/null || die "javac not found; install a JDK (17 or later), not just a JRE"

if [[ ! -f $JAR ]]; then
    if command -v pip3 >/dev/null; then PIP=pip3
    elif command -v pip >/dev/null; then PIP=pip
    else die "pip not found; it is needed once, to fetch $SDIST (Lucene) from PyPI"
    fi
    dl=$OUT/download
    rm -rf "$dl"
    mkdir -p "$dl"
    echo "fetching $SDIST from PyPI (about 165 MB, once)..." >&2
    # --no-binary: the jar ships only in the sdist; the wheels leave it out.
    "$PIP" download pyserini==1.6.0 --no-deps --no-binary :all: -d "$dl" >&2 \
        || die "pip download of pyserini==1.6.0 failed"
    echo "$SDIST_SHA256  $dl/$SDIST" | sha256sum -c --quiet - \
        || die "$SDIST does not match its pinned SHA-256"
    tar -xzf "$dl/$SDIST" -C "$dl" "pyserini-1.6.0/pyserini/resources/jars/$JAR_NAME"
    echo "$JAR_SHA256  $dl/pyserini-1.6.0/pyserini/resources/jars/$JAR_NAME" | sha256sum -c --quiet - \
        || die "$JAR_NAME does not match its pinned SHA-256"
    mv "$dl/pyserini-1.6.0/pyserini/resources/jars/$JAR_NAME" "$JAR"
    rm -rf "$dl"
fi

mkdir -p "$OUT/classes"
javac --release 17 -Xlint:all -Werror -cp "$JAR" -d "$OUT/classes" benches/lucene/ArabicAnalyzerBench.java

# Peak RSS per JVM, when GNU time is there to measure it.
TIME=()
if [[ -x /usr/bin/time ]] && /usr/bin/time -v true >/dev/null 2>&1; then
    TIME=(/usr/bin/time -v -o "$OUT/time.txt")
fi

only_given=false
for a in "$@"; do [[ $a == --only=* ]] && only_given=true; done
if $only_given; then runs=("") ; else runs=("${CONFIGS[@]}"); fi

echo "# command: java ${JVM_OPTS[*]} -cp $JAR:$OUT/classes ArabicAnalyzerBench $*"
header_shown=false
for cfg in "${runs[@]}"; do
    args=("$@")
    [[ -n $cfg ]] && args+=("--only=$cfg")
    output=$("${TIME[@]}" java "${JVM_OPTS[@]}" -cp "$JAR:$OUT/classes" ArabicAnalyzerBench "${args[@]}")
    # The '#' context lines are the same for every JVM; print them once.
    if $header_shown; then grep -v '^#' <<<"$output"; else echo "$output"; header_shown=true; fi
    if ((${#TIME[@]})); then
        rss=$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$OUT/time.txt")
        echo "# peak_rss_kb=$rss config=${cfg:-as-given}"
    fi
done

# khabar's criterion run records its word count; the two must agree for the comparison to hold.
rust=target/criterion/normalise+tokenise/khabar\ normalise+tokenise/new/benchmark.json
words=$(sed -n 's/^# corpus=.* words=\([0-9]*\) .*/\1/p' <<<"$output")
if [[ -f $rust && -n $words ]]; then
    rust_words=$(sed -n 's/.*"Elements":\([0-9]*\).*/\1/p' "$rust")
    if [[ $rust_words == "$words" ]]; then
        echo "# words=$words matches khabar's last criterion run"
    else
        echo "# WARNING: words=$words but khabar's last criterion run counted ${rust_words:-?}" \
            "(different N, or the corpus changed)" >&2
    fi
fi
