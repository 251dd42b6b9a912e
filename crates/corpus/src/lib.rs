//! # khabar-corpus: reading news articles
//!
//! Turns files, folders and standard input into [`khabar::Article`]s, one [`Record`] at a time,
//! and reports every bad record precisely (file, line, byte offset) without losing the good
//! records around it.
//!
//! ## Brief overview
//!
//! - [`Input`]: a file, a folder or standard input; [`expand`] walks folders.
//! - [`open`] an input with [`ReadOptions`] to get [`Records`], an iterator of
//!   `Result<Record, RecordError>`. Opening fails with an [`OpenError`] (missing file, unreadable).
//! - Formats ([`Format`]): plain text (the whole input is one article) or JSONL (one JSON object
//!   a line with `text` and optional `id`, `title`, `published`, `source`; other keys are
//!   ignored). Either may be gzip-compressed; compression is recognised by its magic bytes.
//!   With [`Format::Auto`], `.jsonl`/`.ndjson` (optionally `.gz`) mean JSONL, `.txt` means text,
//!   and anything else is JSONL when its first non-blank character is `{`.
//! - Identifiers: a JSONL record's `id` (a string or an integer); without one, `NAME:LINE`. A text
//!   input's id is its path as given (`-` for standard input).

use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use flate2::read::MultiGzDecoder;
use khabar::{Article, Published};
use serde_json::{Map, Value};

/// The largest record (a text file or a JSONL line) read, in bytes.
pub const MAX_RECORD_LEN: usize = khabar::text::MAX_TEXT_LEN;

/// How to read an input.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Format {
    /// Decide from the file name, then from the content.
    #[default]
    Auto,
    /// The whole input is one article.
    Text,
    /// One JSON object per line.
    Jsonl,
}

/// Options for [`open`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// The input format.
    pub format: Format,
    /// Replace invalid UTF-8 with U+FFFD instead of reporting it.
    pub lossy: bool,
}

/// One input: standard input or a path (file or folder).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Input {
    /// Standard input.
    Stdin,
    /// A file or folder.
    Path(PathBuf),
}

impl Input {
    /// Parses a command-line argument: `-` is standard input, anything else a path.
    pub fn from_arg(arg: &str) -> Input {
        if arg == "-" {
            Input::Stdin
        } else {
            Input::Path(PathBuf::from(arg))
        }
    }

    /// The name used in messages and default ids.
    pub fn name(&self) -> String {
        match self {
            Input::Stdin => "-".to_string(),
            Input::Path(p) => p.display().to_string(),
        }
    }
}

impl fmt::Display for Input {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Input::Stdin => f.write_str("<stdin>"),
            Input::Path(p) => write!(f, "{}", p.display()),
        }
    }
}

/// An input that could not be opened or walked.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {source}")]
pub struct OpenError {
    /// The input's name.
    pub path: String,
    /// The underlying error.
    #[source]
    pub source: io::Error,
}

impl OpenError {
    /// True when the input does not exist.
    pub fn is_not_found(&self) -> bool {
        self.source.kind() == io::ErrorKind::NotFound
    }
}

/// File names [`expand`] picks up inside folders.
fn is_article_file(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if name.starts_with('.') {
        return false;
    }
    let base = name.strip_suffix(".gz").unwrap_or(name);
    [".txt", ".text", ".jsonl", ".ndjson"]
        .iter()
        .any(|ext| base.ends_with(ext))
}

