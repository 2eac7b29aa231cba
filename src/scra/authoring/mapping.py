"""The one mapping between a city description and tables: sheets -> columns -> RDF property, value kind
and the list that supplies the choices. Template, import and export (spreadsheet and CSV) all read this
table, and the ArchiMate mapping (:mod:`scra.authoring.archimate`) names its targets from it.

A sheet holds the resources of some classes (one row per resource; a ``type`` column when it holds more
than one). A column is one property of the row's resource:

==============  =====================================================================================
kind            a cell holds
==============  =====================================================================================
``namespace``   (sheet city, first row) the IRI local names are relative to
``id``          the resource's IRI: a local name in the description's namespace, a CURIE or a full IRI
``type``        the resource's class, one of the sheet's classes (CURIE, e.g. ``scra:CityOS``)
``ref``         other resources of the description (ids of the sheets in ``targets``) and/or terms of
                the knowledge graph (the list ``choices``); several separated by new lines or ``;``
``text``        a language-tagged string (the column's ``lang``), one per cell
``boolean``     ``true`` / ``false`` (xsd:boolean)
``integer``     a whole number (xsd:integer)
``date``        ``YYYY-MM-DD`` (xsd:date)
``duration``    an ISO 8601 duration such as ``P30D`` (xsd:duration)
==============  =====================================================================================

    >>> sheet("services").column("inDomain").prop
    'https://w3id.org/scra#inDomain'
    >>> sheet_of_class(SCRA_NS + "CityOS").key
    'systems'
"""

from __future__ import annotations

from dataclasses import dataclass, field

from scra.vocab import RDFS_NS, SCRA_NS

LANGS = ("en", "ja")  # the languages of the text columns (one column each)
MULTI_SEPARATORS = "\n;"  # between several values of a ref cell (',' too, when followed by a space)


@dataclass(frozen=True)
class Column:
    key: str  # machine key (second header row; CSV header), unique in its sheet
    prop: str = ""  # the RDF property (full IRI); '' for id / type
    kind: str = "ref"  # id, type, ref, text, string, boolean, integer, decimal, year, date, duration
    targets: tuple[str, ...] = ()  # ref: sheets whose ids it may name
    choices: str | None = None  # ref: the KG list (LISTS key) of terms it may name
    lang: str | None = None  # text: the language tag
    multi: bool = False  # ref: several values allowed
    header: str = ""  # key of the UI string (messages 'authoring' section): 'col.' + header

    @property
    def label_key(self) -> str:
        return "col." + (self.header or self.key)


@dataclass(frozen=True)
class Sheet:
    key: str
    classes: tuple[str, ...]  # full IRIs; the first is the default when the type column is empty
    columns: tuple[Column, ...] = field(default=())

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    @property
    def by_prop(self) -> dict[tuple[str, str | None], Column]:
        """(property, language) -> column, for the property columns."""
        return {(c.prop, c.lang): c for c in self.columns if c.prop}

    @property
    def label_key(self) -> str:
        return "sheet." + self.key


# The knowledge-graph lists that supply choices: key -> classes (instances of these or their subclasses).
LISTS: dict[str, tuple[str, ...]] = {
    "city-types": ("CityType",),
    "domains": ("Domain",),
    "beneficiary-groups": ("BeneficiaryGroup",),
    "roles": ("OrganisationalRole",),
    "function-groups": ("CityOSFunctionGroup",),
    "characteristics": ("CityOSCharacteristic",),
    "standards": ("Standard",),
    "technologies": ("CommunicationTechnology",),
    "asset-types": ("AssetComponentType",),
    "indicator-sets": ("IndicatorSet", "Indicator"),
    "sdgs": ("SDG",),
    "aspects": ("Aspect",),
    "ra-elements": ("ArchitectureComponent",),
    "indicators": ("Indicator",),
    "data-requirements": ("DataRequirement",),
}


def _s(local: str) -> str:
    return SCRA_NS + local


def _p(local: str, **kw) -> Column:
    return Column(key=local, prop=_s(local), **kw)


def _texts(local: str, prop: str | None = None) -> tuple[Column, ...]:
    return tuple(
        Column(key=f"{local}@{lang}", prop=prop or _s(local), kind="text", lang=lang, header=f"{local}@{lang}")
        for lang in LANGS
    )


def _ref(local: str, *targets: str, choices: str | None = None, multi: bool = True) -> Column:
    return _p(local, kind="ref", targets=targets, choices=choices, multi=multi)


ID = Column("id", kind="id")
TYPE = Column("type", kind="type")
LABELS = _texts("label", RDFS_NS + "label")
OF_CITY = _ref("ofCity", "city", multi=False)
REALISES = _ref("realisesElement", choices="ra-elements")
ASPECTS = _ref("addressesAspectInCity", choices="aspects")
USES_STD = _ref("usesStandard", "standards", choices="standards")
CONFORMS = _ref("conformsTo", "standards", choices="standards")
FOLLOWS = _ref("followsStandard", "standards", choices="standards")
MEASURED = _ref("measuredBy", choices="indicator-sets")
SDGS = _ref("contributesTo", choices="sdgs")
PLANS = _ref("hasContinuityPlan", "plans")
ASSESSMENT = _ref("hasAssessment", "assessments")
SYSTEMS = ("systems",)

