"""A synthetic national year of screening events, generated lazily (seeded shape, random ids).

Belgium has about 120,000 births a year. Per pregnancy the screening service publishes, on average, about ten
events: the registration, one psychosocial screening (sometimes a correction that supersedes it), the scenario
that follows, several prenatal advice sessions, sometimes a referral or an inclusion decision, and the birth (or
the end of the pregnancy). 120,000 pregnancies therefore make about 1.2 million events, the figure every rate is
projected onto. The events are real contracts of `shared.events.contracts.screening`, so their size and their
encode/decode cost are the production ones; identifiers are pseudonyms and random ids, as on the wire.
"""

from __future__ import annotations

import hashlib
import itertools
import random
import uuid
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from shared.events.base import EventPayload
from shared.events.contracts.common import Performer
from shared.events.contracts.screening import (
    BirthRecordedV1,
    ClientScenarioDeterminedV1,
    InclusionDecidedV1,
    PregnancyEndedV1,
    PregnancyRegisteredV1,
    PrenatalAdviceSessionHeldV1,
    ReferralRecordedV1,
    ScreeningRecordedV1,
)
from shared.events.envelope import EventEnvelope, new_envelope

BIRTHS_PER_YEAR = 120_000
NATIONAL_YEAR_EVENTS = 1_200_000
SOURCE = "screening"

# A few real NIS codes (Antwerp, Brussels, Ghent, Liège, Bruges, Leuven, Charleroi, Namur).
_NIS = ("11002", "21004", "44021", "62063", "31005", "24062", "52011", "92094")
_PROFESSIONS = ("MIDWIFE", "GENERAL_PRACTITIONER", "GYNAECOLOGIST", "SOCIAL_WORKER")
_INDICATORS = ("SCR-03-01", "SCR-03-02", "SCR-03-04", "SCR-03-07", "SCR-03-09")
_TOPICS = ("HOUSING", "INCOME", "MENTAL_HEALTH", "SOCIAL_NETWORK", "SUBSTANCE_USE")
_YEAR_START = date(2026, 1, 1)


def _performer(rng: random.Random) -> Performer:
    k = rng.randrange(4_000)
    return Performer(
        professional_id=f"prof-{k:05d}",
        profession=_PROFESSIONS[k % len(_PROFESSIONS)],
        organisation_id=f"org-{k // 20:04d}",
        organisation_kind="PRIMARY_CARE",
        funding_type="HEALTH_INSURANCE" if k % 3 else "WELFARE",
        location_nis=_NIS[k % len(_NIS)],
    )


def _at(day: date, rng: random.Random) -> datetime:
    return datetime.combine(day, time(8 + rng.randrange(10), rng.randrange(60)), tzinfo=UTC)


