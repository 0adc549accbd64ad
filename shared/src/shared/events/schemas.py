"""JSON Schema snapshots of every event and the AsyncAPI document, generated from the registry.

    python -m shared.events.schemas --write    # refresh contracts/ (make contracts)
    python -m shared.events.schemas --check    # exit 1 when contracts/ is stale or a change is breaking

Compatibility rule: within one (type, version) a change may only add optional fields. Removing a field,
changing its type or adding a required field is breaking and needs a new version class (`...V2`).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from shared.events.base import EventPayload
from shared.events.contracts.topics import TOPICS, dlq
from shared.events.registry import EventRegistry, default_registry

ENVELOPE_FIELDS = {
    "event_id": {"type": "string", "format": "uuid"},
    "event_type": {"type": "string"},
    "event_version": {"type": "integer", "minimum": 1},
    "source": {"type": "string"},
    "occurred_at": {"type": "string", "format": "date-time"},
    "subject": {"type": "string", "description": "partition key (client pseudonym or payer organisation)"},
    "correlation_id": {"type": ["string", "null"]},
    "causation_id": {"type": ["string", "null"]},
}


def schema_file_name(cls: type[EventPayload]) -> str:
    return f"{cls.event_type}.v{cls.event_version}.json"


def payload_schema(cls: type[EventPayload]) -> dict[str, Any]:
    schema = cls.model_json_schema(mode="serialization")
    schema["$id"] = f"urn:perinatal:event:{cls.event_type}:v{cls.event_version}"
    schema["x-topic"] = cls.topic
    schema["x-event-type"] = cls.event_type
    schema["x-event-version"] = cls.event_version
    return schema


def breaking_changes(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """What a consumer of `old` would trip over in `new` (removed or retyped fields, new required fields)."""
    problems: list[str] = []
    old_props: dict[str, Any] = old.get("properties", {})
    new_props: dict[str, Any] = new.get("properties", {})
    for name, spec in old_props.items():
        if name not in new_props:
            problems.append(f"field '{name}' removed")
        elif _type_of(spec) != _type_of(new_props[name]):
            problems.append(f"field '{name}' changed type {_type_of(spec)} -> {_type_of(new_props[name])}")
        elif spec.get("format") != new_props[name].get("format"):
            problems.append(
                f"field '{name}' changed format {spec.get('format')} -> {new_props[name].get('format')}"
            )
    added_required = set(new.get("required", [])) - set(old.get("required", []))
    for name in sorted(added_required):
        problems.append(f"field '{name}' became required")
    return problems


def _type_of(spec: dict[str, Any]) -> Any:
    if "anyOf" in spec:
        return sorted(json.dumps(_type_of(s), sort_keys=True) for s in spec["anyOf"])
    if "$ref" in spec:
        return spec["$ref"]
    if "allOf" in spec:
        return [_type_of(s) for s in spec["allOf"]]
    return spec.get("type"), (spec.get("items") or {}).get("type")


def asyncapi(registry: EventRegistry) -> dict[str, Any]:
    """An AsyncAPI 3.0 document of every topic and event."""
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    components: dict[str, Any] = {"messages": {}, "schemas": {}}
    by_topic: dict[str, list[type[EventPayload]]] = {}
    for cls in registry.classes():
        by_topic.setdefault(cls.topic, []).append(cls)
    for info in TOPICS:
        channel_id = info.name.replace(".", "_").replace("-", "_")
        messages = {}
        for cls in by_topic.get(info.name, []):
            msg_id = f"{cls.event_type.replace('.', '_')}_v{cls.event_version}"
            components["schemas"][msg_id] = payload_schema(cls)
            components["messages"][msg_id] = {
                "name": cls.event_type,
                "title": f"{cls.event_type} v{cls.event_version}",
                "summary": cls.summary or cls.__doc__ or cls.event_type,
                "contentType": "application/json",
                "headers": {
                    "type": "object",
                    "properties": {
                        "event_id": {"type": "string"},
                        "event_type": {"const": cls.event_type},
                        "event_version": {"const": str(cls.event_version)},
                        "correlation_id": {"type": "string"},
                    },
                },
                "payload": {
                    "type": "object",
                    "required": [
                        "event_id",
                        "event_type",
                        "event_version",
                        "source",
                        "occurred_at",
                        "subject",
                    ],
                    "properties": {**ENVELOPE_FIELDS, "payload": {"$ref": f"#/components/schemas/{msg_id}"}},
                },
            }
            messages[msg_id] = {"$ref": f"#/components/messages/{msg_id}"}
        channels[channel_id] = {
            "address": info.name,
            "description": f"{info.description} Key: {info.key}. Dead letters: {dlq(info.name)}.",
            "messages": messages,
        }
        operations[f"publish_{channel_id}"] = {
            "action": "send",
            "channel": {"$ref": f"#/channels/{channel_id}"},
            "summary": f"Published by {info.producer} through its transactional outbox (at least once).",
        }
        for consumer in info.consumers:
            operations[f"{consumer.replace(' ', '_')}_receives_{channel_id}"] = {
                "action": "receive",
                "channel": {"$ref": f"#/channels/{channel_id}"},
                "summary": f"Consumed by {consumer}; deduplicate by event_id.",
            }
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "Perinatal suite events",
            "version": "1.0.0",
            "description": (
                "Every event of the suite. Envelopes carry event_id (unique), event_type, event_version, "
                "source, occurred_at (UTC), subject (the partition key), correlation_id and causation_id. "
                "Delivery is at least once: consumers deduplicate by event_id. No event carries a national "
                "register number; clients are identified by a keyed pseudonym."
            ),
        },
        "defaultContentType": "application/json",
        "channels": channels,
        "operations": operations,
        "components": components,
    }


def render(registry: EventRegistry) -> dict[str, str]:
    """Relative path -> file text of everything under contracts/."""
    files = {f"events/{schema_file_name(cls)}": _dump(payload_schema(cls)) for cls in registry.classes()}
    files["asyncapi.json"] = _dump(asyncapi(registry))
    return files


def _dump(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def check(directory: Path, registry: EventRegistry) -> list[str]:
    """Problems between the generated contracts and those in `directory` (empty when all is well)."""
    problems: list[str] = []
    for cls in registry.classes():
        path = directory / "events" / schema_file_name(cls)
        new = payload_schema(cls)
        if not path.exists():
            problems.append(f"{path.name}: no snapshot yet (run make contracts)")
            continue
        old = json.loads(path.read_text())
        for change in breaking_changes(old, new):
            problems.append(f"{path.name}: BREAKING: {change}; publish a new version class instead")
    for rel, text in render(registry).items():
        path = directory / rel
        if path.exists() and path.read_text() != text:
            problems.append(f"{rel}: stale (run make contracts)")
    known = {schema_file_name(cls) for cls in registry.classes()}
    for path in sorted((directory / "events").glob("*.json")):
        if path.name not in known:
            problems.append(f"{path.name}: a released event version disappeared from the registry")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dir", type=Path, default=Path("contracts"))
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", action="store_true")
    mode.add_argument("--check", action="store_true")
    args = parser.parse_args()
    registry = default_registry()
    if args.check:
        problems = check(args.dir, registry)
        for problem in problems:
            print(problem, file=sys.stderr)  # noqa: T201
        return 1 if problems else 0
    breaking = [p for p in check(args.dir, registry) if "BREAKING" in p or "disappeared" in p]
    if breaking:
        for problem in breaking:
            print(problem, file=sys.stderr)  # noqa: T201
        return 1
    for rel, text in render(registry).items():
        path = args.dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
