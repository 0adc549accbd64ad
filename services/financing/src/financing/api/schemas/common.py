"""Shapes shared by the financing API schemas."""

from __future__ import annotations

from typing import Annotated, Generic, TypeVar

from pydantic import BaseModel, Field

T = TypeVar("T")

AMOUNT_PATTERN = r"^\d{1,10}\.\d{2}$"

Amount = Annotated[
    str,
    Field(pattern=AMOUNT_PATTERN, examples=["22.55"], description="EUR as a decimal string (never a float)"),
]
AmountIn = Annotated[
    str,
    Field(
        pattern=r"^\d{1,10}(\.\d{1,2})?$",
        examples=["150000.00"],
        description="EUR as a decimal string with at most two decimals (JSON numbers are refused)",
    ),
]


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int = Field(description="items matching the filters")
    limit: int
    offset: int
