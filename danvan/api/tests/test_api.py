"""What a client of the API notices: tokens, errors, the report workflow, dataValueSets,
households' CCCD, confidential incidents and task progress, each through HTTP."""

from __future__ import annotations

import json
import re

import pytest
import time_machine
from django.test import Client, override_settings

from danvan.api.models import ApiToken, IdempotentAnswer
from danvan.api.tests.conftest import Api, Fixture, token_for
from danvan.conftest import PASSWORD, incident, make_user
from danvan.orgs.models import RoleKind
from danvan.reporting.models import DataValue, Report, ReportStatus
from danvan.reporting.tests.conftest import EARLY_APRIL
from danvan.welfare.models import NationalIdView


def test_docs_page_and_schema_come_from_this_server(db: None) -> None:
    client = Client()
    page = client.get("/api/v1/docs")
    html = page.content.decode()
    assert page.status_code == 200
    assert "http://" not in html and "https://" not in html
    assert re.findall(r'<script src="([^"]+)"', html) == [
        "/static/ninja/swagger-ui-bundle.js",
        "/static/ninja/swagger-ui-init.js",
    ]
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "API danvan"
    assert "Xác thực" in schema["info"]["description"]


def test_errors_are_vietnamese_json_with_a_stable_code(api_world: Fixture, monkeypatch) -> None:
    api = api_world.api("province")
    bad = api.get("/reports?page=abc")
    assert bad.status_code == 422
    assert bad.json() == {"code": "invalid", "message": "Phải là số nguyên.", "field": "page"}
    period = api.get("/reports?period=2021Q5").json()
    assert period["code"] == "invalid" and period["field"] == "period"
    assert api.get("/khong-co").json()["code"] == "not_found"
    # A NUL character, refused before any view for every page, is refused in JSON here.
    for path in ("/tasks?period=%00", "/dataValueSets?period=2021Q1&under=6%006"):
        nul = api.get(path)
        assert nul.status_code == 400 and nul.json()["code"] == "bad_request"
        assert "NUL" in nul.json()["message"]
    assert api.get("/reports/999999").json() == {
        "code": "not_found",
        "message": "Không tìm thấy trong phạm vi của bạn.",
        "field": None,
    }

    def broken(user):
        raise RuntimeError("secret internals")

    monkeypatch.setattr("danvan.api.resources.report_access.reports_for_user", broken)
    crash = api.get("/reports")
    assert crash.status_code == 500
    assert crash.json()["code"] == "server_error"
    assert "secret internals" not in crash.content.decode()


def test_token_page_shows_the_secret_once_and_stores_only_its_digest(api_world: Fixture) -> None:
    user = api_world.people.world.commune_a
    site = Client()
    assert site.login(username=user.username, password=PASSWORD)
    page = site.post("/tai-khoan/ma-api/", {"name": "Phần mềm MTTQ", "days": "30"})
    found = re.search(r"<code>(dv_[^<]+)</code>", page.content.decode())
    assert found is not None
    secret = found[1]
    token = ApiToken.objects.get(user=user, name="Phần mềm MTTQ")
    assert token.digest != secret and secret not in token.digest and not token.read_only
    again = site.get("/tai-khoan/ma-api/").content.decode()
    assert secret not in again and token.hint in again and "Chưa dùng" in again
    assert Api(secret).get("/reports").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    refused = site.post("/tai-khoan/ma-api/", {"name": "", "days": "30"})
    assert refused.status_code == 400 and "Cần đặt tên" in refused.content.decode()
    # Someone else cannot revoke it; its owner can, and then it no longer opens anything.
    other = Client()
    assert other.login(username=api_world.people.world.commune_b.username, password=PASSWORD)
    assert (
        other.post("/tai-khoan/ma-api/", {"action": "revoke", "token": token.pk}).status_code == 404
    )
    site.post("/tai-khoan/ma-api/", {"action": "revoke", "token": token.pk})
    revoked = Api(secret).get("/reports")
    assert revoked.status_code == 401 and revoked.json()["code"] == "token_revoked"


