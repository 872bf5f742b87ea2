"""The survey-return schema: one place for fields, vocabularies and limits.

The reader, the store, the template and the sample generator all take their
columns and allowed values from here.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    """One value of a controlled vocabulary: a stable key and its labels."""

    key: str
    en: str
    cy: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Field:
    """One column of the Projects sheet.

    ``kind`` tells the reader how to parse the cell: ``text``, ``board``,
    ``clusters``, ``choice``, ``choices``, ``decimal``, ``integer``, ``money``,
    ``date``, ``yesno``, ``postcode`` or ``url``.
    """

    key: str
    en: str
    cy: str
    kind: str
    required: bool = False
    vocabulary: tuple[Term, ...] = ()
    synonyms: tuple[str, ...] = ()
    maximum: float | None = None

    @property
    def header(self) -> str:
        """The template's header cell: English, a star when required, the Welsh hint."""
        star = " *" if self.required else ""
        return f"{self.en}{star} / {self.cy}"


STATUSES = (
    Term("current", "current", "cyfredol", ("active", "running", "ongoing", "live")),
    Term("planned", "planned", "wedi'i gynllunio", ("proposed", "in development", "pilot planned", "future")),
    Term("ended", "ended", "wedi dod i ben", ("closed", "finished", "completed", "ceased", "stopped")),
)

ACTIVITY_CATEGORIES = (
    Term("arts", "arts and creativity", "celfyddydau a chreadigrwydd", ("arts", "art", "creative arts", "music")),
    Term(
        "nature",
        "gardening, nature and green activity",
        "garddio, natur a gweithgarwch gwyrdd",
        ("gardening", "green activity", "nature", "green prescribing", "horticulture"),
    ),
    Term(
        "physical",
        "physical activity and sport",
        "gweithgarwch corfforol a chwaraeon",
        ("physical activity", "exercise", "sport", "walking"),
    ),
    Term(
        "befriending",
        "befriending and social groups",
        "cyfeillio a grwpiau cymdeithasol",
        ("befriending", "social groups", "peer support"),
    ),
    Term("learning", "learning and skills", "dysgu a sgiliau", ("learning", "education", "skills")),
    Term("volunteering", "volunteering", "gwirfoddoli", ()),
    Term("cookery", "cookery and healthy eating", "coginio a bwyta'n iach", ("cookery", "cooking", "healthy eating")),
    Term(
        "money",
        "debt, benefits and money advice",
        "cyngor ar ddyledion, budd-daliadau ac arian",
        ("debt advice", "benefits advice", "money advice", "welfare rights", "financial advice"),
    ),
    Term("housing", "housing advice", "cyngor ar dai", ("housing",)),
    Term("employment", "employment support", "cymorth cyflogaeth", ("employment", "jobs", "work support")),
    Term(
        "mental_health",
        "mental health and emotional support",
        "cymorth iechyd meddwl ac emosiynol",
        ("mental health", "emotional support", "wellbeing support"),
    ),
    Term(
        "self_care",
        "self-care and long-term conditions",
        "hunanofal a chyflyrau hirdymor",
        ("self-care", "self care", "self management"),
    ),
    Term("other", "other", "arall", ()),
)

TARGET_GROUPS = (
    Term(
        "depression_anxiety",
        "mild to moderate depression or anxiety",
        "iselder neu orbryder ysgafn i gymedrol",
        ("depression", "anxiety", "low mood"),
    ),
    Term("long_term_conditions", "long-term conditions", "cyflyrau hirdymor", ("ltc", "chronic conditions")),
    Term(
        "isolation",
        "social isolation and loneliness",
        "ynysigrwydd cymdeithasol ac unigrwydd",
        ("loneliness", "social isolation", "isolation"),
    ),
    Term("frequent_attenders", "frequent attenders", "mynychwyr mynych", ("high intensity users",)),
    Term("single_parents", "low-income single parents", "rhieni sengl ar incwm isel", ("single parents",)),
    Term("bereaved_older", "bereaved older people", "pobl hŷn sydd wedi cael profedigaeth", ("bereaved",)),
    Term("carers", "carers", "gofalwyr", ("unpaid carers",)),
    Term("older_people", "older people", "pobl hŷn", ("older adults", "elderly")),
    Term("young_people", "young people", "pobl ifanc", ("youth", "children and young people")),
    Term("complex_needs", "people with complex needs", "pobl ag anghenion cymhleth", ("complex needs",)),
    Term("other", "other", "arall", ()),
)

REFERRAL_ROUTES = (
    Term("gp", "GP", "meddyg teulu", ("general practitioner", "gps")),
    Term("practice_nurse", "practice nurse", "nyrs practis", ("nurse",)),
    Term(
        "other_health",
        "other health professional",
        "gweithiwr iechyd proffesiynol arall",
        ("health professional", "allied health professional"),
    ),
    Term("social_services", "social services", "gwasanaethau cymdeithasol", ("social care", "social worker")),
    Term("housing", "housing", "tai", ("housing officer", "housing association")),
    Term("third_sector", "third sector", "trydydd sector", ("voluntary sector", "charity")),
    Term("self", "self-referral", "hunangyfeirio", ("self", "self referral")),
)

