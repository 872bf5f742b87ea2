"""Reading a return's column headings by their words, as an officer would.

A heading is normalised (case, accents, punctuation, plurals, years and periods,
units), split into words, and each word or phrase is named as a *concept*
("referral", "route", "fte", ...) from a vocabulary in English and Welsh. A
field is read from the concepts a heading names: each field *needs* one of a
few sets of concepts and *allows* a few more; a heading that names anything else
is not read into it. So "Referral routes" is never read as referrals received,
"Number of link workers (FTE)" never as headcount, and "Contact email" as
nothing at all. Words not in the vocabulary are forgiven one typo (rapidfuzz's
optimal string alignment distance) or a Welsh mutation ("fwrdd" for "bwrdd");
each word left unknown lowers the confidence.

Every heading gets a :class:`Reading`: the field (or none), how it was read and
with what confidence, and the words it was recognised by.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import OSA

from sprx_map import schema

# How a heading came to be read as a field (or not).
EXACT, WORDS, VALUES, SAVED, USER = "exact", "words", "values", "saved", "user"
IGNORED, AMBIGUOUS, DUPLICATE = "ignored", "ambiguous", "duplicate"
HOWS = (EXACT, WORDS, VALUES, SAVED, USER, IGNORED, AMBIGUOUS, DUPLICATE)
# Below this a heading is not read into a field (its best guess is still reported).
MIN_CONFIDENCE = 0.6
UNKNOWN_WORD_FACTOR = 0.85  # each word the vocabulary does not know
WEAK_FACTOR = 0.8  # a reading by a weak set of words ("Name", "Venue", "From")
# A heading is read from its first this many characters: the longest headings seen are about 120, and every
# word read costs a look through the vocabulary, so a cell of thousands is not read whole.
MAX_HEADING = 500


def _phrases(*groups: str) -> tuple[str, ...]:
    return tuple(p.strip() for group in groups for p in group.split("|") if p.strip())


# Concept -> phrases naming it, English then Welsh (normalised when the index is built).
CONCEPTS: dict[str, tuple[str, ...]] = {
    "project": _phrases(
        "project|scheme|service|initiative|programme|program|pilot|social prescribing scheme",
        "prosiect|cynllun|gwasanaeth|menter|rhaglen|cynllun peilot",
    ),
    "name": _phrases("name|title|called", "enw|teitl"),
    "organisation": _phrases(
        "organisation|organization|org|agency|provider|host|hosted by|host organisation|delivered by|"
        "delivery organisation|delivery partner|run by|who runs|managed by|lead body|body|deliverer|"
        "who delivers|provided by|charity|lead charity|voluntary organisation|third sector organisation",
        "sefydliad|darparwr|asiantaeth|corff|darperir gan|darparu|darparir gan|cynnal|"
        "yn cael ei ddarparu gan|cyflenwir gan|yn cael ei redeg gan|pwy sy n rhedeg|pwy sy n cynnal|pwy sy n darparu|"
        "elusen|elusen arweiniol",
    ),
    "lead": _phrases("lead|leading|main|principal|led by", "arweiniol|arwain|prif"),
    "board": _phrases(
        "health board|lhb|uhb|thb|hb|board|local health board|university health board|nhs board|hlth bd|bd|"
        "health bd|hlth board|"
        "teaching health board|lhb area|health body",
        "bwrdd iechyd|bwrdd|bwrdd iechyd lleol|bwrdd iechyd prifysgol|bill|bip|byrddau iechyd|byrddau",
    ),
    "cluster": _phrases(
        "cluster|gp cluster|primary care cluster|locality|localities|pcn|primary care network|cluster area|"
        "neighbourhood care network|ncn|neighbourhood network",
        "clwstwr|clystyrau|clwstwr meddygon teulu|clwstwr gofal sylfaenol",
    ),
    "area": _phrases("area|geography|patch|footprint", "ardal|ardaloedd"),
    "served": _phrases(
        "served|serve|serves|covered|cover|covers|coverage|reach|geographical area|geographic area|area served",
        "a wasanaethir|wasanaethir|gwasanaethu|a gwmpesir|cwmpesir|cwmpasu|ardal ddaearyddol",
    ),
    "status": _phrases(
        "status|stage|phase|project stage|state of play",
        "statws|cam|cyfnod y prosiect",
    ),
    "status_value": _phrases(
        "current|live|active|ongoing|operational|running|in development|current or planned|still running|"
        "up and running",
        "presennol|cyfredol|gweithredol|ar waith ar hyn o bryd|cynlluniedig|dal i redeg|yn rhedeg|rhedeg",
    ),
    "activity": _phrases(
        "activity|activities|category|intervention|type of intervention|type of activity|activity type|"
        "what does the project offer|offer|offers|offered|provision|support offered|theme|prescription|"
        "type of service|service type",
        "gweithgaredd|gweithgareddau|categori|ymyriad|ymyrraeth|a gynigir|cynnig|darpariaeth|thema",
    ),
    "type": _phrases("type|kind|nature|form of", "math|mathau"),
    "support": _phrases("support|help|support provided|support type", "cymorth|cefnogaeth"),
    "target": _phrases(
        "target group|target|client group|cohort|who is it for|who for|who is the project for|beneficiary|"
        "beneficiaries|eligibility|eligible|population group|target population|patient group|age range|"
        "age group|client|user group|service users|who can benefit|who benefits|population served|"
        "people served|intended for|aimed at|designed for|for whom|who is it aimed at|tgt|tgt grp|tgt group|"
        "target grp|priority group|priority population|priority cohort|group of people",
        "grwpiau blaenoriaeth|grwp blaenoriaeth|grwp targed|targed|grwpiau targed|grwp cleientiaid|cleientiaid|"
        "buddiolwyr|cymhwysedd|ar gyfer pwy|"
        "pwy all elwa|elwa|carfan|grwp cleifion|ar gyfer pwy mae r prosiect",
    ),
    "referral": _phrases(
        "referral|referrals|refer|referred|referring|referrals made|people referred|refs|refls",
        "atgyfeiriad|atgyfeiriadau|atgyfeirio|atgyfeiriwyd|a atgyfeiriwyd|atgyf",
    ),
    "route": _phrases(
        "route|routes|pathway|referrer|access|routes in|route in|self referral|method of referral|channel",
        "llwybr|llwybrau|atgyfeirwyr|atgyfeiriwr|hunangyfeirio",
    ),
    "source": _phrases("source|sources|origin", "ffynhonnell|ffynonellau"),
    "count": _phrases(
        "number|no|nr|num|total|count|how many|volume|n|quantity|numbers|sum of",
        "nifer|cyfanswm|sawl|rhif|faint o",
    ),
    "received": _phrases(
        "received|receive|rec|recd|rec d|new|made|in period|received in period",
        "a dderbyniwyd|dderbyniwyd|derbyniwyd|a ddaeth i law|ddaeth i law|a geir|newydd",
    ),
    "linkworker": _phrases(
        "link worker|link workers|linkworker|link worker post|community connector|connector|"
        "social prescriber|social prescribing link worker|splw|clw|community link worker|navigator|"
        "community navigator|care navigator|wellbeing connector|community links practitioner|"
        "links practitioner|social prescribing worker|link officer|lw|lws|lw s|social prescribers",
        "gweithiwr cyswllt|gweithwyr cyswllt|cysylltydd cymunedol|cysylltwyr cymunedol|cysylltydd|"
        "presgripsiynydd cymdeithasol|presgripsiynwyr cymdeithasol|presgripsiynwyr|llywiwr|rhagnodwr|rhagnodwyr|"
        "rhagnodydd cymdeithasol|rhagnodwyr cymdeithasol",
    ),
    "staff": _phrases(
        "staff|staffing|role|post|posts|employee|staff in post|worker|workers|employed",
        "staff|swyddi|gweithiwr|gweithwyr|staff mewn swydd",
    ),
    "fte": _phrases(
        "fte|wte|whole time equivalent|full time equivalent|whole time|full time|fte posts",
        "call|cyfwerth ag amser llawn|cyfwerth amser llawn|amser llawn|cal",
    ),
    "headcount": _phrases(
        "headcount|head count|heads|number of staff|staff numbers|individuals|people not fte|hc",
        "cyfrif pennau|pennau|unigolion",
    ),
    "people": _phrases("people|persons|person", "pobl|bobl"),
    "funding": _phrases(
        "funding|funded|fund|funds|grant|finance|financial|money|investment",
        "cyllid|ariannu|ariennir|arian|grant|cyllido|ariannol",
    ),
    "funder": _phrases(
        "funder|funders|funded by|funding body|funding stream|funding streams|who funds|commissioner|"
        "commissioned by|funding partner|paid for by|source of funding",
        "ariennir gan|cyllidwr|cyllidwyr|ffrwd ariannu|comisiynwyd gan|comisiynydd|ariannu gan|cyllidir gan|"
        "pwy sy n ariannu|a ariennir gan",
    ),
    "amount": _phrases("amount|amt|value|how much|sum|allocation|allocated|level of funding", "swm|gwerth|faint"),
    "budget": _phrases(
        "budget|gbp|pounds|annual cost|funding amount|grant amount|annual value|cost to run|running cost",
        "cyllideb|punnoedd",
    ),
    "annual": _phrases(
        "annual|annually|per annum|p a|per year|yearly|a year|each year|every year|a yr",
        "blynyddol|y flwyddyn|bob blwyddyn|y flwyddyn ariannol",
    ),
    "start": _phrases(
        "start|started|starting|began|begin|commenced|commence|commencement|launch|launched|opened|since|"
        "go live|went live|start up|beginning|commencing|established|date established|first established",
        "dechrau|cychwyn|dechreuodd|dechreuwyd|dechrau r",
    ),
    "end": _phrases(
        "end|ends|ended|ending|finish|finished|finishes|closure|closed|close|until|expiry|expires|"
        "funded until|end of funding|will end|cessation|ceased|decommission|decommissioned|closing|wind down",
        "diwedd|gorffen|dod i ben|i ben|tan|cau|daw i ben|daeth i ben",
    ),
    "from": _phrases("from|from date|date from|valid from", "o"),
    "to": _phrases("to|up to|date to|valid to", "i|hyd at"),
    "date": _phrases("date|dates|when|day|dt", "dyddiad|dyddiadau|pryd"),
    "period": _phrases(
        "reporting period|period|reporting|data period|period covered|return period|data collection|"
        "collection period|monitoring period|rp|rpt period|rpt|quarter|month|reporting quarter|reporting month|"
        "claim period|period of claim|cyfnod yr hawliad|cyfnod hawlio|rep per|rep period|rpt per",
        "cyfnod|cyfnod adrodd|adrodd|cyfnod casglu data",
    ),
    "postcode": _phrases("postcode|post code|postal code|zip|pcode|p code", "cod post"),
    "venue": _phrases(
        "venue|site|premises|base|where based|held|where held|located|location|takes place|meet|meets|hall|"
        "community hall|church hall",
        "lleoliad|safle|man cyfarfod|lle cyfarfod|man cwrdd",
    ),
    "website": _phrases(
        "website|web site|web address|url|web|webpage|web page|online|internet|homepage|facebook|facebook page",
        "gwefan|cyfeiriad gwefan|cyfeiriad gwe|tudalen we|gwe",
    ),
    "evaluation": _phrases(
        "evaluation|evaluated|evaluate|evaluating|evaluation in place|evaluation plan|eval",
        "gwerthusiad|gwerthuso|gwerthuswyd|gwerthusiad ar waith",
    ),
    "outcome": _phrases(
        "outcome|outcome measure|measure|measures|measured|measurement|measuring|tool|scale|wemwbs|swemwbs|"
        "ons4|ons 4|prom|proms|outcomes framework|outcomes measured|indicator",
        "canlyniad|canlyniadau|mesur|mesurau|offeryn|offer mesur|offer mesur canlyniadau|dangosydd",
    ),
    "notes": _phrases(
        "notes|note|additional notes|further notes|other notes|any other information|other information|"
        "additional information|further information|misc|miscellaneous|remarks",
        "nodiadau|nodyn|nodiadau ychwanegol|gwybodaeth ychwanegol|gwybodaeth arall",
    ),
    "yesno": _phrases("y n|yes no|in place|yes or no", "oes nac oes|ydy nac ydy|ie na|i n|ar waith|oes|na"),
    "used": _phrases("used|use|using|in use", "a ddefnyddir|ddefnyddir|defnyddio"),
    "who": _phrases("who|whom|by whom", "pwy|gan bwy"),
    "how": _phrases("how|how do|how are", "sut"),
    "where": _phrases("where|where do|where is", "ble|lle"),
    "for": _phrases("for|for whom", "ar gyfer"),
    "expected": _phrases(
        "expected|estimated|anticipated|planned|proposed|intended|due", "tybiedig|disgwyliedig|arfaethedig"
    ),
}

# Phrases that name several concepts at once.
COMPOUNDS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(
        [
            "period from",
            "reporting period from",
            "reporting period start",
            "figures cover period from",
            "data from",
            "cyfnod adrodd o",
            "o ddyddiad",
            "period covered from",
            "period beginning",
            "period commencing",
        ],
        ("period", "from"),
    ),
    **dict.fromkeys(
        [
            "period to",
            "reporting period to",
            "figures up to",
            "data as at",
            "data up to",
            "figures to",
            "cyfnod adrodd hyd at",
            "ffigurau hyd at",
            "hyd at ddyddiad",
            "period covered to",
            "period ending",
        ],
        ("period", "to"),
    ),
    **dict.fromkeys(
        [
            "who can refer",
            "referred by",
            "referring organisation",
            "referring organization",
            "referring agency",
            "referrals from",
            "accepts referrals from",
            "referral source",
            "who refers",
            "self referral accepted",
            "how are people referred",
            "referral method",
            "pwy all atgyfeirio",
            "pwy sy n atgyfeirio",
            "atgyfeiriwyd gan",
            "derbynnir atgyfeiriadau gan",
            "atgyfeiriadau gan",
            "received from",
            "come from",
            "referrals come from",
            "sources of referral",
            "where do referrals come from",
        ],
        ("referral", "route"),
    ),
    **dict.fromkeys(
        ["geographical area", "geographic area", "area served", "areas served", "ardal ddaearyddol"], ("area", "served")
    ),
    **dict.fromkeys(["annual cost", "annual value", "annual amount"], ("budget", "annual")),
    **dict.fromkeys(["funding amount", "grant amount", "grant value"], ("funding", "amount")),
    **dict.fromkeys(["clystyrau meddygon teulu", "clwstwr meddygon teulu"], ("cluster",)),
    **dict.fromkeys(["ref src", "ref source", "ref sources", "ref route", "ref routes"], ("referral", "source")),
    **dict.fromkeys(["ref count", "ref total", "ref cnt"], ("referral", "count")),
    **dict.fromkeys(["ref pathway", "ref path", "ref method"], ("referral", "route")),
    **dict.fromkeys(["get to you", "find you", "find out about you", "hear about you"], ("route",)),
    **dict.fromkeys(["what do you do", "what does it do", "what do you offer", "what we do"], ("activity",)),
    **dict.fromkeys(
        ["money come from", "money comes from", "o ble daw r arian", "cyllid o ble", "arian o ble"], ("funder",)
    ),
    **dict.fromkeys(["unrhyw beth arall", "unrhyw beth arall i w ddweud"], ("notes",)),
    **dict.fromkeys(["pa offer", "offer a ddefnyddir"], ("outcome", "used")),
    **dict.fromkeys(
        ["referral method", "referral methods", "method of referral", "methods of referral"], ("referral", "route")
    ),
    **dict.fromkeys(
        [
            "funding from",
            "funding provided by",
            "funding is provided by",
            "who pays",
            "paid for by",
            "pays for",
            "ariennir gan",
        ],
        ("funder",),
    ),
    **dict.fromkeys(["funded activity", "funded project", "funded service", "funded scheme"], ("project",)),
    **dict.fromkeys(["came from", "comes from", "accepted sources", "accepted sources of referral"], ("route",)),
    **dict.fromkeys(["who can use", "who uses", "who can access"], ("target",)),
    **dict.fromkeys(["service area", "area of service", "areas of service"], ("area", "served")),
    **dict.fromkeys(["anything else", "tell us more", "anything else to tell us"], ("notes",)),
    **dict.fromkeys(["partner cyflenwi", "partner darparu", "responsible for delivery"], ("organisation",)),
    **dict.fromkeys(["funding route", "funding routes"], ("funder",)),
    **dict.fromkeys(["act type", "act cat", "acts"], ("activity",)),
    **dict.fromkeys(["take on", "taken on", "took on", "taken onto", "accepted onto"], ("-",)),
    **dict.fromkeys(["match funding", "amount claimed", "arian cyfatebol", "swm a hawlir"], ("-",)),
}

# Words that name something a return does not collect: a heading holding one is never read into a field.
NEGATIVE = _phrases(
    "contact|contact details|email|e mail|phone|telephone|tel|mobile|address|rag|rag rating|red amber green|"
    "rating|comment|comments|completed|completed by|form|date form completed|signed|sign off|signature|"
    "approved|approval|description|describe|brief description|aim|aims|objective|objectives|summary|overview|"
    "ref|reference|row|id|identifier|code|volunteer|volunteers|volunteering hours|practice|practices|"
    "gp practice|surgery|cost|costs|spend|spent|rate|percent|percentage|average|mean|ratio|per|waiting|wait|"
    "accepted|engaged|declined|rejected|inappropriate|onward|signposted|signposting|dna|attended|attendance|"
    "discharged|officer|manager|line manager|clinician|coordinator|care coordinator|coach|lead officer|"
    "person|holder|owner|responsible|evaluator|job|band|vacancy|vacancies|partner|partners|partnership|rpb|"
    "achieved|achievement|achievements|score|baseline|risk|risks|issue|issues|update|updated|submitted|claimed|"
    "claim|underspend|overspend|listing|listings|forecast|outturn|language|iaith|"
    "submission|return|returned|round|version|twitter|facebook|instagram|handle|session|sessions|contacts|"
    "participant|participants|supported|days|consent|case study|case studies|sustainability|"
    "population|registered|patients|list size|days to|time to|length|duration|"
    "local authority|council|ward|lsoa|town|village",
    "cyswllt|e bost|ebost|ffon|manylion|manylion cyswllt|swydd|teitl y swydd|sylwadau|sylw|coch|ambr|gwyrdd|"
    "cwblhau|ffurflen|cwblhawyd|cwblhawyd gan|cyflwyno|cyflwynwyd|disgrifiad|nodau|amcanion|gwirfoddolwyr|"
    "gwirfoddolwr|wrthodwyd|gwrthodwyd|ymlaen|partner|partneriaid|rhes|cyfeirnod|cyf|swyddog|practis|"
    "practisau|meddygfa|meddygfeydd|cost|costau|gwariant|aros|amser aros|llofnod|cymeradwywyd|cymeradwyo|"
    "deiliad|cyfranogwyr|arweinydd|cyflawnwyd|cyflawniadau|cyfeiriad|swyddi gwag|sgor|awdurdod lleol|"
    "cyngor|poblogaeth|cleifion|risg|risgiau|fersiwn",
)
# Negatives that count even inside brackets ("Delivery status (RAG)").
STRONG_NEGATIVE = frozenset({"rag", "rag rating", "red amber green", "coch", "ambr", "gwyrdd", "contacts"})
# Words that rule a heading out only when it names nothing specific ("Number of sessions", but not "Postcode of
# the venue where sessions take place"); in brackets they never do.
WEAK_NEGATIVE = frozenset(
    _phrases(
        "session|sessions|participant|participants|address|per|days|supported|cyfeiriad|cyfranogwyr|code|council|"
        "responsible|cyngor"
    )
)
# A weak negative outweighed only by some concepts ("Health board code" is the board; "Budget code" is not).
WEAK_NEGATIVE_OUTWEIGHED_BY = {"code": frozenset({"board", "cluster"}), "council": frozenset({"budget", "funder"})}
# Concepts specific enough to outweigh a weak negative.
SPECIFIC_CONCEPTS = frozenset(
    {"postcode", "website", "fte", "headcount", "outcome", "evaluation", "cluster", "board", "status", "target",
     "funder", "budget", "notes"}
)  # fmt: skip
# Phrases that carry no meaning for the field: decorations, question words, instructions.
FILLER = _phrases(
    "a|an|the|of|and|or|in|on|for|by|at|is|are|was|were|be|been|has|have|had|do|does|did|it|its|this|that|"
    "these|those|there|what|who|how|where|any|all|each|if|please|list|state|give|enter|select|tick|choose|"
    "apply|that apply|applicable|if applicable|if known|known|optional|required|mandatory|detail|details|"
    "information|info|etc|your|our|we|you|with|about|into|as|at|not|so|far|yet|than|one|more|can|will|"
    "would|should|s|d|social prescribing|social prescription|sp|current year|this year|last year|year|"
    "years|financial year|calendar year|year to date|ytd|to date|so far|in year|last twelve months|"
    "twelve months|months|in post|as at|other|additional|further|provided|undertaken|place|taking place|"
    "takes place|wellbeing|well being|community|data|figures|figures cover|full|main|formal|independent|"
    "capacity|primary care|nhs|wales|welsh|plan|framework|criteria|link|links|new|overall|approx|"
    "approximately|estimate|separate|separated|multiple|semicolon|comma|where relevant|relevant|per cent|dd|"
    "mm|yyyy|yy|format|numeric|number only|numbers only|figure|free text|text|brief|short|long|general|which|"
    "not fte|gp|gps|due to|from whom|hours|hrs|in quarter|this quarter|per quarter|week|were|work|works|"
    "was|being|been|day to day|first|able|able to|nid call|nid cal|whole pounds|people not|not people",
    "y|yr|r|a|ac|o|i|ar|gan|yn|n|am|mewn|eich|ein|ei|sy|sydd|yw|ydy|mae|pa|beth|fel|neu|gyda|hefyd|os|e|ym|"
    "mha|ydych|chi|bod|cael|wedi|sy n|presgripsiynu cymdeithasol|presgripsiynu|cymdeithasol|meini prawf|"
    "gofal sylfaenol|"
    "y 12 mis diwethaf|12 mis|mis|diwethaf|blwyddyn|mewn swydd|llesiant|cymunedol|dolen|ychwanegol|"
    "daw|geir|sut|lle|ble|dewiswch|rhestrwch|nodwch|os yn berthnasol|perthnasol|gwybodaeth|ffigurau|y flwyddyn hon",
)
# Months and other period words are decorations too.
_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|"
    "jun|jul|aug|sep|sept|oct|nov|dec|ionawr|chwefror|mawrth|ebrill|mai|mehefin|gorffennaf|awst|medi|hydref|"
    "tachwedd|rhagfyr"
)
FILLER = FILLER + _phrases(_MONTHS)
# Concepts that may come from a bracket or a unit ("(FTE)", "(£)", "(headcount)"); other bracket text is an
# instruction or examples and is left aside.
# Concepts a heading may name without ruling a field out ("Referrals to link workers", "Period from").
SOFT_CONCEPTS = frozenset({"from", "to", "who", "how", "where", "for"})
UNIT_CONCEPTS = frozenset({"fte", "headcount", "people", "budget", "annual", "count", "postcode", "yesno"})


@dataclass(frozen=True)
class Rule:
    """When a heading is read as a field: it names every concept of one set in ``needs``
    (a set in ``weak`` gives a lower confidence) and nothing outside ``needs`` and ``allows``."""

    needs: tuple[frozenset[str], ...]
    allows: frozenset[str] = frozenset()
    weak: tuple[frozenset[str], ...] = ()
    strict: tuple[frozenset[str], ...] = ()  # sets that count only when no word of the heading is unknown
    refuses: frozenset[str] = frozenset()  # soft concepts that rule the field out all the same

    @property
    def known(self) -> frozenset[str]:
        return frozenset().union(*self.needs, *self.weak, *self.strict, self.allows)


def _rule(needs: str, allows: str = "", weak: str = "", strict: str = "", refuses: str = "") -> Rule:
    def sets(text: str) -> tuple[frozenset[str], ...]:
        return tuple(frozenset(part.split("+")) for part in text.split() if part)

    return Rule(sets(needs), frozenset(allows.split()), sets(weak), sets(strict), frozenset(refuses.split()))


# One rule per field of the return (a test checks that every field has one).
RULES: dict[str, Rule] = {
    "project_name": _rule("project+name", "name", weak="name", strict="project", refuses="who how where"),
    "lead_organisation": _rule("organisation", "lead name project"),
    "health_board": _rule("board", "name area project"),
    "clusters_served": _rule("cluster area+served", "served name area project"),
    "status": _rule("status status_value", "project status_value start end expected"),
    "activity_categories": _rule(
        "activity type+support support type+activity",
        "type project support lead used status_value people linkworker",
    ),
    "target_groups": _rule("target who+for", "project type people served expected activity support"),
    "referral_routes": _rule(
        "referral+route referral+source route referral+who referral+how", "type project people referral count source"
    ),
    "project_type": _rule("type+project", "linkworker activity", refuses="who how where"),
    "link_worker_fte": _rule("fte", "linkworker staff count project funding", weak="linkworker"),
    "link_worker_headcount": _rule(
        "headcount count+linkworker count+staff", "linkworker staff people project funding", weak="linkworker"
    ),
    "referrals_received": _rule("referral", "count received annual project people period linkworker expected from to"),
    "reporting_period_start": _rule("period+start period+from", "date", weak="from"),
    "reporting_period_end": _rule("period+end period+to", "date", weak="to"),
    "funding_sources": _rule(
        "funding+source funder funding+organisation funding+who",
        "project lead linkworker type annual name source support",
        weak="funding",
    ),
    "annual_funding_gbp": _rule(
        "budget funding+amount funding+annual amount+annual",
        "annual funding amount project received count linkworker cluster board",
        weak="funding",
    ),
    "start_date": _rule("start", "date project expected"),
    "end_date": _rule("end", "date project expected funding"),
    "venue_postcode": _rule("postcode", "venue project lead used", weak="venue venue+where"),
    "website": _rule("website", "project"),
    "evaluation_in_place": _rule("evaluation", "yesno project used expected"),
    "outcome_measures": _rule("outcome", "evaluation used type project"),
    "notes": _rule("notes", "project"),
}


def _norm(text: str) -> str:
    text = re.sub(r"[\u2018\u2019'`]", " ", text)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"\s+", " ", re.sub(r"[^a-z0-9]+", " ", text)).strip()


@dataclass(frozen=True)
class _Vocabulary:
    phrases: dict[tuple[str, ...], tuple[str, ...]]  # words -> concepts ("" for filler, "-" for negative)
    known: frozenset[str]  # every single word the vocabulary knows
    words: tuple[str, ...]  # the words of concepts, which a typo may be read as
    longest: int


@functools.cache
def _vocabulary() -> _Vocabulary:
    phrases: dict[tuple[str, ...], set[str]] = {}
    for concept, texts in CONCEPTS.items():
        for text in texts:
            phrases.setdefault(tuple(_norm(text).split()), set()).add(concept)
    for text, concepts in COMPOUNDS.items():
        phrases.setdefault(tuple(_norm(text).split()), set()).update(concepts)
    for text in NEGATIVE:
        phrases.setdefault(tuple(_norm(text).split()), set()).add("-")
    for text in FILLER:
        key = tuple(_norm(text).split())
        if key and key not in phrases:
            phrases[key] = {""}
    frozen = {k: tuple(sorted(v)) for k, v in phrases.items() if k}
    known = frozenset(w for k in frozen for w in k)
    words = tuple(sorted({w for k, v in frozen.items() if v not in (("",), ("-",)) for w in k if len(w) > 3}))
    return _Vocabulary(frozen, known, words, max(len(k) for k in frozen))


# Welsh initial mutations, undone: a mutated first letter -> the radical letters it may come from.
_MUTATIONS = (
    ("ngh", ("c",)),
    ("mh", ("p",)),
    ("nh", ("t",)),
    ("ng", ("g",)),
    ("ch", ("c",)),
    ("ph", ("p",)),
    ("th", ("t",)),
    ("dd", ("d",)),
    ("g", ("c",)),
    ("b", ("p",)),
    ("d", ("t",)),
    ("f", ("b", "m")),
    ("l", ("ll",)),
    ("r", ("rh",)),
    ("m", ("b",)),
    ("n", ("d",)),
    ("h", ("",)),
)


@functools.lru_cache(maxsize=65536)
def _known_form(word: str, known: frozenset[str]) -> tuple[str, int] | None:
    """The vocabulary word ``word`` is a plural, a mutation or a one-letter slip of, and the typo distance."""
    candidates = [word]
    if word.endswith("ies") and len(word) > 4:
        candidates.append(word[:-3] + "y")
    if word.endswith("s") and not word.endswith(("ss", "us")) and len(word) > 3:
        candidates.append(word[:-1])
    if word.endswith("es") and len(word) > 4:
        candidates.append(word[:-2])
    for form in candidates:
        if form in known:
            return form, 0
    for prefix, radicals in _MUTATIONS:
        if word.startswith(prefix) and len(word) > len(prefix) + 2:
            for radical in radicals:
                if radical + word[len(prefix) :] in known:
                    return radical + word[len(prefix) :], 0
    if word[:1] in "aeiouwylr" and "g" + word in known:  # soft mutation drops a first g ("wefan")
        return "g" + word, 0
    abbreviation = _abbreviation_of(word)
    if abbreviation is not None:
        return abbreviation, 1
    if len(word) == 4 and word.isalpha():  # a short word is forgiven one swap of two letters only ("nmae")
        swapped = [w for w in _vocabulary().words if len(w) == 4 and w[0] == word[0] and OSA.distance(w, word) == 1]
        swapped = [w for w in swapped if sorted(w) == sorted(word)]
        if len(swapped) == 1:
            return swapped[0], 1
    if len(word) >= 6 and word.isalpha():  # the commonest slips: letters swapped or doubled wrongly
        slipped = [w for w in _vocabulary().words if w[0] == word[0] and _slip_of(word, w)]
        if len(slipped) == 1:
            return slipped[0], 1
    if len(word) >= 5 and not word.isdigit():
        limit = 1 if len(word) < 9 else 2
        found = process.extract(word, _vocabulary().words, scorer=OSA.distance, score_cutoff=limit, limit=2)
        unique = found and (len(found) == 1 or found[1][1] > found[0][1])
        # A slip is forgiven away from a word's first letter, two slips away from its first two ("sends" is
        # not "ends", "allocated" is not "located").
        same_start = found and found[0][0][:1] == word[:1] and (found[0][1] < 2 or found[0][0][:2] == word[:2])
        if unique and same_start and abs(len(found[0][0]) - len(word)) <= limit:
            return found[0][0], int(found[0][1])
    return None


def _slip_of(word: str, known: str) -> bool:
    """Whether ``word`` is ``known`` with its letters in another order two swaps away ("acitivty"), or with a
    letter doubled or undoubled ("refferal", "referal")."""
    if sorted(word) == sorted(known) and OSA.distance(word, known) <= 2:
        return True
    return word != known and re.sub(r"(.)\1+", r"\1", word) == re.sub(r"(.)\1+", r"\1", known)


def _skeleton(word: str) -> str:
    """A word's first letter and its consonants: how people shorten words ("fndr", "rcvd", "src")."""
    return word[:1] + re.sub(r"[aeiouy]", "", word[1:])