SHEETS: tuple[Sheet, ...] = (
    Sheet(
        "city",
        (_s("City"),),
        (
            ID,
            Column("namespace", kind="namespace"),
            *LABELS,
            _p("population", kind="integer"),
            _ref("cityType", choices="city-types"),
            _ref("surroundingArea", "areas"),
            USES_STD,
            _ref("hasGoal", "goals"),
            REALISES,
        ),
    ),
    Sheet("areas", (_s("Area"),), (ID, *LABELS)),
    Sheet(
        "goals", (_s("StrategyGoal"),), (ID, *LABELS, OF_CITY, REALISES, *_texts("outcome"), MEASURED, SDGS, ASPECTS)
    ),
    Sheet(
        "organisations",
        (_s("Organisation"),),
        (ID, *LABELS, OF_CITY, _ref("hasRole", choices="roles"), _ref("operates", *SYSTEMS), PLANS, USES_STD, REALISES),
    ),
    Sheet(
        "services",
        (_s("Service"),),
        (
            ID,
            *LABELS,
            OF_CITY,
            _ref("inDomain", choices="domains"),
            _ref("serves", choices="beneficiary-groups"),
            _ref("realisedBy", *SYSTEMS),
            _ref("providedBy", "organisations"),
            _p("dependsOnElectricity", kind="boolean"),
            PLANS,
            MEASURED,
            SDGS,
            REALISES,
        ),
    ),
    Sheet(
        "systems",
        (
            _s("System"),
            _s("CityOS"),
            _s("AIComponent"),
            _s("VideoSurveillanceSystem"),
            _s("ElectricityContinuitySystem"),
        ),
        (
            ID,
            TYPE,
            *LABELS,
            OF_CITY,
            REALISES,
            CONFORMS,
            _ref("providesFunctionGroup", choices="function-groups"),
            _ref("hasInterface", "interfaces"),
            _ref("managedBy", *SYSTEMS),
            *_texts("purpose"),
            *_texts("humanOversight"),
            _p("retentionPeriod", kind="duration"),
            ASSESSMENT,
        ),
    ),
    Sheet(
        "interfaces",
        (_s("Interface"),),
        (
            ID,
            *LABELS,
            OF_CITY,
            _p("isOpenAPI", kind="boolean"),
            *_texts("authentication"),
            CONFORMS,
            _ref("connectsTo", "systems", "city"),
            _ref("supportsCharacteristic", choices="characteristics"),
        ),
    ),
    Sheet(
        "datasets",
        (_s("DataSet"),),
        (
            ID,
            *LABELS,
            OF_CITY,
            _ref("heldBy", *SYSTEMS),
            _p("containsPersonalData", kind="boolean"),
            _p("isOpenData", kind="boolean"),
            *_texts("legalBasis"),
            _p("retentionPeriod", kind="duration"),
            *_texts("anonymisation"),
            _ref("sharedWith", "organisations"),
            CONFORMS,
            ASSESSMENT,
            _ref("providesData", choices="data-requirements"),
        ),
    ),
    Sheet(
        "exchanges",
        (_s("DataExchange"),),
        (
            ID,
            *LABELS,
            OF_CITY,
            _ref("fromSystem", *SYSTEMS, multi=False),
            _ref("toSystem", *SYSTEMS, multi=False),
            _ref("viaInterface", "interfaces"),
            _ref("exchanges", "datasets"),
            _ref("supportsCharacteristic", choices="characteristics"),
        ),
    ),
    Sheet(
        "assets",
        (_s("Asset"), _s("Device")),
        (
            ID,
            TYPE,
            *LABELS,
            OF_CITY,
            _ref("assetComponentType", choices="asset-types"),
            _ref("connectedBy", choices="technologies"),
            _ref("managedBy", *SYSTEMS),
            CONFORMS,
        ),
    ),
    Sheet(
        "plans",
        (_s("BusinessContinuityPlan"), _s("ElectricityContinuityPlan")),
        (ID, TYPE, *LABELS, OF_CITY, USES_STD, FOLLOWS, _ref("executedBy", *SYSTEMS)),
    ),
    Sheet(
        "assessments",
        (_s("PrivacyImpactAssessment"), _s("BiasAssessment"), _s("EthicsReview")),
        (
            ID,
            TYPE,
            *LABELS,
            OF_CITY,
            _ref("assesses", "systems", "datasets", "services", "exchanges", "interfaces"),
            FOLLOWS,
            _p("assessmentDate", kind="date"),
            *_texts("outcome"),
            ASPECTS,
        ),
    ),
    Sheet(
        "rules",
        (_s("Rule"),),
        (
            ID,
            *LABELS,
            OF_CITY,
            _ref("governs", "datasets", "services", "systems", "exchanges", "interfaces"),
            REALISES,
            ASPECTS,
        ),
    ),
    Sheet(
        "indicator-reports",
        (_s("IndicatorReport"),),
        (
            ID,
            *LABELS,
            OF_CITY,
            _ref("reportedIndicator", choices="indicators", multi=False),
            _p("reportingPeriod", kind="year"),
            _p("reportedValue", kind="decimal"),
            _p("reportedUnit", kind="string"),
        ),
    ),
    Sheet("standards", (_s("Standard"),), (ID, *LABELS)),
)
_BY_KEY = {s.key: s for s in SHEETS}
_BY_CLASS = {c: s for s in SHEETS for c in s.classes}


def sheet(key: str) -> Sheet:
    return _BY_KEY[key]


def sheet_of_class(cls: str) -> Sheet | None:
    return _BY_CLASS.get(cls)


def sheet_keys() -> tuple[str, ...]:
    return tuple(_BY_KEY)