FUNDING_SOURCES = (
    Term("health_board", "health board", "bwrdd iechyd", ("lhb", "uhb", "nhs")),
    Term("welsh_government", "Welsh Government", "Llywodraeth Cymru", ("wg",)),
    Term("local_authority", "local authority", "awdurdod lleol", ("council", "la")),
    Term(
        "icf_rif",
        "Integrated Care Fund / Regional Integration Fund",
        "Cronfa Gofal Integredig / Cronfa Integreiddio Ranbarthol",
        ("icf", "rif", "integrated care fund", "regional integration fund"),
    ),
    Term(
        "lottery",
        "National Lottery",
        "y Loteri Genedlaethol",
        ("lottery", "big lottery", "national lottery community fund"),
    ),
    Term("charitable_trust", "charitable trust", "ymddiriedolaeth elusennol", ("charity", "trust", "charitable")),
    Term("other", "other", "arall", ()),
)

OUTCOME_MEASURES = (
    Term("wemwbs", "WEMWBS", "WEMWBS", ("warwick-edinburgh mental wellbeing scale",)),
    Term("swemwbs", "SWEMWBS", "SWEMWBS", ("short wemwbs",)),
    Term("ons4", "ONS4", "ONS4", ("ons 4", "ons personal wellbeing")),
    Term("other", "other", "arall", ()),
)

YES_NO = (
    Term("yes", "yes", "ydy", ("y", "true", "1", "oes", "ie")),
    Term("no", "no", "nac ydy", ("n", "false", "0", "nac oes", "na")),
)

# Written in a cell instead of a value; the reader treats them as missing, with a warning.
MISSING_TOKENS = ("n/k", "nk", "n/a", "na", "unknown", "not known", "-", "--", "tbc", "tbd", "?", "anhysbys")

MAX_LINK_WORKER_FTE = 50.0
MAX_HEADCOUNT = 200
MAX_REFERRALS = 100_000
MAX_FUNDING_GBP = 50_000_000

FIELDS: tuple[Field, ...] = (
    Field(
        "project_name",
        "Project name",
        "Enw'r prosiect",
        "text",
        True,
        synonyms=("name of scheme", "project title", "scheme name", "scheme", "project"),
    ),
    Field(
        "lead_organisation",
        "Lead organisation",
        "Sefydliad arweiniol",
        "text",
        True,
        synonyms=("organisation", "lead organization", "provider", "delivered by", "lead body"),
    ),
    Field(
        "health_board",
        "Health board",
        "Bwrdd iechyd",
        "board",
        True,
        synonyms=("lhb", "uhb", "local health board", "board"),
    ),
    Field(
        "clusters_served",
        "Clusters served",
        "Clystyrau a wasanaethir",
        "clusters",
        True,
        synonyms=("cluster", "clusters", "cluster(s)", "primary care cluster", "area served"),
    ),
    Field("status", "Status", "Statws", "choice", True, STATUSES, synonyms=("project status", "current or planned")),
    Field(
        "activity_categories",
        "Activity categories",
        "Categorïau gweithgaredd",
        "choices",
        True,
        ACTIVITY_CATEGORIES,
        synonyms=("activity category", "activities", "type of activity", "category"),
    ),
    Field(
        "target_groups",
        "Target groups",
        "Grwpiau targed",
        "choices",
        vocabulary=TARGET_GROUPS,
        synonyms=("target group", "client group", "who is it for"),
    ),
    Field(
        "referral_routes",
        "Referral routes",
        "Llwybrau atgyfeirio",
        "choices",
        vocabulary=REFERRAL_ROUTES,
        synonyms=("referral route", "referred by", "referral sources", "who can refer"),
    ),
    Field(
        "link_worker_fte",
        "Link worker FTE",
        "Gweithwyr cyswllt (CALl)",
        "decimal",
        maximum=MAX_LINK_WORKER_FTE,
        synonyms=(
            "no of link workers fte",
            "link worker wte",
            "link workers fte",
            "fte",
            "wte",
            "number of link workers fte",
        ),
    ),
    Field(
        "link_worker_headcount",
        "Link worker headcount",
        "Nifer y gweithwyr cyswllt",
        "integer",
        maximum=MAX_HEADCOUNT,
        synonyms=("no of link workers", "number of link workers", "link workers"),
    ),
    Field(
        "referrals_received",
        "Referrals received",
        "Atgyfeiriadau a dderbyniwyd",
        "integer",
        maximum=MAX_REFERRALS,
        synonyms=("number of referrals", "referrals", "no of referrals"),
    ),
    Field(
        "reporting_period_start",
        "Reporting period start",
        "Dechrau'r cyfnod adrodd",
        "date",
        synonyms=("period from", "from"),
    ),
    Field(
        "reporting_period_end", "Reporting period end", "Diwedd y cyfnod adrodd", "date", synonyms=("period to", "to")
    ),
    Field(
        "funding_sources",
        "Funding sources",
        "Ffynonellau cyllid",
        "choices",
        vocabulary=FUNDING_SOURCES,
        synonyms=("funding source", "funded by", "funder", "funding"),
    ),
    Field(
        "annual_funding_gbp",
        "Annual funding (£)",
        "Cyllid blynyddol (£)",
        "money",
        maximum=MAX_FUNDING_GBP,
        synonyms=("annual funding", "funding amount", "budget", "annual budget"),
    ),
    Field("start_date", "Start date", "Dyddiad dechrau", "date", synonyms=("started", "date started")),
    Field("end_date", "End date", "Dyddiad gorffen", "date", synonyms=("ends", "date ended", "finish date")),
    Field("venue_postcode", "Venue postcode", "Cod post y lleoliad", "postcode", synonyms=("postcode", "venue")),
    Field("website", "Website", "Gwefan", "url", synonyms=("web", "url", "web address")),
    Field(
        "evaluation_in_place",
        "Evaluation in place",
        "Gwerthusiad ar waith",
        "yesno",
        synonyms=("evaluation", "evaluated"),
    ),
    Field(
        "outcome_measures",
        "Outcome measures",
        "Mesurau canlyniad",
        "choices",
        vocabulary=OUTCOME_MEASURES,
        synonyms=("outcome measure", "outcomes", "measures used"),
    ),
    Field("notes", "Notes", "Nodiadau", "text", synonyms=("comments", "other information", "sylwadau")),
)