@functools.cache
def _single_words() -> dict[str, frozenset[str]]:
    """Each one-word phrase of a concept or a negative (five letters or more) -> the concepts it names."""
    out: dict[str, set[str]] = {}
    for key, concepts in _vocabulary().phrases.items():
        if len(key) == 1 and len(key[0]) >= 5 and concepts != ("",):
            out.setdefault(key[0], set()).update(concepts)
    return {w: frozenset(c) for w, c in out.items()}


def _abbreviation_of(word: str) -> str | None:
    """The word ``word`` shortens (its start, or its consonants), when every word it could shorten names
    the same concepts; else None ("proj" is project, "act" could be activity or active)."""
    found = _shortened(word)
    if found and len(set(found.values())) == 1:
        return min(found, key=len)
    return None


@functools.lru_cache(maxsize=65536)
def _shortened(word: str) -> dict[str, frozenset[str]]:
    """The vocabulary's words that ``word`` may shorten, with their concepts."""
    if not (3 <= len(word) <= 6 and word.isalpha()):
        return {}
    return {
        w: c for w, c in _single_words().items() if len(w) > len(word) and (w.startswith(word) or _skeleton(w) == word)
    }


_YEAR = re.compile(r"\b(?:19|20)\d\d(?:\s*[/-]\s*(?:19|20)?\d\d)?\b|\b(?:fy|q)\s?\d{1,2}[a-z]?\b|\b\d+[a-z]?\b", re.I)
# Examples after the words: "e.g. ...", "such as ...", Welsh "fel ..." only before a list ("fel" is also "as").
_EXAMPLES = re.compile(r"\b(?:e\.?\s?g|e\.?\s?e|for example|er enghraifft|such as)\b[.:,]?.*$", re.I)
_FEL = re.compile(r"\bfel\b", re.I)
_INSTRUCTION = re.compile(r"\b(e\.?g|e\.?e|for example|do not|don't|please|if|where|tick|see|nodwch|os)\b", re.I)


