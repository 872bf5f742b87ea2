"""The survey-return schema: one place for fields, vocabularies and limits.

The reader, the store, the template and the sample generator all take their
columns and allowed values from here.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Term:
    """One value of a controlled vocabulary: a stable key and its labels."""

    key: str
    en: str
    cy: str
    aliases: tuple[str, ...] = ()


def _aliases(text: str) -> tuple[str, ...]:
    """Aliases written as one string, separated by "|" (long lists stay readable)."""
    return tuple(part.strip() for part in text.split("|") if part.strip())


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
    maximum: float | None = None

    def label(self, lang: str = "en") -> str:
        """The field's name in ``lang``."""
        return self.cy if lang == "cy" else self.en

    @property
    def header(self) -> str:
        """The template's header cell: English, a star when required, the Welsh hint."""
        star = " *" if self.required else ""
        return f"{self.en}{star} / {self.cy}"


STATUSES = (
    Term(
        "current",
        "current",
        "cyfredol",
        _aliases(
            "active|running|ongoing|live|operational|in progress|open|presennol|ar waith|gweithredol|"
            "yn weithredol|yn rhedeg|byw|ar agor"
        ),
    ),
    Term(
        "planned",
        "planned",
        "wedi'i gynllunio",
        _aliases(
            "proposed|in development|pilot planned|future|in planning|planning|not yet started|due to start|"
            "coming soon|arfaethedig|cynlluniedig|i ddod|yn y dyfodol|yn yr arfaeth|ar y gweill|"
            "yn cael ei ddatblygu|heb ddechrau eto"
        ),
    ),
    Term(
        "ended",
        "ended",
        "wedi dod i ben",
        _aliases(
            "closed|finished|completed|ceased|stopped|ended early|decommissioned|wedi gorffen|wedi cau|"
            "daeth i ben|ar ben|wedi dod i ben yn gynnar"
        ),
    ),
)

ACTIVITY_CATEGORIES = (
    Term(
        "arts",
        "arts and creativity",
        "celfyddydau a chreadigrwydd",
        _aliases(
            "arts|art|creative arts|music|crafts|craft|arts and crafts|singing|choir|drama|creative writing|"
            "photography|heritage|celf|celfyddydau|celfyddyd|crefft|crefftau|cerddoriaeth|canu|creadigol|"
            "creadigrwydd|arts on prescription"
        ),
    ),
    Term(
        "nature",
        "gardening, nature and green activity",
        "garddio, natur a gweithgarwch gwyrdd",
        _aliases(
            "gardening|green activity|nature|green prescribing|horticulture|allotment|allotments|outdoors|"
            "outdoor activity|conservation|community garden|growing|garddio|natur|gweithgarwch gwyrdd|"
            "awyr agored|rhandir|cadwraeth|tyfu"
        ),
    ),
    Term(
        "physical",
        "physical activity and sport",
        "gweithgarwch corfforol a chwaraeon",
        _aliases(
            "physical activity|exercise|sport|sports|walking|walks|swimming|yoga|dance|dancing|cycling|gym|"
            "exercise referral|ymarfer corff|chwaraeon|cerdded|nofio|ioga|dawnsio|beicio|"
            "gweithgarwch corfforol"
        ),
    ),
    Term(
        "befriending",
        "befriending and social groups",
        "cyfeillio a grwpiau cymdeithasol",
        _aliases(
            "befriending|social groups|peer support|social group|lunch club|men s sheds|mens sheds|social|"
            "peer group|peer groups|coffee morning|"
            "men s shed|social activities|friendship|companionship|cyfeillio|grwpiau cymdeithasol|"
            "cymdeithasu|cefnogaeth cymheiriaid|clwb cinio|sied dynion"
        ),
    ),
    Term(
        "learning",
        "learning and skills",
        "dysgu a sgiliau",
        _aliases(
            "learning|education|skills|courses|digital skills|adult learning|training|dysgu|addysg|sgiliau|"
            "cyrsiau|sgiliau digidol|hyfforddiant"
        ),
    ),
    Term(
        "volunteering", "volunteering", "gwirfoddoli", _aliases("volunteer|volunteers|timebank|timebanking|time bank")
    ),
    Term(
        "cookery",
        "cookery and healthy eating",
        "coginio a bwyta'n iach",
        _aliases("cookery|cooking|healthy eating|nutrition|food|coginio|bwyta n iach|maeth|bwyd"),
    ),
    Term(
        "money",
        "debt, benefits and money advice",
        "cyngor ar ddyledion, budd-daliadau ac arian",
        _aliases(
            "debt advice|benefits advice|money advice|welfare rights|financial advice|debt|benefits|welfare advice|"
            "welfare|"
            "welfare benefits|money|finance|income maximisation|dyled|dyledion|budd daliadau|cyngor ariannol|"
            "cyngor ar ddyledion|hawliau lles|arian"
        ),
    ),
    Term(
        "housing",
        "housing advice",
        "cyngor ar dai",
        _aliases("housing|homelessness|tenancy support|tai|digartrefedd|cyngor tai"),
    ),
    Term(
        "employment",
        "employment support",
        "cymorth cyflogaeth",
        _aliases("employment|jobs|work support|employability|back to work|cyflogaeth|gwaith|swyddi|cyflogadwyedd"),
    ),
    Term(
        "mental_health",
        "mental health and emotional support",
        "cymorth iechyd meddwl ac emosiynol",
        _aliases(
            "mental health|emotional support|wellbeing support|wellbeing|emotional wellbeing|counselling|"
            "talking therapy|mindfulness|iechyd meddwl|cymorth emosiynol|llesiant|cwnsela|"
            "ymwybyddiaeth ofalgar"
        ),
    ),
    Term(
        "self_care",
        "self-care and long-term conditions",
        "hunanofal a chyflyrau hirdymor",
        _aliases("self-care|self care|self management|self-management|self help|hunanofal|hunan reoli|hunangymorth"),
    ),
    Term("other", "other", "arall", _aliases("others")),
)

