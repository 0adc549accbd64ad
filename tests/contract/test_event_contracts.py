"""Event contracts: the committed JSON Schemas and AsyncAPI document match the registry, and breaking changes
to a released (type, version) are caught."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shared.events import schemas
from shared.events.base import EventPayload
from shared.events.contracts.topics import TOPICS
from shared.events.registry import EventRegistry, default_registry

pytestmark = pytest.mark.unit


def test_committed_contracts_match_the_registry_and_no_released_event_changed_incompatibly(
    repo_root: Path,
) -> None:
    problems = schemas.check(repo_root / "contracts", default_registry())
    assert problems == [], "\n".join(problems)


def test_every_registered_event_is_documented_in_the_asyncapi_document(repo_root: Path) -> None:
    document = json.loads((repo_root / "contracts" / "asyncapi.json").read_text())
    names = {m["name"] for m in document["components"]["messages"].values()}
    assert names == {cls.event_type for cls in default_registry().classes()}
    addresses = {c["address"] for c in document["channels"].values()}
    assert addresses == {t.name for t in TOPICS}


def test_every_event_lives_on_a_known_topic() -> None:
    topics = {t.name for t in TOPICS}
    assert all(cls.topic in topics for cls in default_registry().classes())


class _V1(EventPayload):
    event_type = "test.thing.happened"
    event_version = 1
    topic = "screening.events"

    thing_id: str
    note: str | None = None


class _RemovedField(EventPayload):
    event_type = "test.thing.happened"
    event_version = 1
    topic = "screening.events"

    thing_id: str


class _RetypedField(EventPayload):
    event_type = "test.thing.happened"
    event_version = 1
    topic = "screening.events"

    thing_id: int
    note: str | None = None


class _NewRequiredField(EventPayload):
    event_type = "test.thing.happened"
    event_version = 1
    topic = "screening.events"

    thing_id: str
    note: str | None = None
    amount: int


class _NewOptionalField(EventPayload):
    event_type = "test.thing.happened"
    event_version = 1
    topic = "screening.events"

    thing_id: str
    note: str | None = None
    extra: str | None = None


@pytest.mark.parametrize(
    ("changed", "expected"),
    [
        (_RemovedField, "field 'note' removed"),
        (_RetypedField, "field 'thing_id' changed type"),
        (_NewRequiredField, "field 'amount' became required"),
    ],
)
def test_a_breaking_change_to_a_released_event_is_reported(
    changed: type[EventPayload], expected: str
) -> None:
    found = schemas.breaking_changes(schemas.payload_schema(_V1), schemas.payload_schema(changed))
    assert any(expected in problem for problem in found), found


def test_adding_an_optional_field_is_not_breaking_but_asks_for_a_refreshed_snapshot(tmp_path: Path) -> None:
    assert (
        schemas.breaking_changes(schemas.payload_schema(_V1), schemas.payload_schema(_NewOptionalField)) == []
    )
    old = EventRegistry().register_all([_V1])
    for rel, text in schemas.render(old).items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    problems = schemas.check(tmp_path, EventRegistry().register_all([_NewOptionalField]))
    assert problems and all("stale" in p for p in problems)


def test_a_breaking_change_fails_the_contract_check(tmp_path: Path) -> None:
    for rel, text in schemas.render(EventRegistry().register_all([_V1])).items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    problems = schemas.check(tmp_path, EventRegistry().register_all([_RemovedField]))
    assert any("BREAKING" in p for p in problems)
