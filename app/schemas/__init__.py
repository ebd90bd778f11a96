"""What the API takes and gives: pydantic models, built by the services' read models and
returned by the routes as they are."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class ReadModel(BaseModel):
    """An answer read off the attributes of a row or a view (`Model.model_validate(row)`)."""

    model_config = ConfigDict(from_attributes=True)