/// Replaces folders with the article files under them (`.txt`, `.text`, `.jsonl`, `.ndjson`,
/// each optionally `.gz`), sorted by path. Files and standard input pass through, in order.
pub fn expand(inputs: &[Input]) -> Vec<Result<Input, OpenError>> {
    let mut out = Vec::new();
    for input in inputs {
        match input {
            Input::Path(p) if p.is_dir() => {
                let before = out.len();
                let walker = walkdir::WalkDir::new(p)
                    .sort_by_file_name()
                    .follow_links(true);
                for entry in walker {
                    match entry {
                        Ok(e) if e.file_type().is_file() && is_article_file(e.path()) => {
                            out.push(Ok(Input::Path(e.into_path())));
                        }
                        Ok(_) => {}
                        Err(e) => {
                            let path = e.path().unwrap_or(p).display().to_string();
                            let source = e
                                .into_io_error()
                                .unwrap_or_else(|| io::Error::other("filesystem loop"));
                            out.push(Err(OpenError { path, source }));
                        }
                    }
                }
                if out.len() == before {
                    let source = io::Error::new(
                        io::ErrorKind::NotFound,
                        "no article files in this folder (.txt, .text, .jsonl, .ndjson, each optionally .gz)",
                    );
                    let path = p.display().to_string();
                    out.push(Err(OpenError { path, source }));
                }
            }
            other => out.push(Ok(other.clone())),
        }
    }
    out
}

/// An article read from an input, with where it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// The article.
    pub article: Article,
    /// The input's name.
    pub source_name: String,
    /// The 1-based line, for JSONL.
    pub line: Option<u64>,
    /// Problems that did not cost the record (a `published` value that is not a date).
    pub warnings: Vec<RecordWarning>,
}

/// A problem with a record that was read all the same.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{source_name}:{line}: field `published`: {error}; the article is kept without a date")]
pub struct RecordWarning {
    /// The input's name, for messages.
    pub source_name: String,
    /// The 1-based line.
    pub line: u64,
    /// The bad date.
    pub error: khabar::PublishedError,
}

/// What was wrong with one record.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RecordErrorKind {
    /// The bytes are not UTF-8.
    #[error("invalid UTF-8 at byte offset {byte}")]
    InvalidUtf8 {
        /// Offset of the first invalid byte from the start of the (decompressed) input.
        byte: u64,
    },
    /// The line is not valid JSON.
    #[error("malformed JSON at column {column}: {message}")]
    Json {
        /// 1-based column (in bytes) where parsing failed.
        column: usize,
        /// The parser's message.
        message: String,
    },
    /// The line is JSON but not an object.
    #[error("expected a JSON object, found {found}")]
    NotAnObject {
        /// What was found instead.
        found: &'static str,
    },
    /// The record has no `text`.
    #[error("record has no `text` field")]
    MissingText,
    /// A field has the wrong type.
    #[error("field `{field}` must be {expected}, found {found}")]
    FieldType {
        /// The field.
        field: &'static str,
        /// What it must be.
        expected: &'static str,
        /// What it is.
        found: &'static str,
    },
    /// The record is larger than [`MAX_RECORD_LEN`].
    #[error("record is larger than {max} bytes")]
    TooLong {
        /// The limit.
        max: usize,
    },
    /// Reading failed (a truncated or corrupt gzip stream, a device error). Nothing after it in
    /// the same input can be read.
    #[error("read error after byte offset {byte}: {source}")]
    Io {
        /// Bytes read successfully before the error.
        byte: u64,
        /// The error.
        #[source]
        source: io::Error,
    },
}

/// A bad record: which input, which line and byte, and what was wrong.
#[derive(Debug)]
pub struct RecordError {
    /// The input's name, for messages (`<stdin>` for standard input).
    pub source_name: String,
    /// The 1-based line, for JSONL.
    pub line: Option<u64>,
    /// Byte offset of the start of the line (JSONL), from the start of the decompressed input.
    pub line_offset: Option<u64>,
    /// What was wrong.
    pub kind: RecordErrorKind,
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.line_offset) {
            (Some(l), Some(b)) => write!(
                f,
                "{}:{} (line starts at byte {}): {}",
                self.source_name, l, b, self.kind
            ),
            (Some(l), None) => write!(f, "{}:{}: {}", self.source_name, l, self.kind),
            _ => write!(f, "{}: {}", self.source_name, self.kind),
        }
    }
}