TARGET_GROUPS = (
    Term(
        "depression_anxiety",
        "mild to moderate depression or anxiety",
        "iselder neu orbryder ysgafn i gymedrol",
        _aliases("depression|anxiety|low mood|mild depression|iselder|gorbryder|hwyliau isel"),
    ),
    Term(
        "long_term_conditions",
        "long-term conditions",
        "cyflyrau hirdymor",
        _aliases("ltc|chronic conditions|long term conditions|chronic illness|cyflyrau cronig"),
    ),
    Term(
        "isolation",
        "social isolation and loneliness",
        "ynysigrwydd cymdeithasol ac unigrwydd",
        _aliases("loneliness|social isolation|isolation|lonely|isolated|unigrwydd|ynysigrwydd|unig"),
    ),
    Term(
        "frequent_attenders",
        "frequent attenders",
        "mynychwyr mynych",
        _aliases("high intensity users|frequent attenders to gp|high users|frequent attenders at the gp"),
    ),
    Term(
        "single_parents",
        "low-income single parents",
        "rhieni sengl ar incwm isel",
        _aliases("single parents|lone parents|rhieni sengl"),
    ),
    Term(
        "bereaved_older",
        "bereaved older people",
        "pobl hŷn sydd wedi cael profedigaeth",
        _aliases("bereaved|bereavement|profedigaeth"),
    ),
    Term("carers", "carers", "gofalwyr", _aliases("unpaid carers|carer|young carers|gofalwr|gofalwyr di dal")),
    Term(
        "older_people",
        "older people",
        "pobl hŷn",
        _aliases("older adults|elderly|over 50s|over 65s|older person|pobl hyn"),
    ),
    Term("young_people", "young people", "pobl ifanc", _aliases("youth|children and young people|young adults")),
    Term(
        "complex_needs",
        "people with complex needs",
        "pobl ag anghenion cymhleth",
        _aliases("complex needs|anghenion cymhleth"),
    ),
    Term("other", "other", "arall"),
)

REFERRAL_ROUTES = (
    Term("gp", "GP", "meddyg teulu", _aliases("general practitioner|gps|gp practice|meddygon teulu|doctor")),
    Term("practice_nurse", "practice nurse", "nyrs practis", _aliases("nurse|nurses|nyrs")),
    Term(
        "other_health",
        "other health professional",
        "gweithiwr iechyd proffesiynol arall",
        _aliases("health professional|allied health professional"),
    ),
    Term(
        "social_services",
        "social services",
        "gwasanaethau cymdeithasol",
        _aliases("social care|social worker|social workers|gwaith cymdeithasol|gofal cymdeithasol"),
    ),
    Term("housing", "housing", "tai", _aliases("housing officer|housing association|cymdeithas dai")),
    Term(
        "third_sector",
        "third sector",
        "trydydd sector",
        _aliases("voluntary sector|charity|charities|voluntary organisations|sector gwirfoddol|elusen"),
    ),
    Term("self", "self-referral", "hunangyfeirio", _aliases("self|self referral|self referrals|hunan atgyfeirio")),
)

FUNDING_SOURCES = (
    Term("health_board", "health board", "bwrdd iechyd", _aliases("lhb|uhb|nhs|thb|bip|bill")),
    Term("welsh_government", "Welsh Government", "Llywodraeth Cymru", _aliases("wg|llc|welsh gov|welsh govt")),
    Term(
        "local_authority",
        "local authority",
        "awdurdod lleol",
        _aliases("council|la|county council|county borough council|cyngor|cyngor sir"),
    ),
    Term(
        "icf_rif",
        "Integrated Care Fund / Regional Integration Fund",
        "Cronfa Gofal Integredig / Cronfa Integreiddio Ranbarthol",
        _aliases(
            "icf|rif|integrated care fund|regional integration fund|cronfa gofal integredig|"
            "cronfa integreiddio ranbarthol|cgi|cir"
        ),
    ),
    Term(
        "lottery",
        "National Lottery",
        "y Loteri Genedlaethol",
        _aliases(
            "lottery|big lottery|national lottery community fund|nlcf|loteri|y loteri|"
            "cronfa gymunedol y loteri genedlaethol"
        ),
    ),
    Term(
        "charitable_trust",
        "charitable trust",
        "ymddiriedolaeth elusennol",
        _aliases("charity|trust|charitable|foundation|ymddiriedolaeth|elusen|sefydliad elusennol"),
    ),
    Term("other", "other", "arall"),
)