FIELD_BY_KEY = {f.key: f for f in FIELDS}
REQUIRED = tuple(f.key for f in FIELDS if f.required)
LIST_FIELDS = tuple(f.key for f in FIELDS if f.kind in ("choices", "clusters"))

# Details of the return as a whole, on the template's "Return details" sheet.
RETURN_DETAILS = (
    ("health_board", "Health board", "Bwrdd iechyd"),
    ("round", "Survey round", "Cylch yr arolwg"),
    ("date_returned", "Date returned", "Dyddiad dychwelyd"),
    ("returned_by", "Returned by (role)", "Dychwelwyd gan (rôl)"),
)

ALL_CLUSTERS = "All"
ROUND_PATTERN = re.compile(r"^\d{4}-\d{2}$|^[a-z0-9][a-z0-9_.-]{0,31}$")


@functools.lru_cache(maxsize=8192)
def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    text = text.replace("&", " and ").replace("'", "").replace("\u2019", "")
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def normalise_label(text: object) -> str:
    """Case-, accent- and punctuation-insensitive form of a header or label."""
    return _normalise(str(text))


def _header_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for f in FIELDS:
        for label in (f.key, f.en, f.cy, f.header, *f.synonyms):
            index.setdefault(normalise_label(label), f.key)
    return index


_HEADERS = _header_index()


def match_header(text: object) -> str | None:
    """The field key a header cell names, or None.

    Accepts the template's bilingual header, the English or Welsh part alone, the
    field key, and known synonyms, ignoring case, punctuation and a trailing year
    ("Referrals 2016/17").

    >>> match_header("No. of link workers (FTE)")
    'link_worker_fte'
    >>> match_header("Enw'r prosiect")
    'project_name'
    """
    if text is None:
        return None
    raw = str(text).replace("*", " ")
    candidates = [raw, *raw.split(" / ")]
    for candidate in candidates:
        norm = normalise_label(candidate)
        if norm in _HEADERS:
            return _HEADERS[norm]
        no_year = re.sub(r"\b(19|20)\d\d( \d\d(\d\d)?)?\b", " ", norm)
        no_year = re.sub(r"\s+", " ", no_year).strip()
        if no_year in _HEADERS:
            return _HEADERS[no_year]
    return None


@functools.cache
def vocabulary_index(terms: tuple[Term, ...]) -> dict[str, str]:
    """Normalised label, Welsh label, key or alias -> term key."""
    index: dict[str, str] = {}
    for term in terms:
        for label in (term.key, term.en, term.cy, *term.aliases):
            index.setdefault(normalise_label(label), term.key)
    return index


def labels(terms: tuple[Term, ...], lang: str = "en") -> dict[str, str]:
    """Key -> label of every term of a vocabulary, in ``lang``."""
    return {term.key: (term.cy if lang == "cy" else term.en) for term in terms}


def label(terms: tuple[Term, ...], key: str, lang: str = "en") -> str:
    """The label of a vocabulary key in ``lang``."""
    for term in terms:
        if term.key == key:
            return term.cy if lang == "cy" else term.en
    raise KeyError(key)