@dataclass
class _Words:
    concepts: set[str] = field(default_factory=set)
    recognised: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    negative: list[str] = field(default_factory=list)
    typos: int = 0
    doubtful: int = 0  # unknown words that may shorten a word naming something not collected ("acc.")


def _read_words(text: str) -> _Words:
    """The concepts a piece of heading text names, and the words it does not explain."""
    text = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", text)  # LeadOrgName, RptPeriodTo
    text = re.sub(r"\bp\.\s?a\.", " per annum ", text, flags=re.I)  # "p.a." (not Welsh "pa", which)
    text = re.sub(r"\b(?:[A-Za-z]\.){2,}", lambda m: m[0].replace(".", ""), text)  # L.W., W.T.E., R.A.G.
    text = text.replace("£", " gbp ").replace("%", " percent ").replace("&", " and ")
    text = re.sub(r"\(s\)|/s\b|\(au\)|\(iau\)", "", text, flags=re.I)
    text = _YEAR.sub(" ", _norm(_YEAR.sub(" ", text)))
    vocabulary = _vocabulary()
    words, typos = [], 0
    for word in text.split():
        form = _known_form(word, vocabulary.known)
        if form is None:
            words.append(word)
        else:
            words.append(form[0])
            typos += form[1]
    out = _Words(typos=typos)
    i = 0
    while i < len(words):
        for length in range(min(vocabulary.longest, len(words) - i), 0, -1):
            key = tuple(words[i : i + length])
            if key in vocabulary.phrases:
                concepts = vocabulary.phrases[key]
                phrase = " ".join(key)
                if "-" in concepts:
                    out.negative.append(phrase)
                elif concepts != ("",):
                    out.concepts.update(concepts)
                    out.recognised.append(phrase)
                i += length
                break
        else:
            alternative = _abbreviation_of(words[i])  # a word met only inside longer phrases ("src")
            concepts = vocabulary.phrases.get((alternative,), ()) if alternative else ()
            if concepts and concepts != ("",):
                if "-" in concepts:
                    out.negative.append(alternative)
                else:
                    out.concepts.update(concepts)
                    out.recognised.append(alternative)
                out.typos += 1
            elif len(words[i]) > 1:
                out.unknown.append(words[i])
                out.doubtful += any("-" in c for c in _shortened(words[i]).values())
            i += 1
    return out