impl std::error::Error for RecordError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.kind)
    }
}

type Reader = Box<dyn BufRead + Send>;

/// Opens `input` for reading records.
pub fn open(input: &Input, options: ReadOptions) -> Result<Records, OpenError> {
    let name = input.name();
    let display = input.to_string();
    let err = |source| OpenError {
        path: display.clone(),
        source,
    };
    let raw: Box<dyn Read + Send> = match input {
        Input::Stdin => Box::new(io::stdin()),
        Input::Path(p) => {
            if p.is_dir() {
                return Err(err(io::Error::new(
                    io::ErrorKind::IsADirectory,
                    "is a folder (expand it first)",
                )));
            }
            Box::new(File::open(p).map_err(err)?)
        }
    };
    let mut reader: Reader = Box::new(BufReader::with_capacity(1 << 16, raw));
    let head = reader.fill_buf().map_err(err)?;
    if head.starts_with(&[0x1f, 0x8b]) {
        reader = Box::new(BufReader::with_capacity(
            1 << 16,
            MultiGzDecoder::new(reader),
        ));
    }
    let format = match options.format {
        Format::Auto => {
            let base = name.strip_suffix(".gz").unwrap_or(&name);
            if base.ends_with(".jsonl") || base.ends_with(".ndjson") {
                Format::Jsonl
            } else if base.ends_with(".txt") || base.ends_with(".text") {
                Format::Text
            } else {
                sniff(&mut reader, base.ends_with(".json"))
                    .map_err(|msg| err(io::Error::new(io::ErrorKind::InvalidData, msg)))?
            }
        }
        f => f,
    };
    Ok(Records {
        reader,
        name,
        display,
        options,
        format,
        line: 0,
        offset: 0,
        done: false,
        buf: Vec::new(),
    })
}

/// Reads JSONL records from any reader (embedded data, a network body): `name` stands for the
/// input in default ids and messages.
pub fn jsonl_from_reader(reader: impl Read + Send + 'static, name: &str) -> Records {
    Records {
        reader: Box::new(BufReader::with_capacity(1 << 16, reader)),
        name: name.to_string(),
        display: name.to_string(),
        options: ReadOptions {
            format: Format::Jsonl,
            lossy: false,
        },
        format: Format::Jsonl,
        line: 0,
        offset: 0,
        done: false,
        buf: Vec::new(),
    }
}

/// JSONL when the first non-blank character is `{`. A `.json` file holding an array is
/// refused with a hint rather than read as text.
fn sniff(reader: &mut Reader, dot_json: bool) -> Result<Format, &'static str> {
    match reader.fill_buf() {
        Ok(head) => {
            let head = head.strip_prefix(BOM).unwrap_or(head);
            match head.iter().find(|b| !b.is_ascii_whitespace()) {
                Some(b'{') => Ok(Format::Jsonl),
                Some(b'[') if dot_json => Err(
                    "a JSON array; khabar reads JSONL, one JSON object per line (convert with `jq -c '.[]'`)",
                ),
                _ => Ok(Format::Text),
            }
        }
        // The error shows up again, with its offset, on the first read.
        Err(_) => Ok(Format::Text),
    }
}

/// The UTF-8 byte order mark.
const BOM: &[u8] = "\u{FEFF}".as_bytes();

/// The records of one input. Fused: after an I/O error it yields nothing more.
pub struct Records {
    reader: Reader,
    /// For default ids (`-` for standard input).
    name: String,
    /// For messages (`<stdin>` for standard input).
    display: String,
    options: ReadOptions,
    format: Format,
    line: u64,
    offset: u64,
    done: bool,
    buf: Vec<u8>,
}

impl Records {
    /// The format being read (after auto-detection).
    pub fn format(&self) -> Format {
        self.format
    }