def pregnancy_events(index: int, rng: random.Random) -> list[EventEnvelope[Any]]:
    """The events of one pregnancy, in the order the screening service would publish them (~10 on average)."""
    pseudonym = hashlib.blake2b(f"bench-client:{index}".encode(), digest_size=16).hexdigest()
    pregnancy_id = uuid.UUID(int=rng.getrandbits(128), version=4)
    nis = rng.choice(_NIS)
    registered = _YEAR_START + timedelta(days=rng.randrange(365))
    out: list[tuple[EventPayload, date]] = []

    def emit(payload: EventPayload, day: date) -> None:
        out.append((payload, day))

    emit(
        PregnancyRegisteredV1(
            pregnancy_id=pregnancy_id,
            client_pseudonym=pseudonym,
            expected_delivery_date=registered + timedelta(days=200 + rng.randrange(60)),
            residence_nis=nis,
            mutuality_code=f"{rng.randrange(100, 600)}",
            first_contact_professional_id=f"prof-{rng.randrange(4_000):05d}",
        ),
        registered,
    )
    if rng.random() < 0.3:
        emit(
            ReferralRecordedV1(
                referral_id=uuid.uuid4(),
                pregnancy_id=pregnancy_id,
                client_pseudonym=pseudonym,
                referral_date=registered,
                referrer=_performer(rng),
                residence_nis=nis,
                supported_by_case_management=rng.random() < 0.2,
            ),
            registered,
        )
    screened = registered + timedelta(days=7 + rng.randrange(30))
    indicators = rng.sample(_INDICATORS, rng.randrange(3))
    scenario = "B" if len(indicators) > 1 else ("A" if indicators else "0")
    screening_id = uuid.uuid4()
    screenings = 2 if rng.random() < 0.1 else 1  # a correction supersedes the first record
    for n in range(screenings):
        emit(
            ScreeningRecordedV1(
                screening_id=screening_id if n == 0 else uuid.uuid4(),
                pregnancy_id=pregnancy_id,
                client_pseudonym=pseudonym,
                screening_date=screened,
                status="COMPLETED",
                indicators=indicators,
                topics=rng.sample(_TOPICS, 1 + rng.randrange(3)),
                scenario=scenario,
                performer=_performer(rng),
                funding_type="HEALTH_INSURANCE",
                residence_nis=nis,
                gestational_age_days=60 + rng.randrange(80),
                late=rng.random() < 0.2,
                reimbursable=n == 0,
                supersedes=screening_id if n else None,
                correction_reason="TYPO" if n else None,
            ),
            screened + timedelta(days=n),
        )
    if rng.random() < 0.05:
        emit(
            InclusionDecidedV1(
                decision_id=uuid.uuid4(),
                pregnancy_id=pregnancy_id,
                client_pseudonym=pseudonym,
                decision_date=screened,
                basis="PROFESSIONAL_JUDGEMENT_NO_TOOL_RESULT",
                reason="REFUSAL",
                indicators=indicators,
                scenario="A",
                performer=_performer(rng),
                residence_nis=nis,
            ),
            screened,
        )
    emit(
        ClientScenarioDeterminedV1(
            pregnancy_id=pregnancy_id,
            client_pseudonym=pseudonym,
            scenario=scenario,
            exception=False,
            basis="SCREENING",
            record_id=screening_id,
            effective_date=screened,
            indicators=indicators,
        ),
        screened,
    )
    day = screened
    for number in range(1, rng.randint(2, 9) + 1):
        day += timedelta(days=7 + rng.randrange(21))
        emit(
            PrenatalAdviceSessionHeldV1(
                session_id=uuid.uuid4(),
                pregnancy_id=pregnancy_id,
                client_pseudonym=pseudonym,
                session_date=day,
                session_number=number,
                performer=_performer(rng),
                residence_nis=nis,
                reimbursable=number <= 6,
                reason=None if number <= 6 else "CAP_REACHED",
            ),
            day,
        )
    day += timedelta(days=14 + rng.randrange(60))
    if rng.random() < 0.95:
        children = 2 if rng.random() < 0.02 else 1
        emit(
            BirthRecordedV1(
                pregnancy_id=pregnancy_id,
                client_pseudonym=pseudonym,
                birth_date=day,
                number_of_children=children,
                child_ids=[uuid.uuid4() for _ in range(children)],
            ),
            day,
        )
    else:
        emit(
            PregnancyEndedV1(
                pregnancy_id=pregnancy_id, client_pseudonym=pseudonym, end_date=day, reason="OTHER"
            ),
            day,
        )
    return [
        new_envelope(
            payload,
            source=SOURCE,
            subject=pseudonym,
            occurred_at=_at(when, rng),
            correlation_id=f"bench-{index}-{i}",
        )
        for i, (payload, when) in enumerate(out)
    ]


def events(count: int, *, seed: int = 2026) -> Iterator[EventEnvelope[Any]]:
    """Exactly `count` events, pregnancy after pregnancy (the last pregnancy may be cut short)."""
    rng = random.Random(seed)  # synthetic data, not crypto
    produced = 0
    for index in itertools.count():
        for envelope in pregnancy_events(index, rng):
            if produced >= count:
                return
            produced += 1
            yield envelope


def chunks(items: Iterable[EventEnvelope[Any]], size: int) -> Iterator[list[EventEnvelope[Any]]]:
    """Consecutive lists of at most `size` items."""
    it = iter(items)
    while chunk := list(itertools.islice(it, size)):
        yield chunk