@dataclass(frozen=True)
class Reading:
    """How one heading reads: the field (None when not read), how, with what confidence, and why."""

    field: str | None
    how: str
    confidence: float
    candidates: tuple[str, ...] = ()  # the fields it came close to (ambiguous, duplicate, or too unsure)
    words: tuple[str, ...] = ()  # the words it was recognised by, or the words that ruled it out
    ruled_out: bool = False  # it names something a return does not collect ("Contact", "RAG")


def _exact_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for f in schema.FIELDS:
        for text in (f.key, f.en, f.cy, f.header):
            index.setdefault(schema.normalise_label(text.replace("*", " ")), f.key)
    return index


_EXACT = _exact_index()


def _split(text: str) -> tuple[str, str]:
    """The heading's main words, and its brackets (units, instructions, examples) apart."""
    extra = " ".join(re.findall(r"\(([^)]*)\)?", text))
    main = re.sub(r"\([^)]*\)?", " ", text)
    return main[: _examples_start(main)], extra


def _examples_start(main: str) -> int:
    """Where examples start in a heading's main words (its length when none do).

    "fel" starts them only when a comma follows it: only the first "fel" can (a comma after a later one is
    after the first too), so the heading is looked through once, not once from each "fel" to its end.
    """
    examples = _EXAMPLES.search(main)
    start = examples.start() if examples else len(main)
    fel = _FEL.search(main, 0, start)
    if fel and main.find(",", fel.end()) >= 0:
        return fel.start()
    return start


