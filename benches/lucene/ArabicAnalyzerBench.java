// Lucene's Arabic analysis on the same ANT news text that khabar's Rust benchmark
// (benches/text.rs) uses, so the two sets of figures can be read side by side.
//
// Run it through benches/lucene/run.sh, which fetches Lucene, compiles this file and
// starts one JVM per configuration. By hand, from the repository root:
//
//   java -Xmx2g -cp target/lucene/anserini-1.7.1-fatjar.jar:target/lucene/classes \
//        ArabicAnalyzerBench [N] [corpus.jsonl.gz] [--passes=P] [--warmup-secs=S] [--only=NAME]
//
// Each configuration prints one machine-readable line:
//
//   NAME articles=.. words=.. tokens=.. term_chars=.. passes=.. median_ms=.. min_ms=.. max_ms=..
//        cold_ms=.. words_per_s=.. tokens_per_s=..
//
// words are Rust's str::split_whitespace words, the denominator khabar's benchmark uses for every
// tokenizer; words_per_s and tokens_per_s are taken from the median pass.
//
// Lines starting with '#' are context (versions, JVM, corpus) rather than results.

import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.ar.ArabicAnalyzer;
import org.apache.lucene.analysis.ar.ArabicNormalizationFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.util.Version;

public final class ArabicAnalyzerBench {

    /** Same default location as khabar-benches' ANT constant, relative to the repository root. */
    static final String DEFAULT_CORPUS = "../shared/data/news/ant-multisource.jsonl.gz";
    static final int DEFAULT_ARTICLES = 2000;
    static final int DEFAULT_PASSES = 20;
    static final double DEFAULT_WARMUP_SECS = 5.0;
    /** Warm-up runs at least this many passes even when one pass outlasts the time budget. */
    static final int MIN_WARMUP_PASSES = 5;

    /**
     * The configurations, in the order they run when no --only is given. Each is built fresh per
     * JVM; run.sh starts one JVM per configuration so that the JIT profiles of one chain of filters
     * cannot make the shared call sites of another megamorphic.
     */
    static Map<String, Supplier<Analyzer>> configurations() {
        Map<String, Supplier<Analyzer>> m = new LinkedHashMap<>();
        // What people mean by "Lucene's Arabic analysis": StandardTokenizer, LowerCaseFilter,
        // DecimalDigitFilter, StopFilter (Arabic stop list), ArabicNormalizationFilter,
        // ArabicStemFilter, with the default stop words and no stem exclusions.
        m.put("lucene-arabic-analyzer", ArabicAnalyzer::new);
        // Normalise + tokenise without stop words or stemming: the closest Lucene counterpart of
        // khabar's "normalise+tokenise" benchmark.
        m.put("lucene-standard+arabic-norm", () -> chain(false, true));
        // As above plus lower-casing, which khabar's search-level normaliser also does.
        m.put("lucene-standard+lower+arabic-norm", () -> chain(true, true));
        // The tokenizer alone, so the cost of the filters can be told apart from it.
        m.put("lucene-standard-tokenizer", () -> chain(false, false));
        return m;
    }

