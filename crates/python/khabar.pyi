"""Arabic news analysis: tokens and sentences with offsets, clitics, named entities, dates,
numbers, quotes and keywords, from models embedded in the module.

Every ``start``/``end`` is a Unicode character offset into the text given, end exclusive:
``text[start:end]`` is the span's ``text``.
"""

import datetime
import os
from collections.abc import Iterable
from typing import Literal, Optional, TypedDict, Union

from typing_extensions import NotRequired

__version__: str
#: The version of the analysis schema ("schema" key of every analysis).
SCHEMA_VERSION: int

Date = Union[str, datetime.date]

class Sentence(TypedDict):
    start: int
    end: int

class Segment(TypedDict):
    start: int
    end: int
    text: str
    role: Literal["proclitic", "stem", "enclitic"]
    #: The segment as a dictionary word (the stem of للسلطة is the slice لسلطة, form السلطة).
    form: str

class Token(TypedDict):
    start: int
    end: int
    text: str
    #: Search-level normal form.
    norm: str
    kind: Literal[
        "word", "latin", "number", "punct", "url", "email", "hashtag", "mention", "symbol", "other"
    ]
    #: Clitic segmentation, for Arabic words only.
    segments: NotRequired[list[Segment]]

class Entity(TypedDict):
    start: int
    end: int
    text: str
    type: Literal["PER", "LOC", "ORG", "MISC"]
    #: The same number for every mention of one entity in the document.
    cluster: int
    #: The fullest form of its name in the document.
    canonical: str
    latin: NotRequired[str]

class DateMention(TypedDict):
    start: int
    end: int
    text: str
    #: ISO 8601 at its grain, resolved against ``published``; None when vague or unresolved.
    value: Optional[str]
    end_value: NotRequired[str]
    duration: NotRequired[str]
    #: How a recurring time recurs, as TimeML writes a set: ``P1D``, ``XXXX-WXX-5``, ``T15``.
    recurrence: NotRequired[str]
    grain: str

class Number(TypedDict):
    start: int
    end: int
    text: str
    value: Union[int, float]
    unit: NotRequired[str]
    #: For a quantity per period (مليون برميل يوميا), the period in ISO 8601: ``P1D``, ``P1Y``.
    per: NotRequired[str]

class Speaker(TypedDict):
    start: int
    end: int
    text: str
    cluster: NotRequired[int]

class Quote(TypedDict):
    start: int
    end: int
    text: str
    speaker: Optional[Speaker]

class Keyword(TypedDict):
    start: int
    end: int
    text: str
    term: str
    count: int
    score: float
    type: NotRequired[str]
    cluster: NotRequired[int]
    canonical: NotRequired[str]

class SearchTerm(TypedDict):
    term: str
    start: int
    end: int
    position: int

class Analysis(TypedDict):
    """The analysis of one article: the JSON of ``khabar analyze`` (schema version 1)."""

    schema: int
    id: Optional[str]
    title: Optional[str]
    source: Optional[str]
    published: Optional[str]
    sentences: list[Sentence]
    #: Absent with ``tokens=False``.
    tokens: NotRequired[list[Token]]
    #: The layers below are each absent from the analysis of a ``Pipeline(layers=...)``
    #: that leaves them out.
    entities: NotRequired[list[Entity]]
    dates: NotRequired[list[DateMention]]
    numbers: NotRequired[list[Number]]
    quotes: NotRequired[list[Quote]]
    keywords: NotRequired[list[Keyword]]
    #: Only with ``search_terms=True``.
    search_terms: NotRequired[list[SearchTerm]]

class ArticleInput(TypedDict):
    """An item of ``analyze_many``: the keys of ``khabar analyze``'s JSONL input."""

    text: str
    id: NotRequired[Optional[str]]
    title: NotRequired[Optional[str]]
    source: NotRequired[Optional[str]]
    published: NotRequired[Optional[Date]]

