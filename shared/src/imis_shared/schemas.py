"""Base for request bodies: unknown fields are refused (422 naming them)."""

from pydantic import BaseModel, ConfigDict


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid")