    fn error(
        &self,
        line: Option<u64>,
        line_offset: Option<u64>,
        kind: RecordErrorKind,
    ) -> RecordError {
        RecordError {
            source_name: self.display.clone(),
            line,
            line_offset,
            kind,
        }
    }

    fn decode(&self, bytes: Vec<u8>, base: u64) -> Result<String, RecordErrorKind> {
        match String::from_utf8(bytes) {
            Ok(s) => Ok(s),
            Err(e) if self.options.lossy => Ok(String::from_utf8_lossy(e.as_bytes()).into_owned()),
            Err(e) => Err(RecordErrorKind::InvalidUtf8 {
                byte: base + e.utf8_error().valid_up_to() as u64,
            }),
        }
    }

    fn next_text(&mut self) -> Option<Result<Record, RecordError>> {
        self.done = true;
        let mut bytes = Vec::new();
        let limit = MAX_RECORD_LEN as u64 + 1;
        if let Err(source) = self.reader.by_ref().take(limit).read_to_end(&mut bytes) {
            let byte = bytes.len() as u64;
            return Some(Err(self.error(
                None,
                None,
                RecordErrorKind::Io { byte, source },
            )));
        }
        if bytes.len() > MAX_RECORD_LEN {
            return Some(Err(self.error(
                None,
                None,
                RecordErrorKind::TooLong {
                    max: MAX_RECORD_LEN,
                },
            )));
        }
        let text = match self.decode(bytes, 0) {
            Ok(t) => t,
            Err(kind) => return Some(Err(self.error(None, None, kind))),
        };
        let mut article = Article::new(text);
        article.id = Some(self.name.clone());
        Some(Ok(Record {
            article,
            source_name: self.display.clone(),
            line: None,
            warnings: Vec::new(),
        }))
    }

    fn next_jsonl(&mut self) -> Option<Result<Record, RecordError>> {
        loop {
            self.buf.clear();
            let start = self.offset;
            let limit = MAX_RECORD_LEN as u64 + 1;
            let read = self
                .reader
                .by_ref()
                .take(limit)
                .read_until(b'\n', &mut self.buf);
            let n = match read {
                Ok(0) => {
                    self.done = true;
                    return None;
                }
                Ok(n) => n,
                Err(source) => {
                    self.done = true;
                    let kind = RecordErrorKind::Io {
                        byte: start + self.buf.len() as u64,
                        source,
                    };
                    return Some(Err(self.error(Some(self.line + 1), Some(start), kind)));
                }
            };
            self.offset += n as u64;
            self.line += 1;
            let line = self.line;
            if n > MAX_RECORD_LEN {
                // Skip the rest of the oversized line so the next record starts cleanly.
                let mut sink = Vec::new();
                loop {
                    sink.clear();
                    match self
                        .reader
                        .by_ref()
                        .take(1 << 20)
                        .read_until(b'\n', &mut sink)
                    {
                        Ok(0) => break,
                        Ok(k) => {
                            self.offset += k as u64;
                            if sink.last() == Some(&b'\n') {
                                break;
                            }
                        }
                        Err(_) => break,
                    }
                }
                let kind = RecordErrorKind::TooLong {
                    max: MAX_RECORD_LEN,
                };
                return Some(Err(self.error(Some(line), Some(start), kind)));
            }
            let mut bytes = std::mem::take(&mut self.buf);
            while matches!(bytes.last(), Some(b'\n' | b'\r')) {
                bytes.pop();
            }
            let mut base = start;
            if line == 1 && bytes.starts_with(BOM) {
                bytes.drain(..BOM.len());
                base += BOM.len() as u64;
            }
            if bytes.iter().all(|b| b.is_ascii_whitespace()) {
                self.buf = bytes;
                continue;
            }
            let result = self
                .decode(bytes, base)
                .and_then(|s| parse_record(&s, &self.name, line))
                .map(|(article, bad_date)| Record {
                    article,
                    source_name: self.display.clone(),
                    line: Some(line),
                    warnings: bad_date
                        .map(|error| RecordWarning {
                            source_name: self.display.clone(),
                            line,
                            error,
                        })
                        .into_iter()
                        .collect(),
                })
                .map_err(|kind| self.error(Some(line), Some(start), kind));
            return Some(result);
        }
    }
}

