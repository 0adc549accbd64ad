"""Reference codes: indicator and topic codes (SCR-02, SCR-03) and NIS codes of residence (Q-05)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from screening.domain.errors import UnknownIndicator, UnknownMunicipality, UnknownTopic
from screening.domain.model import Indicator, ResidenceMunicipality, Topic

_INDICATOR_CODES = frozenset(indicator.value for indicator in Indicator)
_TOPIC_CODES = frozenset(topic.value for topic in Topic)


def parse_indicators(codes: Iterable[str]) -> frozenset[Indicator]:
    """SCR-03: map indicator codes to the 8 KCE indicators; refuse unknown codes, listing them all."""
    codes = list(codes)
    unknown = sorted({code for code in codes if code not in _INDICATOR_CODES})
    if unknown:
        raise UnknownIndicator(f"Unknown indicator codes: {', '.join(unknown)}.", extra={"unknown": unknown})
    return frozenset(Indicator(code) for code in codes)


def parse_topics(codes: Iterable[str]) -> frozenset[Topic]:
    """SCR-02: map topic codes to the screening topics; refuse unknown codes, listing them all."""
    codes = list(codes)
    unknown = sorted({code for code in codes if code not in _TOPIC_CODES})
    if unknown:
        raise UnknownTopic(f"Unknown topic codes: {', '.join(unknown)}.", extra={"unknown": unknown})
    return frozenset(Topic(code) for code in codes)


def resolve_residence_municipality(
    nis_code: str, *, current: Mapping[str, str], crosswalk: Mapping[str, str]
) -> ResidenceMunicipality:
    """Q-05: validate a 5-digit NIS code against current codes (code -> name), mapping old codes forward."""
    reported = nis_code.strip() if isinstance(nis_code, str) else ""
    if len(reported) != 5 or not all("0" <= ch <= "9" for ch in reported):
        raise UnknownMunicipality("A municipality is identified by a 5-digit NIS code.")
    code, seen = reported, {reported}
    while code not in current:
        successor = crosswalk.get(code)
        if successor is None or successor in seen:
            raise UnknownMunicipality(
                f"Unknown municipality NIS code {reported}.", extra={"nis_code": reported}
            )
        seen.add(successor)
        code = successor
    return ResidenceMunicipality(nis_code=code, name=current[code], reported_code=reported)
