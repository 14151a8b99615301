"""The answer to a member import: counts and the rows that were not imported."""

from __future__ import annotations

from pydantic import BaseModel, Field


class RejectedRow(BaseModel):
    row: int = Field(description="Line of the file (the header is line 1).")
    field: str = Field(description="The column at fault, or `row` for a broken line.")
    reason: str


class SkippedRow(BaseModel):
    row: int
    reason: str


class ImportReport(BaseModel):
    imported: int = Field(description="New member records (without a user account).")
    updated: int = Field(description="Existing records changed by the file.")
    unchanged: int = Field(description="Rows matching a record that already holds the same values.")
    skipped: list[SkippedRow] = Field(description="Rows matching a member who manages their own record.")
    rejected: list[RejectedRow] = Field(description="Invalid rows, one entry per bad field.")
    rejected_rows: int
