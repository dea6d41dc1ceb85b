"""`danvan bench api`: listing and importing 10.000 data values through the web API, against
the same work through the ORM directly, in the same run.

Builds (once, then reuses) an inactive quarterly form "bench-api" with 50 whole-number
indicators and, for 200 communes of 2021 Đắk Lắk, one organization each with its Q1 2021 draft
report: 10.000 values. A user with the province's administrator role and a token asks:

- list: every value of the form in the quarter, `GET /api/v1/dataValueSets` in 10 pages of
  1.000 followed by their `next` links (keyset pages, as a client syncing would), against the
  same 10 keyset pages read by the ORM (`pk > last id`, one `values_list` each with its joins);
  also against one `values_list` of every row, and the API in one page of 10.000 against that.
  Each ORM baseline turns its rows into the same JSON (the API's answer is JSON; a baseline
  that stopped at tuples would leave out work the listing has to do);
- import: the 10.000 values sent back changed, one `POST /api/v1/dataValueSets` (checked row by
  row, all or nothing) against a bare `bulk_update` of the same rows; and, to show what the HTTP
  layer itself costs, against calling `exchange.import_rows` directly.

Requests go through Django's test client in the same process (no network): what is measured is
the API's own work. Run it on a scratch database.
"""

from __future__ import annotations

import json
import time
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.core.management.base import CommandError, CommandParser
from django.test import Client

from danvan.api.actions import create_token
from danvan.core.periods import Period
from danvan.demo.bench import Benchmark
from danvan.geo.models import AdminUnit
from danvan.orgs import access
from danvan.orgs.models import Organization, OrgKind, Role, RoleKind, User
from danvan.reporting import exchange, rollups
from danvan.reporting.models import (
    DataValue,
    FormItem,
    FormSection,
    Indicator,
    Report,
    ReportForm,
    status_code,
)

FORM = "bench-api"
PERIOD = "2021Q1"
INDICATORS = 50


