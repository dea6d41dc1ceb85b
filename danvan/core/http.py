"""What views need of a request: the dates it asks about, the version a form carried."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest

from danvan.core import params
from danvan.vi.dates import parse_date


def date_param(request: HttpRequest, default: dt.date, name: str = "at") -> tuple[dt.date, str]:
    """The ?at= date (dd/mm/yyyy or yyyy-mm-dd), or `default`; with the Vietnamese error
    message when what was given is not a date (empty when all is well)."""
    raw = request.GET.get(name, "").strip()
    if not raw:
        return default, ""
    try:
        return parse_date(raw), ""
    except ValueError as error:
        return default, str(error)


def posted_version(request: HttpRequest) -> int | None:
    """The record version the page was rendered with; None when the form did not carry one (a
    malformed one answers 400 through `params.BadParameter`)."""
    return params.int_param(request, "version", "Phiên bản", source="POST", maximum=params.INT_MAX)
