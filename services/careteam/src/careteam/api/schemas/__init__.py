"""API contract of the careteam service (pydantic v2): request bodies with examples, and read models."""
