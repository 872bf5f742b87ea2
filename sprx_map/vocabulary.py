"""Controlled vocabularies: the allowed values of the return's lists, each a stable key with the other ways
people write it, and the one way labels are compared. A term's labels, in English and Welsh, are catalogue
entries (``term.<vocabulary>.<key>``), worded with the rest of the interface.

The lowest layer of the return's description: cell parsing (:mod:`sprx_map.cells`) reads values against
these, and the fields (:mod:`sprx_map.schema`) name which vocabulary each list uses.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from sprx_map.i18n import t


class Labelled:
    """Something whose name is a catalogue entry (``catalogue_key``), worded in each language."""

    catalogue_key: str

    def label(self, lang: str = "en") -> str:
        """The name in ``lang``."""
        return t(self.catalogue_key, lang)

    @property
    def en(self) -> str:
        """The English name."""
        return self.label("en")

    @property
    def cy(self) -> str:
        """The Welsh name."""
        return self.label("cy")


@dataclass(frozen=True)
class Term(Labelled):
    """One value of a controlled vocabulary: its vocabulary's name, a stable key and the other ways people write
    it; its labels are the catalogue's ``term.<vocabulary>.<key>``."""

    vocabulary: str
    key: str
    aliases: tuple[str, ...] = ()

    @property
    def catalogue_key(self) -> str:
        return f"term.{self.vocabulary}.{self.key}"


def _aliases(text: str) -> tuple[str, ...]:
    """Aliases written as one string, separated by "|" (long lists stay readable)."""
    return tuple(part.strip() for part in text.split("|") if part.strip())


STATUSES = (
    Term(
        "status",
        "current",
        _aliases(
            "active|running|ongoing|live|operational|in progress|open|presennol|ar waith|gweithredol|"
            "yn weithredol|yn rhedeg|byw|ar agor"
        ),
    ),
    Term(
        "status",
        "planned",
        _aliases(
            "proposed|in development|pilot planned|future|in planning|planning|not yet started|due to start|"
            "coming soon|arfaethedig|cynlluniedig|i ddod|yn y dyfodol|yn yr arfaeth|ar y gweill|"
            "yn cael ei ddatblygu|heb ddechrau eto"
        ),
    ),
    Term(
        "status",
        "ended",
        _aliases(
            "closed|finished|completed|ceased|stopped|ended early|decommissioned|wedi gorffen|wedi cau|"
            "daeth i ben|ar ben|wedi dod i ben yn gynnar"
        ),
    ),
)

ACTIVITY_CATEGORIES = (
    Term(
        "activity_category",
        "arts",
        _aliases(
            "arts|art|creative arts|music|crafts|craft|arts and crafts|singing|choir|drama|creative writing|"
            "photography|heritage|celf|celfyddydau|celfyddyd|crefft|crefftau|cerddoriaeth|canu|creadigol|"
            "creadigrwydd|arts on prescription"
        ),
    ),
    Term(
        "activity_category",
        "nature",
        _aliases(
            "gardening|green activity|nature|green prescribing|horticulture|allotment|allotments|outdoors|"
            "outdoor activity|conservation|community garden|growing|garddio|natur|gweithgarwch gwyrdd|"
            "awyr agored|rhandir|cadwraeth|tyfu"
        ),
    ),
    Term(
        "activity_category",
        "physical",
        _aliases(
            "physical activity|exercise|sport|sports|walking|walks|swimming|yoga|dance|dancing|cycling|gym|"
            "exercise referral|ymarfer corff|chwaraeon|cerdded|nofio|ioga|dawnsio|beicio|"
            "gweithgarwch corfforol"
        ),
    ),
    Term(
        "activity_category",
        "befriending",
        _aliases(
            "befriending|social groups|peer support|social group|lunch club|men s sheds|mens sheds|social|"
            "peer group|peer groups|coffee morning|"
            "men s shed|social activities|friendship|companionship|cyfeillio|grwpiau cymdeithasol|"
            "cymdeithasu|cefnogaeth cymheiriaid|clwb cinio|sied dynion"
        ),
    ),
    Term(
        "activity_category",
        "learning",
        _aliases(
            "learning|education|skills|courses|digital skills|adult learning|training|dysgu|addysg|sgiliau|"
            "cyrsiau|sgiliau digidol|hyfforddiant"
        ),
    ),
    Term("activity_category", "volunteering", _aliases("volunteer|volunteers|timebank|timebanking|time bank")),
    Term(
        "activity_category",
        "cookery",
        _aliases("cookery|cooking|healthy eating|nutrition|food|coginio|bwyta n iach|maeth|bwyd"),
    ),
    Term(
        "activity_category",
        "money",
        _aliases(
            "debt advice|benefits advice|money advice|welfare rights|financial advice|debt|benefits|welfare advice|"
            "welfare|"
            "welfare benefits|money|finance|income maximisation|dyled|dyledion|budd daliadau|cyngor ariannol|"
            "cyngor ar ddyledion|hawliau lles|arian"
        ),
    ),
    Term("activity_category", "housing", _aliases("housing|homelessness|tenancy support|tai|digartrefedd|cyngor tai")),
    Term(
        "activity_category",
        "employment",
        _aliases("employment|jobs|work support|employability|back to work|cyflogaeth|gwaith|swyddi|cyflogadwyedd"),
    ),
    Term(
        "activity_category",
        "mental_health",
        _aliases(
            "mental health|emotional support|wellbeing support|wellbeing|emotional wellbeing|counselling|"
            "talking therapy|mindfulness|iechyd meddwl|cymorth emosiynol|llesiant|cwnsela|"
            "ymwybyddiaeth ofalgar"
        ),
    ),
    Term(
        "activity_category",
        "self_care",
        _aliases("self-care|self care|self management|self-management|self help|hunanofal|hunan reoli|hunangymorth"),
    ),
    Term("activity_category", "other", _aliases("others")),
)