class Pipeline:
    """The analysis pipeline. The models load once per process, on first use; one pipeline
    can be shared by threads."""

    def __init__(self, *, layers: Optional[Union[str, Iterable[str]]] = None) -> None:
        """``layers`` chooses what the pipeline finds and reports, above the sentences, tokens
        and clitics every analysis has: names among "entities", "dates", "numbers", "quotes",
        "keywords" ("all", "none"), as a list or one comma-separated str; all by default.
        Fewer are faster (dates and numbers alone skip the entity recogniser). A layer left out
        has no key in the result; one a kept layer is built from is found but not reported.
        Raises ValueError for an unknown name.
        """

    @property
    def layers(self) -> list[str]:
        """The layers this pipeline finds and reports."""

    def analyze(
        self,
        text: str,
        *,
        published: Optional[Date] = None,
        id: Optional[str] = None,
        title: Optional[str] = None,
        source: Optional[str] = None,
        search_terms: bool = False,
        tokens: bool = True,
    ) -> Analysis:
        """Analyses one article.

        ``published`` ("2021-01-29", "2021-01-29T10:00:00+03:00", "29/01/2021" or a
        ``datetime.date``) is the reference for relative dates (أمس, الشهر الماضي).
        ``search_terms=True`` adds the terms a khabar index stores; ``tokens=False`` leaves
        out the token list (most of the objects, so most of the conversion time).
        Raises ValueError for a date that does not parse, TypeError for a wrong type.
        """

    def analyze_many(
        self,
        items: Iterable[Union[str, ArticleInput]],
        *,
        published: Optional[Date] = None,
        search_terms: bool = False,
        tokens: bool = True,
    ) -> list[Analysis]:
        """Analyses many articles in parallel on every core, without holding the GIL.

        Results are in input order. ``published`` is the reference date of the items that
        give none. Errors name the item (``item 3: ...``).
        """

def analyze(
    text: str,
    *,
    published: Optional[Date] = None,
    id: Optional[str] = None,
    title: Optional[str] = None,
    source: Optional[str] = None,
    search_terms: bool = False,
    tokens: bool = True,
) -> Analysis:
    """``Pipeline().analyze`` with a pipeline shared by the process."""

def analyze_many(
    items: Iterable[Union[str, ArticleInput]],
    *,
    published: Optional[Date] = None,
    search_terms: bool = False,
    tokens: bool = True,
) -> list[Analysis]:
    """``Pipeline().analyze_many`` with a pipeline shared by the process."""

def normalize(text: str, level: Literal["search", "display"] = "search") -> str:
    """Normalises text: ``search`` folds spelling variation (tashkeel, alef, ya, ta marbuta,
    digits, case); ``display`` only removes invisible characters and tatweel, and applies NFC."""

class Term:
    """A search term: what a khabar index stores for a stretch of text."""

    @property
    def term(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def position(self) -> int: ...

def search_terms(text: str) -> list[Term]:
    """The terms a khabar index stores for ``text`` (clitics dropped, light stem, names kept
    whole), with the character offsets of the stems they come from."""

class Snippet(TypedDict):
    text: str
    #: Character offsets of the passage in the article.
    start: int
    end: int
    #: ``[start, end]`` of each match, in the article.
    highlights: list[list[int]]

class EntityName(TypedDict):
    type: str
    name: str

class Hit(TypedDict):
    id: str
    score: float
    title: NotRequired[str]
    source: NotRequired[str]
    published: NotRequired[str]
    snippet: Snippet
    entities: list[EntityName]

class SearchResults(TypedDict):
    total: int
    hits: list[Hit]
    terms: list[str]

class StoredArticle(TypedDict):
    id: str
    title: NotRequired[str]
    text: str
    source: NotRequired[str]
    published: NotRequired[str]
    entities: list[EntityName]

class AddError(TypedDict):
    #: Position of the item in the iterable given to ``Index.add``.
    item: int
    error: str

class AddResult(TypedDict):
    added: int
    #: Items already indexed with the same content (skipped unless ``force``).
    unchanged: int
    #: Items that could not be analysed (with ``on_error="skip"``).
    errors: list[AddError]

class Index:
    """A search index (made by ``khabar index`` or ``Index.add``)."""

    def __init__(self, path: Union[str, os.PathLike[str]], *, create: bool = False) -> None:
        """Opens the index in ``path``; ``create=True`` makes one there if the folder is
        absent or empty."""

    def add(
        self,
        items: Iterable[Union[str, ArticleInput]],
        *,
        published: Optional[Date] = None,
        force: bool = False,
        on_error: Literal["raise", "skip"] = "raise",
    ) -> AddResult:
        """Analyses the items on every core and adds them in one commit, replacing articles
        with the same ``id`` and skipping those indexed with the same content."""

    def __len__(self) -> int: ...
    def search(
        self,
        query: str,
        *,
        limit: int = 10,
        offset: int = 0,
        source: Optional[str] = None,
        date_from: Optional[Date] = None,
        date_to: Optional[Date] = None,
        entity: Optional[str] = None,
        sort: Literal["relevance", "newest", "oldest"] = "relevance",
    ) -> SearchResults:
        """Searches the index (words, "phrases", -exclusions), best first."""

    def reload(self) -> None:
        """Makes what other writers committed since this index was opened visible."""

    def get(self, id: str) -> Optional[StoredArticle]:
        """The stored article ``id``, or None."""