def _evaluate(concepts: set[str], unknown: int = 0) -> list[tuple[str, int, bool]]:
    """(field, how many concepts it needed, weak) for every field whose rule the concepts meet."""
    matches = []
    for key, rule in RULES.items():
        if not concepts - SOFT_CONCEPTS <= rule.known or concepts & rule.refuses:
            continue
        best = None
        strict = rule.strict if not unknown else ()
        for weak, sets in ((False, rule.needs + strict), (True, rule.weak)):
            for needs in sets:
                if needs <= concepts and (best is None or (len(needs), not weak) > (best[0], not best[1])):
                    best = (len(needs), weak)
        if best is not None:
            matches.append((key, best[0], best[1]))
    return matches


def read_heading(text: object) -> Reading:
    """How a heading cell reads, on its own (its first :data:`MAX_HEADING` characters).

    >>> read_heading("Referral routes").field
    'referral_routes'
    >>> read_heading("No. of referrals received (last 12 months)").field
    'referrals_received'
    >>> read_heading("Contact email").how
    'ignored'
    """
    if text is None or str(text).strip() == "":
        return Reading(None, IGNORED, 0.0)
    return _read_heading(_considered(str(text)))


def _considered(text: str) -> str:
    """The heading as it is read: stars and runs of spaces as one space, cut at a space to at most
    :data:`MAX_HEADING` characters.

    >>> _considered("Referrals  received*")
    'Referrals received'
    >>> len(_considered("Number of referrals " * 50))
    499
    """
    raw = re.sub(r"\s+", " ", text.replace("*", " ")).strip()
    if len(raw) <= MAX_HEADING:
        return raw
    space = raw.rfind(" ", 0, MAX_HEADING + 1)
    return raw[: space if space > 0 else MAX_HEADING]