    static Analyzer chain(boolean lowerCase, boolean arabicNormalization) {
        return new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                Tokenizer source = new StandardTokenizer();
                TokenStream sink = source;
                if (lowerCase) {
                    sink = new LowerCaseFilter(sink);
                }
                if (arabicNormalization) {
                    sink = new ArabicNormalizationFilter(sink);
                }
                return new TokenStreamComponents(source, sink);
            }
        };
    }

    /** Tokens and term characters seen in one pass; compared between passes as a sanity check. */
    record PassResult(long tokens, long termChars) {}

    /**
     * One pass over every text, consuming the stream the way an indexer does. The term length is
     * accumulated (and later printed) so that the JIT cannot discard the filters' work.
     */
    static PassResult pass(Analyzer analyzer, List<String> texts) throws IOException {
        long tokens = 0;
        long termChars = 0;
        for (String text : texts) {
            // Analyzer.tokenStream reuses the per-thread components, as IndexWriter does.
            try (TokenStream ts = analyzer.tokenStream("body", text)) {
                CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
                ts.reset();
                while (ts.incrementToken()) {
                    tokens++;
                    termChars += term.length();
                }
                ts.end();
            }
        }
        return new PassResult(tokens, termChars);
    }

    public static void main(String[] args) throws IOException {
        int articles = DEFAULT_ARTICLES;
        String corpus = DEFAULT_CORPUS;
        int passes = DEFAULT_PASSES;
        double warmupSecs = DEFAULT_WARMUP_SECS;
        String only = null;
        int positional = 0;
        for (String a : args) {
            if (a.startsWith("--passes=")) {
                passes = Integer.parseInt(a.substring("--passes=".length()));
            } else if (a.startsWith("--warmup-secs=")) {
                warmupSecs = Double.parseDouble(a.substring("--warmup-secs=".length()));
            } else if (a.startsWith("--only=")) {
                only = a.substring("--only=".length());
            } else if (a.startsWith("--")) {
                usage("unknown option " + a);
            } else if (positional == 0) {
                articles = Integer.parseInt(a);
                positional++;
            } else if (positional == 1) {
                corpus = a;
                positional++;
            } else {
                usage("too many arguments");
            }
        }
        if (articles <= 0 || passes <= 0 || warmupSecs < 0) {
            usage("N and --passes must be positive, --warmup-secs non-negative");
        }
        Map<String, Supplier<Analyzer>> configs = configurations();
        if (only != null) {
            if (!configs.containsKey(only)) {
                usage("unknown configuration " + only + "; one of " + configs.keySet());
            }
            configs = Map.of(only, configs.get(only));
        }
        Path corpusPath = Path.of(corpus);
        if (!Files.exists(corpusPath)) {
            System.err.println("skipping: ANT corpus not found at " + corpus);
            return;
        }

        List<String> texts = readTexts(corpusPath, articles);
        long words = 0;
        long chars = 0;
        for (String t : texts) {
            words += whitespaceWords(t);
            chars += t.codePointCount(0, t.length());
        }
        List<String> gcs = new ArrayList<>();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcs.add(gc.getName());
        }
        System.out.printf(Locale.ROOT, "# lucene=%s java=%s vm=\"%s\" cpus=%d max_heap_mb=%d gc=%s%n",
                Version.LATEST, System.getProperty("java.version"), System.getProperty("java.vm.name"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                String.join("+", gcs).replace(' ', '_'));
        System.out.printf(Locale.ROOT, "# corpus=%s articles=%d words=%d chars=%d passes=%d warmup_secs=%.1f%n",
                corpus, texts.size(), words, chars, passes, warmupSecs);

        for (Map.Entry<String, Supplier<Analyzer>> e : configs.entrySet()) {
            try (Analyzer analyzer = e.getValue().get()) {
                run(e.getKey(), analyzer, texts, words, passes, warmupSecs);
            }
        }
    }

    static void run(String name, Analyzer analyzer, List<String> texts, long words, int passes,
            double warmupSecs) throws IOException {
        // The first pass runs mostly interpreted; its time is reported as cold_ms, for what a
        // short-lived process would see, but kept out of the median.
        long coldStart = System.nanoTime();
        PassResult expected = pass(analyzer, texts);
        long coldNanos = System.nanoTime() - coldStart;
        long warmupEnd = System.nanoTime() + (long) (warmupSecs * 1e9);
        for (int i = 1; i < MIN_WARMUP_PASSES || System.nanoTime() < warmupEnd; i++) {
            check(name, expected, pass(analyzer, texts));
        }
        // Start the timed passes from a clean heap so a collection owed to the warm-up does not
        // land in them.
        System.gc();

        long[] nanos = new long[passes];
        for (int i = 0; i < passes; i++) {
            long start = System.nanoTime();
            PassResult r = pass(analyzer, texts);
            nanos[i] = System.nanoTime() - start;
            check(name, expected, r);
        }
        Arrays.sort(nanos);
        double medianNs = passes % 2 == 1
                ? nanos[passes / 2]
                : (nanos[passes / 2 - 1] + nanos[passes / 2]) / 2.0;
        double secs = medianNs / 1e9;
        System.out.printf(Locale.ROOT,
                "%s articles=%d words=%d tokens=%d term_chars=%d passes=%d median_ms=%.3f min_ms=%.3f"
                        + " max_ms=%.3f cold_ms=%.3f words_per_s=%.0f tokens_per_s=%.0f%n",
                name, texts.size(), words, expected.tokens(), expected.termChars(), passes,
                medianNs / 1e6, nanos[0] / 1e6, nanos[passes - 1] / 1e6, coldNanos / 1e6,
                words / secs, expected.tokens() / secs);
    }

    static void check(String name, PassResult expected, PassResult got) {
        if (!expected.equals(got)) {
            throw new IllegalStateException(name + ": passes disagree: " + expected + " vs " + got);
        }
    }

    /**
     * The "text" field of the first {@code limit} articles, selected exactly as khabar-benches'
     * {@code ant_texts} does: lines are split on '\n' only (a trailing '\r' is dropped, like Rust's
     * {@code BufRead::lines}); a line that is not valid JSON, not an object, or whose "text" is not
     * a string is skipped without counting; reading stops at the first invalid UTF-8, where
     * {@code lines()} would return an error.
     */
    static List<String> readTexts(Path path, int limit) throws IOException {
        JsonFactory json = new JsonFactory();
        List<String> out = new ArrayList<>(limit);
        try (InputStream in = new GZIPInputStream(new FileInputStream(path.toFile()), 1 << 16);
                BufferedReader reader = new BufferedReader(new InputStreamReader(in,
                        StandardCharsets.UTF_8.newDecoder()
                                .onMalformedInput(CodingErrorAction.REPORT)
                                .onUnmappableCharacter(CodingErrorAction.REPORT)), 1 << 16)) {
            StringBuilder line = new StringBuilder();
            while (out.size() < limit) {
                line.setLength(0);
                int c;
                try {
                    while ((c = reader.read()) != -1 && c != '\n') {
                        line.append((char) c);
                    }
                } catch (CharacterCodingException e) {
                    break;
                }
                if (c == -1 && line.length() == 0) {
                    break;
                }
                if (line.length() > 0 && line.charAt(line.length() - 1) == '\r') {
                    line.setLength(line.length() - 1);
                }
                String text = textField(json, line.toString());
                if (text != null) {
                    out.add(text);
                }
                if (c == -1) {
                    break;
                }
            }
        }
        return out;
    }

    /**
     * The top-level "text" string of one JSON document, or null where serde_json would either
     * reject the line or find no string there. Every token is walked rather than skipped so that
     * the whole line is validated, as serde_json::from_str does; a repeated key keeps its last
     * value, as serde_json's map does. Not mirrored, being absent from real corpora: serde_json's
     * nesting limit (128) and its rejection of numbers beyond the range of f64.
     */
    static String textField(JsonFactory json, String line) {
        try (JsonParser p = json.createParser(line)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return null; // empty line: not JSON
            }
            if (first == JsonToken.VALUE_STRING && hasLoneSurrogate(p.getText())) {
                return null;
            }
            String text = null;
            boolean isObject = first == JsonToken.START_OBJECT;
            int depth = first.isStructStart() ? 1 : 0;
            while (depth > 0) {
                JsonToken t = p.nextToken();
                if (t == null) {
                    return null; // truncated document
                }
                if ((t == JsonToken.FIELD_NAME || t == JsonToken.VALUE_STRING)
                        && hasLoneSurrogate(p.getText())) {
                    return null; // serde_json rejects an escaped surrogate without its pair
                }
                // At depth 1 of the top-level object every token but a key or the closing brace is
                // a member's value; currentName() names its key, even for a nested object/array.
                if (isObject && depth == 1 && t != JsonToken.FIELD_NAME && t != JsonToken.END_OBJECT
                        && "text".equals(p.currentName())) {
                    text = t == JsonToken.VALUE_STRING ? p.getText() : null;
                }
                if (t.isStructStart()) {
                    depth++;
                } else if (t.isStructEnd()) {
                    depth--;
                }
            }
            // serde_json::from_str rejects anything but whitespace after the value; Jackson would
            // happily start reading a second root value.
            if (p.nextToken() != null) {
                return null;
            }
            return isObject ? text : null;
        } catch (JsonProcessingException e) {
            return null;
        } catch (IOException e) {
            throw new IllegalStateException("reading from a String cannot fail", e);
        }
    }

    /** Valid UTF-8 cannot encode a lone surrogate, so one here came from a backslash-u escape. */
    static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /** Rust's {@code str::split_whitespace().count()}: runs of non-White_Space characters. */
    static long whitespaceWords(String s) {
        long words = 0;
        boolean inWord = false;
        for (int i = 0; i < s.length(); i++) {
            // Every White_Space character is in the BMP, so surrogate halves are simply non-space.
            boolean space = isRustWhitespace(s.charAt(i));
            if (!space && !inWord) {
                words++;
            }
            inWord = !space;
        }
        return words;
    }

    /**
     * Rust's {@code char::is_whitespace}, i.e. the Unicode White_Space property. Java's
     * Character.isWhitespace differs: it excludes the no-break spaces U+00A0, U+2007 and U+202F
     * (common in Arabic news text) and includes U+001C..U+001F, so it cannot be used here.
     */
    static boolean isRustWhitespace(char c) {
        return (c >= '\t' && c <= '\r') || c == ' ' || c == '\u0085' || c == '\u00A0'
                || c == '\u1680' || (c >= '\u2000' && c <= '\u200A') || c == '\u2028'
                || c == '\u2029' || c == '\u202F' || c == '\u205F' || c == '\u3000';
    }

    static void usage(String problem) {
        System.err.println("error: " + problem);
        System.err.println("usage: ArabicAnalyzerBench [N=" + DEFAULT_ARTICLES + "] [corpus="
                + DEFAULT_CORPUS + "] [--passes=" + DEFAULT_PASSES + "] [--warmup-secs="
                + DEFAULT_WARMUP_SECS + "] [--only=NAME]");
        System.err.println("configurations: " + configurations().keySet());
        System.exit(2);
    }
}
