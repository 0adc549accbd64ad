"""Dashboard texts in Dutch (default) and English, and the number formats of each language."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from types import MappingProxyType
from typing import Final

from reporting.domain.model import Measure

LANGUAGES: Final = ("nl", "en")
DEFAULT_LANGUAGE: Final = "nl"

_TEXTS: Final[Mapping[str, tuple[str, str]]] = MappingProxyType(
    {
        "app_title": ("Perinataal zorgtraject: rapportering", "Perinatal care programme: reporting"),
        "overview": ("Overzicht", "Overview"),
        "indicators": ("Indicatoren", "Indicators"),
        "logout": ("Afmelden", "Log out"),
        "login_title": ("Aanmelden", "Log in"),
        "login_intro": (
            "Plak uw toegangstoken (JWT) van de identiteitsprovider. Het wordt bewaard in een cookie die "
            "scripts niet kunnen lezen en vervalt samen met het token.",
            "Paste your access token (JWT) from the identity provider. It is kept in a cookie that scripts "
            "cannot read and expires with the token.",
        ),
        "token": ("Toegangstoken", "Access token"),
        "login_button": ("Aanmelden", "Log in"),
        "login_failed": ("Dit token is niet geldig of verlopen.", "This token is not valid or has expired."),
        "forbidden_title": ("Geen toegang", "No access"),
        "forbidden": (
            "Het dashboard is voor beleidsanalisten en zorgraden.",
            "The dashboard is for policy analysts and care councils.",
        ),
        "error_title": ("De vraag kan niet beantwoord worden", "The request cannot be answered"),
        "year": ("Jaar", "Year"),
        "area": ("Gebied", "Area"),
        "attribution": ("Toewijzing", "Attribution"),
        "attribution_RESIDENCE": ("woonplaats van de cliënt", "client's residence"),
        "attribution_PERFORMER": ("plaats van de zorgverlener", "performer's location"),
        "programme": ("Programma", "Programme"),
        "show": ("Toon", "Show"),
        "evaluation": (
            "Evaluatiecriteria zorgraad (REP-01..05)",
            "Care-council evaluation criteria (REP-01..05)",
        ),
        "trend": ("Verloop per maand", "Trend per month"),
        "ranking": ("Rangschikking per zone", "Ranking per zone"),
        "ranking_municipality": ("Rangschikking per gemeente", "Ranking per municipality"),
        "scenario_mix": ("Scenariomix per kwartaal", "Scenario mix per quarter"),
        "payer_split": ("Uitbetaald per betaler en prestatie", "Paid per payer and act"),
        "no_figures": ("Nog geen cijfers voor deze selectie.", "No figures yet for this selection."),
        "suppression_note": (
            "Kleine aantallen worden getoond als {label}; x verbergt een cijfer waaruit anders een klein "
            "aantal af te leiden is. Cijfers zijn nooit herleidbaar tot een persoon.",
            "Small counts show as {label}; x hides a figure from which a small count could be derived. "
            "Figures are never traceable to a person.",
        ),
        "download_csv": ("Download CSV", "Download CSV"),
        "grain": ("Periode", "Period"),
        "grain_MONTH": ("maand", "month"),
        "grain_QUARTER": ("kwartaal", "quarter"),
        "grain_YEAR": ("jaar", "year"),
        "level": ("Niveau", "Level"),
        "level_MUNICIPALITY": ("gemeente", "municipality"),
        "level_ELZ": ("eerstelijnszone", "primary-care zone"),
        "level_CARE_COUNCIL": ("zorgraad", "care council"),
        "level_PROVINCE": ("provincie", "province"),
        "level_REGION": ("gewest", "region"),
        "period_from": ("Van", "From"),
        "period_to": ("Tot en met", "Up to"),
        "region_filter": ("Binnen gebied (code)", "Within area (code)"),
        "value": ("Waarde", "Value"),
        "numerator": ("Teller", "Numerator"),
        "denominator": ("Noemer", "Denominator"),
        "period": ("Periode", "Period"),
        "region_name": ("Gebied", "Area"),
        "total": ("Totaal", "Total"),
        "language": ("Language: English", "Taal: Nederlands"),
        "chart_label": ("Grafiek", "Chart"),
        "dim_scenario": ("Scenario", "Scenario"),
        "dim_reason": ("Reden", "Reason"),
        "dim_request_type": ("Type aanvraag", "Request type"),
        "dim_timeliness": ("Tijdigheid", "Timeliness"),
        "dim_profession": ("Beroep", "Profession"),
        "dim_funding_type": ("Financiering", "Funding"),
        "dim_payer": ("Betaler", "Payer"),
        "dim_act": ("Prestatie", "Act"),
        "dim_rule": ("Regel", "Rule"),
    }
)

_CODES: Final[Mapping[str, tuple[str, str]]] = MappingProxyType(
    {
        "0": ("scenario 0", "scenario 0"),
        "A": ("scenario A", "scenario A"),
        "B": ("scenario B", "scenario B"),
        "FEDERAL": ("federaal", "federal"),
        "FLEMISH": ("Vlaams", "Flemish"),
        "ON_TIME": ("tijdig", "on time"),
        "LATE": ("laat", "late"),
        "UNSPECIFIED": ("niet opgegeven", "not recorded"),
        "SCREENING": ("screening", "screening"),
        "PRENATAL_ADVICE_SESSION": ("PPA", "PPA"),
        "COORDINATION_YEAR": ("coördinatie (jaar)", "coordination (year)"),
        "PERINATAL_CONSULTATION": ("perinataal overleg", "perinatal consultation"),
        "CASE_MANAGEMENT": ("casemanagement", "case management"),
        "LEGACY_MDO": ("MDO (uitdovend)", "MDO (legacy)"),
        "FLANDERS": ("Vlaanderen", "Flanders"),
        "BRUSSELS": ("Brussel", "Brussels"),
        "WALLONIA": ("Wallonië", "Wallonia"),
        "UNKNOWN": ("onbekend", "unknown"),
    }
)

_DUTCH_SEPARATORS: Final = str.maketrans({",": ".", ".": ","})

_MONTHS: Final = (
    ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"),
    ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
)


def choose_language(requested: str | None, accept_language: str | None) -> str:
    """`?lang=` wins, then the preferred supported language of Accept-Language, else Dutch."""
    if requested is not None and requested.lower()[:2] in LANGUAGES:
        return requested.lower()[:2]
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        ranked.append((-quality, position, tag.strip().lower()[:2]))
    for _, _, language in sorted(ranked):
        if language in LANGUAGES:
            return language
    return DEFAULT_LANGUAGE


class Texts:
    """The texts and number formats of one language."""

    def __init__(self, language: str) -> None:
        self.language = language if language in LANGUAGES else DEFAULT_LANGUAGE
        self._index = LANGUAGES.index(self.language)

    def __call__(self, key: str, **values: str) -> str:
        pair = _TEXTS.get(key)
        text = key if pair is None else pair[self._index]
        return text.format(**values) if values else text

    def pick(self, translations: Mapping[str, str]) -> str:
        """One language of a {nl, en} mapping."""
        return translations.get(self.language) or translations.get(DEFAULT_LANGUAGE, "")

    def code(self, value: str) -> str:
        """A readable label of a code such as FEDERAL or MIDWIFE."""
        pair = _CODES.get(value)
        if pair is not None:
            return pair[self._index]
        return value.replace("_", " ").lower()

    def period(self, label: str, *, short: bool = False) -> str:
        """'2026-03' -> 'mrt 2026' (short: 'mrt'), '2026-Q1' -> 'K1 2026' / 'Q1 2026', '2026' -> '2026'."""
        if len(label) == 7 and label[4] == "-" and label[5:].isdigit():
            month = _MONTHS[self._index][int(label[5:]) - 1]
            return month if short else f"{month} {label[:4]}"
        if "-Q" in label:
            quarter = ("K" if self.language == "nl" else "Q") + label[-1]
            return quarter if short else f"{quarter} {label[:4]}"
        return label

    def number(self, value: str, measure: Measure) -> str:
        """Format a published figure; protected marks ('<5', 'x') stay as they are."""
        try:
            number = Decimal(value)
        except InvalidOperation:
            return value
        if measure is Measure.RATIO:
            return self._group(f"{number * 100:,.0f}") + "%"
        if measure is Measure.AMOUNT:
            return "€ " + self._group(f"{number:,.2f}")
        return self._group(f"{number:,.0f}")

    def _group(self, english: str) -> str:
        if self.language == "en":
            return english
        return english.translate(_DUTCH_SEPARATORS)