OUTCOME_MEASURES = (
    Term("wemwbs", "WEMWBS", "WEMWBS", _aliases("warwick-edinburgh mental wellbeing scale")),
    Term("swemwbs", "SWEMWBS", "SWEMWBS", _aliases("short wemwbs")),
    Term("ons4", "ONS4", "ONS4", _aliases("ons 4|ons personal wellbeing")),
    Term("other", "other", "arall"),
)

YES_NO = (
    Term("yes", "yes", "ydy", _aliases("y|true|1|oes|ie|do|yes in place|in place|ydi")),
    Term("no", "no", "nac ydy", _aliases("n|false|0|nac oes|na|naddo|not yet|none|dim|nac ydi")),
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
    ),
    Field(
        "lead_organisation",
        "Lead organisation",
        "Sefydliad arweiniol",
        "text",
        True,
    ),
    Field(
        "health_board",
        "Health board",
        "Bwrdd iechyd",
        "board",
        True,
    ),
    Field(
        "clusters_served",
        "Clusters served",
        "Clystyrau a wasanaethir",
        "clusters",
        True,
    ),
    Field("status", "Status", "Statws", "choice", True, STATUSES),
    Field(
        "activity_categories",
        "Activity categories",
        "Categorïau gweithgaredd",
        "choices",
        True,
        ACTIVITY_CATEGORIES,
    ),
    Field(
        "target_groups",
        "Target groups",
        "Grwpiau targed",
        "choices",
        vocabulary=TARGET_GROUPS,
    ),
    Field(
        "referral_routes",
        "Referral routes",
        "Llwybrau atgyfeirio",
        "choices",
        vocabulary=REFERRAL_ROUTES,
    ),
    Field(
        "link_worker_fte",
        "Link worker FTE",
        "Gweithwyr cyswllt (CALl)",
        "decimal",
        maximum=MAX_LINK_WORKER_FTE,
    ),
    Field(
        "link_worker_headcount",
        "Link worker headcount",
        "Nifer y gweithwyr cyswllt",
        "integer",
        maximum=MAX_HEADCOUNT,
    ),
    Field(
        "referrals_received",
        "Referrals received",
        "Atgyfeiriadau a dderbyniwyd",
        "integer",
        maximum=MAX_REFERRALS,
    ),
    Field(
        "reporting_period_start",
        "Reporting period start",
        "Dechrau'r cyfnod adrodd",
        "date",
    ),
    Field("reporting_period_end", "Reporting period end", "Diwedd y cyfnod adrodd", "date"),
    Field(
        "funding_sources",
        "Funding sources",
        "Ffynonellau cyllid",
        "choices",
        vocabulary=FUNDING_SOURCES,
    ),
    Field(
        "annual_funding_gbp",
        "Annual funding (£)",
        "Cyllid blynyddol (£)",
        "money",
        maximum=MAX_FUNDING_GBP,
    ),
    Field("start_date", "Start date", "Dyddiad dechrau", "date"),
    Field("end_date", "End date", "Dyddiad gorffen", "date"),
    Field("venue_postcode", "Venue postcode", "Cod post y lleoliad", "postcode"),
    Field("website", "Website", "Gwefan", "url"),
    Field(
        "evaluation_in_place",
        "Evaluation in place",
        "Gwerthusiad ar waith",
        "yesno",
    ),
    Field(
        "outcome_measures",
        "Outcome measures",
        "Mesurau canlyniad",
        "choices",
        vocabulary=OUTCOME_MEASURES,
    ),
    Field("notes", "Notes", "Nodiadau", "text"),
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


# What the template writes and the reader looks for.
PROJECTS_SHEET = "Projects"
DETAILS_SHEET = "Return details"
EXAMPLE_PREFIX = "EXAMPLE (delete this row): "
# How every row read is accounted for: rows_read = the other five added up.
COUNT_KEYS = ("rows_read", "accepted", "accepted_with_warnings", "rejected", "skipped_blank", "skipped_total")


def projects_frame(records: list[dict]) -> pd.DataFrame:
    """Project records as a DataFrame with the schema's columns and types."""
    columns = ["source_file", "source_row", *(f.key for f in FIELDS)]
    frame = pd.DataFrame.from_records(records, columns=columns)
    for f in FIELDS:
        if f.kind == "integer":
            frame[f.key] = frame[f.key].astype("Int64")
        elif f.kind in ("decimal", "money"):
            frame[f.key] = frame[f.key].astype("Float64")
        elif f.kind == "yesno":
            frame[f.key] = frame[f.key].astype("boolean")
        elif f.kind in ("text", "postcode", "url", "date", "board", "choice"):
            frame[f.key] = frame[f.key].astype(object).where(frame[f.key].notna(), None)
    frame["source_row"] = frame["source_row"].astype("int64")
    return frame
