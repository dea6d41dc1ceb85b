"""The OpenAPI document is part of the API's contract: a change to it fails here until the
snapshot beside this file is updated on purpose (run with DANVAN_UPDATE_API_SNAPSHOT=1 and
review the diff)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from danvan.api.api import api

SNAPSHOT = Path(__file__).with_name("openapi.json")


def current() -> str:
    return json.dumps(api.get_openapi_schema(), ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def test_openapi_document_matches_the_reviewed_snapshot() -> None:
    text = current()
    if os.environ.get("DANVAN_UPDATE_API_SNAPSHOT") == "1":
        SNAPSHOT.write_text(text, encoding="utf-8")
    assert text == SNAPSHOT.read_text(encoding="utf-8"), (
        "The API's OpenAPI document changed; review it and update the snapshot with "
        "DANVAN_UPDATE_API_SNAPSHOT=1."
    )
