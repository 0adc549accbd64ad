"""Read which database constraint an IntegrityError came from, so a use case can raise the matching rule."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError


def violated_constraint(exc: IntegrityError) -> str | None:
    """Return the name of the violated constraint (unique, exclusion, check, foreign key), if PostgreSQL said."""
    for candidate in (exc.orig, getattr(exc.orig, "__cause__", None)):
        name = getattr(candidate, "constraint_name", None)
        if isinstance(name, str) and name:
            return name
    return None