impl Iterator for Records {
    type Item = Result<Record, RecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.format {
            Format::Jsonl => self.next_jsonl(),
            Format::Text | Format::Auto => self.next_text(),
        }
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn take_string(
    map: &mut Map<String, Value>,
    field: &'static str,
) -> Result<Option<String>, RecordErrorKind> {
    match map.remove(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(RecordErrorKind::FieldType {
            field,
            expected: "a string",
            found: type_name(&other),
        }),
    }
}

/// Parses one JSONL line into an article, and the error of a `published` value that is not a
/// date (the article is kept without one).
fn parse_record(
    line: &str,
    name: &str,
    line_no: u64,
) -> Result<(Article, Option<khabar::PublishedError>), RecordErrorKind> {
    let value: Value = serde_json::from_str(line).map_err(|e| RecordErrorKind::Json {
        column: e.column(),
        message: strip_position(&e.to_string()),
    })?;
    let Value::Object(mut map) = value else {
        return Err(RecordErrorKind::NotAnObject {
            found: type_name(&value),
        });
    };
    let text = match map.remove("text") {
        None | Some(Value::Null) => return Err(RecordErrorKind::MissingText),
        Some(Value::String(s)) => s,
        Some(other) => {
            return Err(RecordErrorKind::FieldType {
                field: "text",
                expected: "a string",
                found: type_name(&other),
            });
        }
    };
    let id = match map.remove("id") {
        None | Some(Value::Null) => format!("{name}:{line_no}"),
        Some(Value::String(s)) => s,
        Some(Value::Number(n)) if n.is_u64() || n.is_i64() => n.to_string(),
        Some(other) => {
            let found = if other.is_number() {
                "a fractional number"
            } else {
                type_name(&other)
            };
            return Err(RecordErrorKind::FieldType {
                field: "id",
                expected: "a string or an integer",
                found,
            });
        }
    };
    let (published, bad_date) =
        match take_string(&mut map, "published")?.map(|p| Published::parse(&p)) {
            None => (None, None),
            Some(Ok(p)) => (Some(p), None),
            Some(Err(e)) => (None, Some(e)),
        };
    let article = Article {
        id: Some(id),
        title: take_string(&mut map, "title")?,
        text,
        published,
        source: take_string(&mut map, "source")?,
    };
    Ok((article, bad_date))
}

/// serde_json appends " at line 1 column N"; the column is reported separately.
fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }

    fn read_all(p: &Path, options: ReadOptions) -> Vec<Result<Record, RecordError>> {
        open(&Input::Path(p.to_path_buf()), options)
            .unwrap()
            .collect()
    }

    #[test]
    fn text_file_is_one_article() {
        let d = tempfile::tempdir().unwrap();
        let p = write(d.path(), "a.txt", "قال الوزير".as_bytes());
        let r = read_all(&p, ReadOptions::default());
        assert_eq!(r.len(), 1);
        let rec = r[0].as_ref().unwrap();
        assert_eq!(rec.article.text, "قال الوزير");
        assert_eq!(
            rec.article.id.as_deref(),
            Some(p.display().to_string().as_str())
        );
    }

    #[test]
    fn invalid_utf8_names_the_byte() {
        let d = tempfile::tempdir().unwrap();
        let mut bytes = "قال".as_bytes().to_vec();
        bytes.push(0xFF);
        bytes.extend_from_slice("ok".as_bytes());
        let p = write(d.path(), "bad.txt", &bytes);
        let r = read_all(&p, ReadOptions::default());
        let e = r[0].as_ref().unwrap_err();
        assert!(
            matches!(e.kind, RecordErrorKind::InvalidUtf8 { byte: 6 }),
            "{e}"
        );
        assert!(e.to_string().contains("bad.txt"), "{e}");
        assert!(e.to_string().contains("byte offset 6"), "{e}");
        let r = read_all(
            &p,
            ReadOptions {
                lossy: true,
                ..ReadOptions::default()
            },
        );
        assert_eq!(r[0].as_ref().unwrap().article.text, "قال\u{FFFD}ok");
    }

    #[test]
    fn jsonl_bad_lines_do_not_lose_good_ones() {
        let d = tempfile::tempdir().unwrap();
        let mut body = Vec::new();
        body.extend_from_slice(br#"{"id": "a", "text": "first", "published": "2021-01-29"}"#);
        body.extend_from_slice(b"\n{not json}\n\n");
        body.extend_from_slice(br#"{"text": 5}"#);
        body.extend_from_slice(b"\n[1]\n");
        body.extend_from_slice(b"{\"id\": 7, \"text\": \"bad \xff\"}");
        body.extend_from_slice(b"\n");
        body.extend_from_slice(br#"{"id": 8, "text": "x", "published": "yesterday"}"#);
        body.extend_from_slice(b"\r\n");
        body.extend_from_slice(br#"{"title": "no text"}"#);
        body.extend_from_slice(b"\n");
        body.extend_from_slice(br#"{"id": 9, "text": "last", "source": "bbc", "extra": [1]}"#);
        let p = write(d.path(), "x.jsonl", &body);
        let r = read_all(&p, ReadOptions::default());
        assert_eq!(r.len(), 8);
        assert_eq!(r[0].as_ref().unwrap().article.id.as_deref(), Some("a"));
        assert_eq!(
            r[0].as_ref()
                .unwrap()
                .article
                .published
                .as_ref()
                .unwrap()
                .as_str(),
            "2021-01-29"
        );
        let e = r[1].as_ref().unwrap_err();
        assert_eq!((e.line, e.line_offset), (Some(2), Some(56)));
        assert!(
            matches!(e.kind, RecordErrorKind::Json { column: 2, .. }),
            "{e}"
        );
        assert!(matches!(
            r[2].as_ref().unwrap_err().kind,
            RecordErrorKind::FieldType { field: "text", .. }
        ));
        assert_eq!(r[2].as_ref().unwrap_err().line, Some(4));
        assert!(matches!(
            r[3].as_ref().unwrap_err().kind,
            RecordErrorKind::NotAnObject { found: "an array" }
        ));
        let utf = r[4].as_ref().unwrap_err();
        assert!(
            matches!(utf.kind, RecordErrorKind::InvalidUtf8 { .. }),
            "{utf}"
        );
        let kept = r[5].as_ref().unwrap();
        assert!(kept.article.published.is_none());
        assert_eq!(kept.warnings.len(), 1);
        let w = kept.warnings[0].to_string();
        assert!(w.contains("x.jsonl:7: field `published`"), "{w}");
        assert!(matches!(
            r[6].as_ref().unwrap_err().kind,
            RecordErrorKind::MissingText
        ));
        let last = &r[7].as_ref().unwrap().article;
        assert_eq!(
            (last.id.as_deref(), last.source.as_deref()),
            (Some("9"), Some("bbc"))
        );
        assert_eq!(r[7].as_ref().unwrap().line, Some(9));
    }

    #[test]
    fn gzip_jsonl_and_missing_id() {
        let d = tempfile::tempdir().unwrap();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all("{\"text\": \"نص\"}\n{\"text\": \"ثان\"}\n".as_bytes())
            .unwrap();
        let p = write(d.path(), "n.jsonl.gz", &gz.finish().unwrap());
        let r = read_all(&p, ReadOptions::default());
        assert_eq!(r.len(), 2);
        let id = r[1].as_ref().unwrap().article.id.clone().unwrap();
        assert!(id.ends_with("n.jsonl.gz:2"), "{id}");
    }

    #[test]
    fn truncated_gzip_reports_and_stops() {
        let d = tempfile::tempdir().unwrap();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        for i in 0..2000 {
            writeln!(gz, "{{\"id\": {i}, \"text\": \"نص رقم {i} في الملف\"}}").unwrap();
        }
        let mut bytes = gz.finish().unwrap();
        bytes.truncate(bytes.len() / 2);
        let p = write(d.path(), "t.jsonl.gz", &bytes);
        let r = read_all(&p, ReadOptions::default());
        let good = r.iter().filter(|x| x.is_ok()).count();
        assert!(good > 10, "records before the damage are kept: {good}");
        let e = r.last().unwrap().as_ref().unwrap_err();
        assert!(matches!(e.kind, RecordErrorKind::Io { .. }), "{e}");
    }

    #[test]
    fn bom_on_the_first_jsonl_line() {
        let d = tempfile::tempdir().unwrap();
        let p = write(
            d.path(),
            "bom.jsonl",
            "\u{FEFF}{\"text\": \"قال\"}\n{\"text\": \"ب\"}\n".as_bytes(),
        );
        let r = read_all(&p, ReadOptions::default());
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].as_ref().unwrap().article.text, "قال");
    }

    #[test]
    fn json_arrays_and_empty_folders_are_refused_clearly() {
        let d = tempfile::tempdir().unwrap();
        let p = write(d.path(), "a.json", b"[{\"text\": \"x\"}]");
        let e = open(&Input::Path(p), ReadOptions::default()).err().unwrap();
        assert!(e.to_string().contains("JSONL"), "{e}");
        let empty = d.path().join("empty");
        std::fs::create_dir(&empty).unwrap();
        let r = expand(&[Input::Path(empty)]);
        let e = r[0].as_ref().unwrap_err();
        assert!(e.to_string().contains("no article files"), "{e}");
    }

    #[test]
    fn sniffing_and_folders() {
        let d = tempfile::tempdir().unwrap();
        write(d.path(), "b.json_lines", b"  {\"text\": \"x\"}\n");
        write(d.path(), "a.txt", "نص".as_bytes());
        write(d.path(), ".hidden.txt", b"x");
        write(d.path(), "c.jsonl", b"{\"text\": \"y\"}\n");
        let sub = d.path().join("sub");
        std::fs::create_dir(&sub).unwrap();
        write(&sub, "d.txt.gz", b"not really gzip");
        let files: Vec<_> = expand(&[Input::Path(d.path().to_path_buf())])
            .into_iter()
            .map(|r| r.unwrap())
            .collect();
        let names: Vec<String> = files
            .iter()
            .map(|f| f.name().rsplit('/').next().unwrap().to_string())
            .collect();
        assert_eq!(names, vec!["a.txt", "c.jsonl", "d.txt.gz"]);
        let sniffed = open(
            &Input::Path(d.path().join("b.json_lines")),
            ReadOptions::default(),
        )
        .unwrap();
        assert_eq!(sniffed.format(), Format::Jsonl);
    }

    #[test]
    fn missing_file_is_an_open_error() {
        let e = open(
            &Input::Path(PathBuf::from("/nonexistent/x.txt")),
            ReadOptions::default(),
        )
        .err()
        .unwrap();
        assert!(e.is_not_found());
        assert!(e.to_string().starts_with("/nonexistent/x.txt: "));
    }

    #[test]
    fn empty_inputs() {
        let d = tempfile::tempdir().unwrap();
        let p = write(d.path(), "e.txt", b"");
        let r = read_all(&p, ReadOptions::default());
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].as_ref().unwrap().article.text, "");
        let p = write(d.path(), "e.jsonl", b"\n\n");
        assert!(read_all(&p, ReadOptions::default()).is_empty());
    }
}