def test_an_administrator_makes_a_token_in_the_admin_for_a_user_they_manage(
    api_world: Fixture,
) -> None:
    w = api_world.people.world
    admin = make_user("quantri_tinh", w.province_org, RoleKind.ADMINISTRATOR)
    site = Client()
    assert site.login(username=admin.username, password=PASSWORD)
    page = site.post(
        "/quan-tri/api/apitoken/add/",
        {"user": w.commune_a.pk, "name": "Thống kê", "days": "10", "read_only": "on"},
        follow=True,
    )
    found = re.search(r"(dv_[A-Za-z0-9_-]+)", page.content.decode())
    assert found is not None
    secret = found[1]
    assert ApiToken.objects.get(name="Thống kê").user == w.commune_a
    assert Api(secret).get("/reports").status_code == 200
    write = Api(secret).post(f"/reports/{api_world.report_a.pk}/submit")
    assert write.status_code == 403 and write.json()["code"] == "token_read_only"
    outside = site.post(
        "/quan-tri/api/apitoken/add/", {"user": w.outsider.pk, "name": "x", "days": "10"}
    )
    assert not ApiToken.objects.filter(name="x").exists() and outside.status_code == 200


@override_settings(API_RATE_LIMIT=2)
def test_rate_limit_per_token(api_world: Fixture) -> None:
    api = api_world.api("commune_a")
    assert [api.get("/forms").status_code for _ in range(2)] == [200, 200]
    third = api.get("/forms")
    assert third.status_code == 429
    assert third.json()["code"] == "rate_limited" and "yêu cầu mỗi phút" in third.json()["message"]
    # Another token of another user is counted on its own.
    assert api_world.api("commune_b").get("/forms").status_code == 200


@time_machine.travel(EARLY_APRIL, tick=False)
def test_session_reads_and_needs_csrf_to_write(api_world: Fixture) -> None:
    site = Client(enforce_csrf_checks=True)
    assert site.login(username=api_world.entry_a.username, password=PASSWORD)
    assert site.get("/api/v1/reports").status_code == 200
    path = f"/api/v1/reports/{api_world.report_a.pk}/narrative"
    body = json.dumps({"narrative": {"ket-qua": "Đã trao quà."}})
    refused = site.put(path, body, content_type="application/json")
    assert refused.status_code == 403 and refused.json()["code"] == "csrf_failed"
    site.get("/tai-khoan/ma-api/")
    csrf = site.cookies["csrftoken"].value
    saved = site.put(path, body, content_type="application/json", headers={"X-CSRFToken": csrf})
    assert saved.status_code == 200
    assert Report.objects.get(pk=api_world.report_a.pk).narrative == {"ket-qua": "Đã trao quà."}


VALID = [
    ("qua-suat", "ho-ngheo", 60), ("qua-suat", "can-ngheo", 40),
    ("qua-tri-gia", "ho-ngheo", 24_000_000), ("qua-tri-gia", "can-ngheo", 16_000_000),
    ("tt-buoi", None, 5), ("tt-luot-nguoi", None, 250),
]  # fmt: skip