@functools.lru_cache(maxsize=4096)  # keyed by the heading as read, so a long cell is not kept whole
def _read_heading(raw: str) -> Reading:
    exact = _EXACT.get(schema.normalise_label(raw))
    if exact:
        return Reading(exact, EXACT, 1.0, words=(raw,))
    parts = [p for p in re.split(r"\s+/\s+", raw) if p.strip()]
    if len(parts) > 1:  # "English / Cymraeg": the halves agree, or one names nothing, or most agree
        readings = [read_heading(p) for p in parts]
        fields = [r.field for r in readings if r.field]
        top = max(set(fields), key=fields.count) if fields else None
        if fields and (len(set(fields)) == 1 or fields.count(top) * 2 > len(parts)):
            return max((r for r in readings if r.field == top), key=lambda r: r.confidence)
    return _read_by_words(raw)


def _read_by_words(raw: str) -> Reading:
    main, extra = _split(raw)
    words = _read_words(main)
    brackets = _read_words(extra) if extra.strip() else _Words()
    instruction = bool(_INSTRUCTION.search(extra)) or bool(re.search(r"[,/]|\.\.\.|\betc\b", extra))
    named = words.concepts | brackets.concepts
    negative = [
        n
        for n in words.negative
        if n not in WEAK_NEGATIVE or not named & WEAK_NEGATIVE_OUTWEIGHED_BY.get(n, SPECIFIC_CONCEPTS)
    ] + [n for n in brackets.negative if n in STRONG_NEGATIVE or (not instruction and n not in WEAK_NEGATIVE)]
    if negative:
        return Reading(None, IGNORED, 0.0, words=tuple(negative), ruled_out=True)
    units = {c for c in brackets.concepts if c in UNIT_CONCEPTS}
    if not words.concepts and units and words.unknown:  # "Care coordinators (FTE)": the unit of something else
        return Reading(None, IGNORED, 0.0, words=tuple(words.unknown))
    concepts = words.concepts | units
    if not concepts:
        return Reading(None, IGNORED, 0.0, words=tuple(words.unknown))
    matches = _evaluate(concepts, len(words.unknown))
    if not matches:
        return Reading(None, IGNORED, 0.0, candidates=_near(concepts), words=tuple(words.recognised))
    top = max(m[1] for m in matches)
    best = [m for m in matches if m[1] == top]
    if len(best) > 1 and any(not m[2] for m in best):
        best = [m for m in best if not m[2]]
    confidence = UNKNOWN_WORD_FACTOR ** len(words.unknown) * (1 - 0.1 * words.typos) * 0.5**words.doubtful
    recognised = tuple(words.recognised + brackets.recognised)
    if len(best) > 1:
        return Reading(None, AMBIGUOUS, round(confidence, 2), tuple(m[0] for m in best), recognised)
    key, _, weak = best[0]
    confidence *= WEAK_FACTOR if weak else 1.0
    confidence = round(confidence, 2)
    if confidence < MIN_CONFIDENCE:
        return Reading(None, IGNORED, confidence, (key,), recognised)
    return Reading(key, WORDS, confidence, words=recognised)


def _near(concepts: set[str]) -> tuple[str, ...]:
    """Fields whose needs the concepts meet, ignoring what else the heading names (for suggestions)."""
    return tuple(key for key, rule in RULES.items() if any(needs <= concepts for needs in rule.needs))


def similarity(heading: object, key: str) -> float:
    """How close a heading comes to naming field ``key``, 0-100: for "did you mean" when a field is missing."""
    from rapidfuzz import fuzz

    if heading is None:
        return 0.0
    reading = read_heading(heading)
    if reading.field == key:
        return 100.0
    if key in reading.candidates:
        return 90.0
    f = schema.FIELD_BY_KEY[key]
    text = _norm(_considered(str(heading)))
    return max(fuzz.token_sort_ratio(text, _norm(label)) for label in (f.en, f.cy, *CONCEPTS_OF(key)))


def CONCEPTS_OF(key: str) -> tuple[str, ...]:
    """The phrases of the concepts a field needs, for comparing headings against it."""
    rule = RULES[key]
    concepts = {c for needs in rule.needs for c in needs}
    return tuple(p for c in sorted(concepts) for p in CONCEPTS[c][:4])
