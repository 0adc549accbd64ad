"""Read models shared by every resource: who a person is, as the front ends see it (no names)."""

from __future__ import annotations

from dataclasses import dataclass

from careteam.domain.model import InformalCarer, Person, PersonRef, Professional


@dataclass(frozen=True)
class RefView:
    kind: str
    member_id: str


@dataclass(frozen=True)
class PersonView:
    kind: str
    member_id: str
    profession: str | None = None
    organisation_id: str | None = None
    funding_type: str | None = None
    life_domain: str | None = None
    coordination_in_mission: bool | None = None
    location_nis: str | None = None
    relation: str | None = None
    is_representative: bool | None = None


def ref_view(ref: PersonRef) -> RefView:
    return RefView(kind=ref.kind.value, member_id=ref.id)


def refs_view(refs: frozenset[PersonRef]) -> list[RefView]:
    return [ref_view(r) for r in sorted(refs, key=lambda r: (r.kind, r.id))]


def person_view(person: Person) -> PersonView:
    if isinstance(person, Professional):
        return PersonView(
            kind=person.ref.kind.value,
            member_id=person.professional_id,
            profession=person.profession,
            organisation_id=person.organisation_id,
            funding_type=person.funding_type.value,
            life_domain=person.life_domain.value,
            coordination_in_mission=person.coordination_in_mission,
            location_nis=person.location_nis,
        )
    if isinstance(person, InformalCarer):
        return PersonView(
            kind=person.ref.kind.value,
            member_id=person.carer_id,
            relation=person.relation or None,
            is_representative=person.is_representative,
        )
    return PersonView(kind=person.ref.kind.value, member_id=person.ref.id)
