"""Shared pieces of the API schemas."""

from __future__ import annotations

from typing import Annotated, Any

from ninja import Schema
from pydantic import ConfigDict, Field, field_validator

# Primary keys are 64-bit integers: a larger number cannot name a record, and some database
# drivers fail (instead of finding nothing) when handed one inside `IN (...)`.
DB_ID_MAX = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=DB_ID_MAX)]

# A NUL character cannot be stored in a PostgreSQL text column; refuse it as bad input.
NO_NUL = r"^[^\x00]*$"


def _reject_nul(value: Any) -> Any:
    if isinstance(value, str) and "\x00" in value:
        raise ValueError("Không được chứa ký tự NUL (\\x00).")
    if isinstance(value, list):
        for item in value:
            _reject_nul(item)
    return value


class InputSchema(Schema):
    """Request bodies refuse unknown fields, so a typo is an error rather than silently lost.

    Partial-update schemas declare optional fields as `str = Field(None, ...)` (not
    `str | None`): omitting a field leaves it unchanged, while an explicit `null` is refused
    unless the column may really be empty.
    """

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul_characters(cls, value: Any) -> Any:
        return _reject_nul(value)


class ErrorDetail(Schema):
    field: str | None = None
    message: str
    type: str | None = None


class ErrorBody(Schema):
    code: str
    message: str
    fields: list[ErrorDetail] = []


class Error(Schema):
    error: ErrorBody


ERRORS = {401: Error, 403: Error, 404: Error, 409: Error, 422: Error}
