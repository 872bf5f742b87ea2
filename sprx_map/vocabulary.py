"""Controlled vocabularies: the allowed values of the return's lists, each a stable key with its labels in
English and Welsh and the other ways people write it, and the one way labels are compared.

The lowest layer of the return's description: cell parsing (:mod:`sprx_map.cells`) reads values against
these, and the fields (:mod:`sprx_map.schema`) name which vocabulary each list uses.
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


def _aliases(text: str) -> tuple[str, ...]:
    """Aliases written as one string, separated by "|" (long lists stay readable)."""
    return tuple(part.strip() for part in text.split("|") if part.strip())


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
    # A link worker referring on to an activity: such referrals are onward ones (sprx_map.referrals).
    Term(
        "link_worker",
        "link worker / social prescriber / community connector",
        "gweithiwr cyswllt / rhagnodydd cymdeithasol / cysylltydd cymunedol",
        _aliases(
            "link worker|link workers|social prescriber|social prescribers|community connector|community connectors|"
            "community navigator|community navigators|social prescribing link worker|gweithiwr cyswllt|"
            "gweithwyr cyswllt|rhagnodydd cymdeithasol|rhagnodwyr cymdeithasol|cysylltydd cymunedol|"
            "cysylltwyr cymunedol"
        ),
    ),
)

# What a project is on the social prescribing pathway (sprx_map.referrals): a link-worker service receives
# referrals to social prescribing; a community activity or service may also receive them onward from link workers.
PROJECT_TYPES = (
    Term(
        "link_worker_service",
        "link-worker service",
        "gwasanaeth gweithwyr cyswllt",
        _aliases(
            "link worker service|link worker|link workers|social prescribing service|social prescriber|"
            "community connector service|community connectors|gwasanaeth gweithiwr cyswllt|gweithwyr cyswllt|"
            "gwasanaeth rhagnodi cymdeithasol"
        ),
    ),
    Term(
        "community_activity",
        "community activity or service",
        "gweithgaredd neu wasanaeth cymunedol",
        _aliases(
            "community activity|community service|activity|service|community group|group|"
            "gweithgaredd cymunedol|gwasanaeth cymunedol|gweithgaredd|grwp cymunedol"
        ),
    ),
    Term("both", "both", "y ddau", _aliases("both of these|link worker service and activity|y ddwy|y naill a'r llall")),
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
# Clusters served: every cluster of the project's board.
ALL_CLUSTERS = "All"
MISSING_TOKENS = ("n/k", "nk", "n/a", "na", "unknown", "not known", "-", "--", "tbc", "tbd", "?", "anhysbys")


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
