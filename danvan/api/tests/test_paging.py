"""Paging a list the way a syncing client does: follow `next` (keyset pages `after` the last
id) until it is null, with `count` on the first page only, no row repeated or skipped while
rows are added or changed between pages, and a fixed number of queries a page."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from danvan.api.tests.conftest import Api, Fixture, token_for
from danvan.conftest import make_org
from danvan.core.periods import Period
from danvan.orgs.models import OrgKind
from danvan.reporting.models import Report
from danvan.welfare.models import Household

PREFIX = "http://testserver/api/v1"

# Every paginated list, asked as the province (dataValueSets answers under `dataValues`).
LISTS = [
    "/units?at=2021-03-31&under=66",
    "/organizations",
    "/reports",
    "/campaigns",
    "/households",
    "/sessions",
    "/incidents",
    "/notes",
    "/recommendations",
    "/meetings",
    "/tasks",
    "/dataValueSets?period=2021Q1",
]


def rows_of(answer: dict[str, Any]) -> list[Any]:
    return answer.get("results", answer.get("dataValues"))  # type: ignore[return-value]


def follow(api: Api, path: str, limit: int = 50) -> tuple[list[dict[str, Any]], list[Any]]:
    """Every page from `path` on, by its `next` links: the pages and their rows together."""
    pages: list[dict[str, Any]] = []
    rows: list[Any] = []
    while path and len(pages) < limit:
        answer = api.get(path)
        assert answer.status_code == 200, answer.content
        page = answer.json()
        pages.append(page)
        rows.extend(rows_of(page))
        following = page["next"]
        if following is not None:
            assert following.startswith(PREFIX + path.split("?")[0] + "?")
        path = following.removeprefix(PREFIX) if following else ""
    return pages, rows


def with_query(path: str, **params: Any) -> str:
    return path + ("&" if "?" in path else "?") + urlencode(params)


@pytest.mark.parametrize("path", LISTS)
def test_every_list_pages_by_next_as_one_page_would(api_world: Fixture, path: str) -> None:
    api = api_world.api("province")
    whole = api.get(with_query(path, page_size=1000)).json()
    assert whole["next"] is None and whole["page"] is None
    expected = rows_of(whole)[:12]
    assert expected, "each list holds something for the province in the test world"
    pages, rows = follow(api, with_query(path, page_size=2), limit=6)
    assert rows == expected
    # The first page counts every row; the pages after it do not count again.
    assert pages[0]["count"] == whole["count"] == len(rows_of(whole))
    assert all(page["count"] is None for page in pages[1:])
    assert all(page["page_size"] == 2 and page["page"] is None for page in pages)
    if len(pages) > 1:
        counted = api.get(pages[0]["next"].removeprefix(PREFIX) + "&with_count=true").json()
        assert counted["count"] == whole["count"]


def test_page_numbers_still_work_and_do_not_mix_with_after(api_world: Fixture) -> None:
    Household.objects.create(
        head_name="Trần Văn Nam", birth_year=1975, commune=api_world.people.world.commune_a_unit
    )
    api = api_world.api("province")
    everything = [h["id"] for h in api.get("/households?page_size=1000").json()["results"]]
    assert len(everything) >= 2
    second = api.get("/households?page=2&page_size=1").json()
    assert second["page"] == 2 and second["count"] == len(everything)
    assert [h["id"] for h in second["results"]] == [everything[1]]
    # Its `next` leads on by id, not by number.
    assert "page=" not in (second["next"] or "")
    both = api.get(f"/households?page=2&after={everything[0]}")
    assert both.status_code == 422 and both.json()["field"] == "page"
    assert "after hoặc page" in both.json()["message"]
    negative = api.get("/households?after=-1")
    assert negative.status_code == 422 and negative.json()["field"] == "after"
    huge = api.get("/dataValueSets?period=2021Q1&after=99999999999999999999")
    assert huge.status_code == 422 and huge.json()["field"] == "after"
    past_the_end = api.get(f"/households?after={everything[-1]}").json()
    assert past_the_end["results"] == [] and past_the_end["next"] is None


def _row(f: Fixture) -> dict[str, Any]:
    """Report A's figure changed from 5 to 9."""
    return {
        "dataElement": "tt-buoi", "period": "2021Q1", "orgUnit": "24133",
        "organization": f.women_a.name, "value": 9,
    }  # fmt: skip


def _iso(moment: dt.datetime) -> str:
    return moment.isoformat()