TARGET_GROUPS = (
    Term(
        "target_group",
        "depression_anxiety",
        _aliases("depression|anxiety|low mood|mild depression|iselder|gorbryder|hwyliau isel"),
    ),
    Term(
        "target_group",
        "long_term_conditions",
        _aliases("ltc|chronic conditions|long term conditions|chronic illness|cyflyrau cronig"),
    ),
    Term(
        "target_group",
        "isolation",
        _aliases("loneliness|social isolation|isolation|lonely|isolated|unigrwydd|ynysigrwydd|unig"),
    ),
    Term(
        "target_group",
        "frequent_attenders",
        _aliases("high intensity users|frequent attenders to gp|high users|frequent attenders at the gp"),
    ),
    Term("target_group", "single_parents", _aliases("single parents|lone parents|rhieni sengl")),
    Term("target_group", "bereaved_older", _aliases("bereaved|bereavement|profedigaeth")),
    Term("target_group", "carers", _aliases("unpaid carers|carer|young carers|gofalwr|gofalwyr di dal")),
    Term("target_group", "older_people", _aliases("older adults|elderly|over 50s|over 65s|older person|pobl hyn")),
    Term("target_group", "young_people", _aliases("youth|children and young people|young adults")),
    Term("target_group", "complex_needs", _aliases("complex needs|anghenion cymhleth")),
    Term("target_group", "other"),
)

REFERRAL_ROUTES = (
    Term("referral_route", "gp", _aliases("general practitioner|gps|gp practice|meddygon teulu|doctor")),
    Term("referral_route", "practice_nurse", _aliases("nurse|nurses|nyrs")),
    Term("referral_route", "other_health", _aliases("health professional|allied health professional")),
    Term(
        "referral_route",
        "social_services",
        _aliases("social care|social worker|social workers|gwaith cymdeithasol|gofal cymdeithasol"),
    ),
    Term("referral_route", "housing", _aliases("housing officer|housing association|cymdeithas dai")),
    Term(
        "referral_route",
        "third_sector",
        _aliases("voluntary sector|charity|charities|voluntary organisations|sector gwirfoddol|elusen"),
    ),
    Term("referral_route", "self", _aliases("self|self referral|self referrals|hunan atgyfeirio|hunangyfeirio")),
    # A link worker referring on to an activity: such referrals are onward ones (sprx_map.referrals).
    Term(
        "referral_route",
        "link_worker",
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
        "project_type",
        "link_worker_service",
        _aliases(
            "link worker service|link worker|link workers|social prescribing service|social prescriber|"
            "community connector service|community connectors|gwasanaeth gweithiwr cyswllt|gweithwyr cyswllt|"
            "gwasanaeth rhagnodi cymdeithasol"
        ),
    ),
    Term(
        "project_type",
        "community_activity",
        _aliases(
            "community activity|community service|activity|service|community group|group|"
            "gweithgaredd cymunedol|gwasanaeth cymunedol|gweithgaredd|grwp cymunedol"
        ),
    ),
    Term("project_type", "both", _aliases("both of these|link worker service and activity|y ddwy|y naill a'r llall")),
)

FUNDING_SOURCES = (
    Term("funding_source", "health_board", _aliases("lhb|uhb|nhs|thb|bip|bill")),
    Term("funding_source", "welsh_government", _aliases("wg|llc|welsh gov|welsh govt")),
    Term(
        "funding_source",
        "local_authority",
        _aliases("council|la|county council|county borough council|cyngor|cyngor sir"),
    ),
    Term(
        "funding_source",
        "icf_rif",
        _aliases(
            "icf|rif|integrated care fund|regional integration fund|cronfa gofal integredig|"
            "cronfa integreiddio ranbarthol|cgi|cir"
        ),
    ),
    Term(
        "funding_source",
        "lottery",
        _aliases(
            "lottery|big lottery|national lottery community fund|nlcf|loteri|y loteri|"
            "cronfa gymunedol y loteri genedlaethol"
        ),
    ),
    Term(
        "funding_source",
        "charitable_trust",
        _aliases("charity|trust|charitable|foundation|ymddiriedolaeth|elusen|sefydliad elusennol"),
    ),
    Term("funding_source", "other"),
)

OUTCOME_MEASURES = (
    Term("outcome_measure", "wemwbs", _aliases("warwick-edinburgh mental wellbeing scale")),
    Term("outcome_measure", "swemwbs", _aliases("short wemwbs")),
    Term("outcome_measure", "ons4", _aliases("ons 4|ons personal wellbeing")),
    Term("outcome_measure", "other"),
)

YES_NO = (
    Term("yes_no", "yes", _aliases("y|true|1|oes|ie|do|yes in place|in place|ydi")),
    Term("yes_no", "no", _aliases("n|false|0|nac oes|na|naddo|not yet|none|dim|nac ydi")),
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
    return {term.key: term.label(lang) for term in terms}


def label(terms: tuple[Term, ...], key: str, lang: str = "en") -> str:
    """The label of a vocabulary key in ``lang``."""
    for term in terms:
        if term.key == key:
            return term.label(lang)
    raise KeyError(key)
