"""What every table of the centre file is built from: strict models and names per language."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

STRICT = ConfigDict(extra="forbid", frozen=True)  # a typo in the centre file is an error


class Strict(BaseModel):
    model_config = STRICT


class Names(Strict):
    """A visitor-facing name in every language."""

    kk: Annotated[str, Field(min_length=1)]
    ru: Annotated[str, Field(min_length=1)]
    en: Annotated[str, Field(min_length=1)]

    def in_(self, language: str) -> str:
        return str(getattr(self, language, self.en))