def test_updated_since_and_after_sync_without_repeating_or_skipping_rows(
    api_world: Fixture,
) -> None:
    """Reports changed since T0, two a page: a report added between pages comes on a later
    page of the same pass; one changed between pages whose id lies before the cursor is not
    in this pass but in the next sync, started from this pass's start. Pages by number would
    have repeated a row instead."""
    w = api_world.people.world
    form, q1 = api_world.form, Period.parse("2021Q1")
    since = timezone.now()
    new = []
    for kind in (OrgKind.FARMERS, OrgKind.YOUTH, OrgKind.VETERANS):
        report = Report.new(form, make_org(kind, w.commune_a_unit), q1)
        report.save()
        new.append(report.pk)
    api = api_world.api("province")
    first_path = with_query("/reports", updated_since=_iso(since), page_size=2)
    started = timezone.now()
    first = api.get(first_path).json()
    assert [r["id"] for r in first["results"]] == new[:2] and first["count"] == 3
    # Between the pages: an officer sends a figure of report A (an older id), and a report
    # is added.
    saved = Api(token_for(api_world.entry_a)).post(
        "/dataValueSets", {"dataValues": [_row(api_world)]}
    )
    assert saved.json()["updated"] == 1, saved.content
    added = Report.new(form, make_org(OrgKind.LABOUR, w.commune_a_unit), q1)
    added.save()
    numbered = api.get(with_query("/reports", updated_since=_iso(since), page_size=2, page=2))
    assert numbered.json()["results"][0]["id"] == new[1]  # repeated by number
    _, rest = follow(api, first["next"].removeprefix(PREFIX))
    seen = [r["id"] for r in first["results"]] + [r["id"] for r in rest]
    assert seen == [*new, added.pk] and len(set(seen)) == len(seen)
    _, next_sync = follow(api, with_query("/reports", updated_since=_iso(started), page_size=2))
    assert api_world.report_a.pk in [r["id"] for r in next_sync]
    assert api_world.report_b.pk not in [r["id"] for r in next_sync]


def test_data_values_since_a_time_are_those_of_reports_written_since(
    api_world: Fixture,
) -> None:
    api = api_world.api("province")
    since = timezone.now()
    path = with_query("/dataValueSets", period="2021Q1", updated_since=_iso(since))
    assert api.get(path).json() == {
        "count": 0, "page": None, "page_size": 1000, "next": None, "dataValues": []
    }  # fmt: skip
    entry = Api(token_for(api_world.entry_a))
    assert entry.post("/dataValueSets", {"dataValues": [_row(api_world)]}).json()["updated"] == 1
    found = api.get(path).json()
    assert [(v["orgUnit"], v["value"]) for v in found["dataValues"]] == [("24133", "9")]
    csv_text = api.get(path + "&format=csv").content.decode().lstrip("\ufeff")
    assert len(csv_text.splitlines()) == 2 and ",24133," in csv_text
    before = with_query("/dataValueSets", period="2021Q1", updated_since="2000-01-01T00:00:00Z")
    assert api.get(before).json()["count"] == 2


def _queries(api: Api, path: str) -> int:
    with CaptureQueriesContext(connection) as seen:
        assert api.get(path).status_code == 200
    return len(seen)


@pytest.mark.parametrize(
    "path, per_page",
    [
        # Who asks (5): the token, its rate count and last use in one update, the user's roles
        # and their scope through two levels of succession links. Then the page (one more
        # row than asked) and its names: reports, indicators (options only when a row has one).
        ("/dataValueSets?period=2021Q1", 5 + 3),
        # the page with its forms, organizations and units joined
        ("/reports", 5 + 1),
        # the page and its target groups
        ("/households", 5 + 2),
    ],
)
def test_a_page_takes_the_same_few_queries_whatever_its_size(
    api_world: Fixture, path: str, per_page: int
) -> None:
    """Pinned: a later page (`after`) takes `per_page` queries for 1 row or 3; the first page
    one more, its count, unless it holds every row."""
    w = api_world.people.world
    for i in range(4):
        Household.objects.create(
            head_name=f"Hộ thử {i}", birth_year=1970, commune=w.commune_a_unit, village="Tổ 2"
        )
        report = Report.new(
            api_world.form, make_org(OrgKind.FARMERS, w.commune_a_unit), Period.parse("2021Q1")
        )
        report.save()
        report.values.create(indicator_id=api_world.report_a.values.get().indicator_id, value=i)
    api = api_world.api("province")
    ids = [r.get("id") for r in rows_of(api.get(with_query(path, page_size=1000)).json())]
    assert len(ids) >= 5
    after = api.get(with_query(path, page_size=1)).json()["next"].removeprefix(PREFIX)
    small = _queries(api, after)
    large = _queries(api, after.replace("page_size=1", "page_size=3"))
    assert small == large == per_page
    assert _queries(api, with_query(path, page_size=1)) == per_page + 1
    assert _queries(api, with_query(path, page_size=1000)) == per_page