def _timed(setup: Any, run: Any, repeat: int) -> float:
    """Median milliseconds of `run` over `repeat` runs (after a warm-up), `setup` untimed."""
    samples = []
    for i in range(repeat + 1):
        setup()
        started = time.perf_counter()
        run()
        if i:
            samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return samples[len(samples) // 2]


class ApiBench(Benchmark):
    name = "api"
    help = "liệt kê và nhập 10.000 số liệu qua API so với làm thẳng bằng ORM"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--values", type=int, default=10_000, help="số số liệu (bội của 50)")
        parser.add_argument("--repeat", type=int, default=5, help="số lần đo mỗi phép")

    def build(self, count: int) -> tuple[ReportForm, User]:
        period = Period.parse(PERIOD)
        orgs_needed = max(count // INDICATORS, 1)
        # The province of today: its administrator sees the 2021 communes merged into it
        # (those of old Đắk Lắk and Phú Yên).
        province = AdminUnit.objects.filter(code="66", valid_to__isnull=True).first()
        if province is None:
            raise CommandError("Chưa có đơn vị hành chính: chạy `danvan migrate` trước.")
        top = Organization.objects.filter(kind=OrgKind.COMMISSION, admin_unit=province).first()
        if top is None:
            top = Organization.objects.create(
                kind=OrgKind.COMMISSION, name="Ban Dân vận (đo tốc độ)", admin_unit=province
            )
        user, made = User.objects.get_or_create(username="bench-api")
        if made:
            Role.objects.create(user=user, organization=top, role=RoleKind.ADMINISTRATOR)
        form, _ = ReportForm.objects.get_or_create(
            code=FORM,
            defaults={"name": "Đo tốc độ API", "period_type": "quarter", "org_kinds": ["other"],
                      "levels": ["commune"], "active": False},
        )  # fmt: skip
        section, _ = FormSection.objects.get_or_create(form=form, title="Số liệu đo")
        for i in range(INDICATORS):
            indicator, _ = Indicator.objects.get_or_create(
                code=f"bench-api-{i:02d}",
                defaults={"name": f"Chỉ tiêu đo {i}", "unit": "lượt", "value_type": "integer"},
            )
            FormItem.objects.get_or_create(
                form=form, indicator=indicator, defaults={"section": section, "order": i}
            )
        communes = list(
            access.units_for_user(user).at(period.end).filter(level="commune")
            .order_by("code")[:orgs_needed]
        )  # fmt: skip
        if len(communes) < orgs_needed:
            raise CommandError(f"Chỉ có {len(communes)} xã; cần {orgs_needed}.")
        indicators = list(Indicator.objects.filter(code__startswith="bench-api-").order_by("code"))
        for unit in communes:
            org, _ = Organization.objects.get_or_create(
                kind=OrgKind.OTHER, name=f"Tổ đo tốc độ {unit.code}", admin_unit=unit,
                defaults={"valid_to": unit.valid_to},
            )  # fmt: skip
            report = Report.objects.filter(form=form, organization=org, period=PERIOD).first()
            if report is None:
                report = Report.new(form, org, period)
                report.save()
            if not report.values.exists():
                DataValue.objects.bulk_create(
                    DataValue(report=report, indicator=ind, value=Decimal(i + 1))
                    for i, ind in enumerate(indicators)
                )
        return form, user

    def run(self, options: dict[str, Any]) -> dict[str, Any]:
        count = options["values"]
        self.log("Dựng dữ liệu đo (lần đầu mới tạo)…")
        form, user = self.build(count)
        period = Period.parse(PERIOD)
        values = DataValue.objects.filter(report__form=form)
        total = values.count()
        secret = create_token(user, "đo tốc độ", days=1, read_only=False, acting_user=user)[1]
        client = Client(headers={"Authorization": f"Bearer {secret}"})
        repeat = options["repeat"]

        def orm_rows() -> list[tuple[Any, ...]]:
            return list(exchange.export_values(period, [""], user=user, form=form))

        def orm_list() -> list[dict[str, Any]]:
            # The same rows in the same JSON as the API's: a listing is read to be sent.
            machine = exchange.machine
            rows = [
                {"dataElement": ind, "period": per, "orgUnit": unit, "organization": org,
                 "categoryOptionCombo": opt, "value": machine(val),
                 "status": status_code(status, reopened)}
                for ind, per, unit, org, opt, val, status, reopened in orm_rows()
            ]  # fmt: skip
            json.dumps({"count": len(rows), "dataValues": rows})
            return rows

        def api_list(page_size: int = 1000) -> list[dict[str, Any]]:
            # As a syncing client: the first page, then each page's `next` until it is null.
            rows: list[dict[str, Any]] = []
            query = {"period": PERIOD, "form": FORM, "page_size": page_size}
            url: str | None = "/api/v1/dataValueSets?" + urlencode(query)
            while url:
                answer = client.get(url).json()
                rows.extend(answer["dataValues"])
                url = answer["next"]
            return rows

        def api_list_one_page() -> list[dict[str, Any]]:
            return api_list(10_000)

        scoped = DataValue.objects.filter(
            report__in=exchange.reports_in(period, [""], user=user, form=form).values("pk")
        )

        def orm_pages(page_size: int = 1000) -> list[dict[str, Any]]:
            # The same keyset pages straight from the ORM: each page the values after the last
            # id of the one before (one join for the names), turned into the same JSON.
            machine = exchange.machine
            rows: list[dict[str, Any]] = []
            after = 0
            while True:
                page = list(
                    scoped.filter(pk__gt=after).order_by("pk").values_list(
                        "pk", "indicator__code", "report__period", "report__unit__code",
                        "report__organization__name", "option__code", "value", "report__status",
                    )[: page_size + 1]
                )  # fmt: skip
                more = len(page) > page_size  # one row more, as the API reads, tells
                page = page[:page_size]
                out = [
                    {"dataElement": ind, "period": per, "orgUnit": unit, "organization": org,
                     "categoryOptionCombo": opt, "value": machine(val), "status": status}
                    for _pk, ind, per, unit, org, opt, val, status in page
                ]  # fmt: skip
                json.dumps({"dataValues": out})
                rows.extend(out)
                if not more:
                    return rows
                after = page[-1][0]

        def same(rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
            return sorted(tuple(row.values()) for row in rows)

        expected = same(orm_list())
        if len(expected) != total or any(
            same(f()) != expected for f in (api_list, api_list_one_page, orm_pages)
        ):
            raise CommandError("API và ORM không trả cùng các dòng.")
        self.log(f"Đo liệt kê {total} số liệu…")
        list_api = _timed(lambda: None, api_list, repeat)
        list_api_one = _timed(lambda: None, api_list_one_page, repeat)
        list_orm = _timed(lambda: None, orm_list, repeat)
        list_orm_pages = _timed(lambda: None, orm_pages, repeat)

        rows = [exchange.row_of(v) for v in orm_rows()]
        stored = list(values.select_related(None).only("pk", "value"))

        def reset() -> None:
            # Every run starts from the same values, so that every run changes all of them.
            DataValue.objects.bulk_update(stored, ["value"], batch_size=2000)
            Report.objects.filter(form=form).update(status="draft")
            rollups.refresh_reports(Report.objects.filter(form=form).values_list("pk", flat=True))

        changed = [
            {**row, "value": str(Decimal(row["value"]) + 1)} for row in rows
        ]  # fmt: skip
        body = json.dumps(
            {"dataValues": [{DHIS2_OF[k]: v for k, v in row.items() if k in DHIS2_OF}
                            for row in changed]}
        )  # fmt: skip

        def api_import() -> None:
            answer = client.post("/api/v1/dataValueSets", body, content_type="application/json")
            if answer.status_code != 200 or answer.json()["updated"] != total:
                raise CommandError(f"Nhập qua API lỗi: {answer.content[:300]!r}")

        def direct_import() -> None:
            result = exchange.import_rows(changed, user=user, first_line=1)
            if not result.ok or result.updated != total:
                raise CommandError(f"Nhập trực tiếp lỗi: {result.errors[:3]}")

        def orm_import() -> None:
            for row in stored:
                row.value += 1
            DataValue.objects.bulk_update(stored, ["value"], batch_size=2000)
            for row in stored:
                row.value -= 1

        self.log(f"Đo nhập {total} số liệu…")
        import_api = _timed(reset, api_import, repeat)
        import_direct = _timed(reset, direct_import, repeat)
        import_orm = _timed(reset, orm_import, repeat)
        reset()
        return {
            "values": total,
            "repeat": repeat,
            "list": {
                "api_ms": round(list_api, 1),
                "orm_ms": round(list_orm_pages, 1),
                "ratio": round(list_api / list_orm_pages, 2),
                "orm_one_query_ms": round(list_orm, 1),
                "ratio_to_one_query": round(list_api / list_orm, 2),
                "api_pages_of_10000_ms": round(list_api_one, 1),
                "ratio_pages_of_10000": round(list_api_one / list_orm, 2),
            },
            "import": {
                "api_ms": round(import_api, 1),
                "orm_ms": round(import_orm, 1),
                "ratio": round(import_api / import_orm, 2),
                "direct_import_rows_ms": round(import_direct, 1),
                "ratio_to_direct_import_rows": round(import_api / import_direct, 2),
            },
        }


DHIS2_OF = {
    "indicator": "dataElement",
    "period": "period",
    "unit": "orgUnit",
    "organization": "organization",
    "breakdown": "categoryOptionCombo",
    "value": "value",
}