def test_report_workflow_through_the_pages_actions(api_world: Fixture) -> None:
    entry = Api(token_for(api_world.entry_a))
    approver = Api(token_for(api_world.approver))
    report = api_world.report_a
    name = api_world.women_a.name
    with time_machine.travel(EARLY_APRIL, tick=False):
        stale = entry.post(f"/reports/{report.pk}/submit", {"version": report.version + 5})
        assert stale.status_code == 409 and stale.json()["code"] == "conflict"
        early = entry.post(f"/reports/{report.pk}/submit", {}).json()
        assert early["submitted"] is False and early["report"]["status"] == "draft"
        assert "Chưa viết phần «Kết quả đạt được»." in [i["message"] for i in early["issues"]]
        rows = [
            {"dataElement": ind, "period": "2021Q1", "orgUnit": "24133", "organization": name,
             "categoryOptionCombo": opt, "value": value}
            for ind, opt, value in VALID
        ]  # fmt: skip
        assert entry.post("/dataValueSets", {"dataValues": rows}).status_code == 200
        narrative = {"narrative": {"ket-qua": "Trao quà Tết cho hộ nghèo."}}
        assert entry.call("PUT", f"/reports/{report.pk}/narrative", narrative).status_code == 200
        sent = entry.post(f"/reports/{report.pk}/submit", {}).json()
    assert sent["submitted"] is True and sent["report"]["status"] == "submitted", sent
    no_reason = approver.post(f"/reports/{report.pk}/return", {"reason": " "})
    assert no_reason.status_code == 400
    assert no_reason.json()["message"] == "Ghi rõ lý do trả lại để đơn vị biết cần sửa gì."
    assert entry.post(f"/reports/{report.pk}/approve", {}).status_code == 403
    approved = approver.post(f"/reports/{report.pk}/approve", {"comment": "Tốt"})
    assert approved.json()["status"] == "approved"
    again = approver.post(f"/reports/{report.pk}/approve", {})
    assert again.status_code == 400 and "Đã phê duyệt" in again.json()["message"]
    reopened = approver.post(f"/reports/{report.pk}/reopen", {"reason": "Bổ sung số liệu"})
    assert reopened.json()["status"] == ReportStatus.RETURNED
    detail = entry.get(f"/reports/{report.pk}").json()
    kinds = [e["kind"] for e in detail["events"]]
    assert kinds[-3:] == ["submitted", "approved", "reopened"]
    assert detail["events"][-1]["comment"] == "Bổ sung số liệu"
    assert {"indicator": "tt-luot-nguoi", "breakdown": None, "value": 250} in detail["values"]


def _row(f: Fixture, value: object, indicator: str = "tt-buoi") -> dict[str, object]:
    return {
        "dataElement": indicator,
        "period": "2021Q1",
        "orgUnit": "24133",
        "organization": f.women_a.name,
        "value": value,
    }


def _value(f: Fixture) -> object:
    return DataValue.objects.get(report=f.report_a, indicator__code="tt-buoi").value


def test_data_value_sets_import_all_or_nothing_dry_run_and_idempotency(
    api_world: Fixture,
) -> None:
    entry = Api(token_for(api_world.entry_a))
    dry = entry.post("/dataValueSets?dryRun=true", {"dataValues": [_row(api_world, 9)]})
    assert dry.json()["status"] == "DRY_RUN" and dry.json()["updated"] == 1
    assert _value(api_world) == 5
    bad = entry.post(
        "/dataValueSets",
        {"dataValues": [_row(api_world, 9), _row(api_world, "9,5"), _row(api_world, 1, "khong")]},
    )
    assert bad.status_code == 409
    assert bad.json()["code"] == "rows_invalid"
    assert [e["line"] for e in bad.json()["errors"]] == [2, 3]
    assert "dạng máy" in bad.json()["errors"][0]["message"]
    assert _value(api_world) == 5
    body = {"dataValues": [_row(api_world, 9)]}
    key = {"Idempotency-Key": "lan-gui-1"}
    first = entry.post("/dataValueSets", body, headers=key)
    assert first.json()["status"] == "SUCCESS" and first.json()["updated"] == 1
    assert _value(api_world) == 9
    DataValue.objects.filter(report=api_world.report_a).update(value=7)
    retry = entry.post("/dataValueSets", body, headers=key)
    assert retry.json() == first.json() and _value(api_world) == 7  # not written twice
    other = entry.post("/dataValueSets", {"dataValues": [_row(api_world, 8)]}, headers=key)
    assert other.status_code == 422 and other.json()["code"] == "idempotency_key_reused"
    assert IdempotentAnswer.objects.count() == 1
    csv_body = (
        "dataElement,period,orgUnit,organization,categoryOptionCombo,value\n"
        f"tt-buoi,2021Q1,24133,{api_world.women_a.name},,12\n"
    )
    sent = entry.post("/dataValueSets", csv_body, content_type="text/csv")
    assert sent.json()["status"] == "SUCCESS" and _value(api_world) == 12


def test_data_value_sets_export_json_pages_and_csv(api_world: Fixture) -> None:
    api = api_world.api("province")
    page = api.get("/dataValueSets?period=2021Q1&under=66&page_size=1").json()
    assert page["count"] == 2 and len(page["dataValues"]) == 1
    assert page["dataValues"][0] == {
        "dataElement": "tt-buoi",
        "period": "2021Q1",
        "orgUnit": "24133",
        "organization": api_world.women_a.name,
        "categoryOptionCombo": None,
        "value": "5",
        "status": "draft",
    }
    csv_text = api.get("/dataValueSets?period=2021Q1&format=csv").content.decode().lstrip("\ufeff")
    assert csv_text.splitlines()[0] == "indicator,period,unit,organization,breakdown,value,status"
    assert len(csv_text.splitlines()) == 3
    mine = api_world.api("commune_b").get("/dataValueSets?period=2021Q1").json()
    assert [v["orgUnit"] for v in mine["dataValues"]] == ["24172"]


def test_household_national_id_masked_unless_the_role_may_see_it_and_logged(
    api_world: Fixture,
) -> None:
    pk = api_world.household_a.pk
    viewer = api_world.api("commune_a")
    listed = viewer.get("/households").json()["results"][0]
    assert listed["national_id"] == "0661******21" and listed["national_id_full"] is False
    refused = viewer.get(f"/households/{pk}?show_national_id=true")
    assert refused.status_code == 403 and "CCCD" in refused.json()["message"]
    entry = Api(token_for(api_world.entry_a))
    full = entry.get(f"/households/{pk}?show_national_id=true").json()
    assert full["national_id"] == "066160000121"
    assert list(NationalIdView.objects.values_list("user__username", flat=True)) == ["nhaplieu_a"]


def test_confidential_incident_only_for_the_roles_named_on_it(api_world: Fixture) -> None:
    secret = incident(
        api_world.people.world.commune_a_unit,
        title="Vụ mật",
        confidential=True,
        visible_to=",approver,",
    )
    viewer = api_world.api("province")
    approver = Api(token_for(api_world.approver))
    assert secret.pk not in [i["id"] for i in viewer.get("/incidents").json()["results"]]
    assert viewer.get(f"/incidents/{secret.pk}").status_code == 404
    assert secret.pk in [i["id"] for i in approver.get("/incidents").json()["results"]]
    assert approver.get(f"/incidents/{secret.pk}").json()["confidential"] is True


def test_task_progress_by_an_owner_closes_the_task_at_100(api_world: Fixture) -> None:
    writer = Api(token_for(api_world.people.writer_a))
    org = api_world.people.world.commune_a_org.pk
    task = api_world.task_a
    half = writer.post(
        f"/tasks/{task.pk}/progress", {"organization": org, "percent": 50, "text": "Một nửa"}
    )
    assert half.json()["task"]["percent"] == 50 and half.json()["task"]["done_on"] is None
    empty = writer.post(
        f"/tasks/{task.pk}/progress", {"organization": org, "percent": 60, "text": " "}
    )
    assert empty.status_code == 400 and empty.json()["message"] == "Cần ghi kết quả thực hiện."
    over = writer.post(
        f"/tasks/{task.pk}/progress", {"organization": org, "percent": 101, "text": "x"}
    )
    assert over.status_code == 422 and over.json()["field"] == "percent"
    done = writer.post(
        f"/tasks/{task.pk}/progress", {"organization": org, "percent": 100, "text": "Xong"}
    )
    assert done.json()["task"]["done_on"] is not None
    assert writer.get("/tasks?open_only=true").json()["count"] == 0


@pytest.mark.parametrize(
    "since, expected", [("2000-01-01T00:00:00Z", 1), ("2100-01-01T00:00:00Z", 0)]
)
def test_updated_since_lets_a_client_sync(api_world: Fixture, since: str, expected: int) -> None:
    found = api_world.api("commune_a").get(f"/incidents?updated_since={since}").json()
    assert found["count"] == expected
