"""Entry, validation and the workflow, through HTTP, by persona."""

from decimal import Decimal

import pytest

from danvan.core.periods import Period
from danvan.orgs.models import Organization, Role
from danvan.reporting.models import (
    DataValue,
    EventKind,
    Report,
    ReportStatus,
    ValueChange,
)
from danvan.reporting.tests.conftest import Bloc, client_for
from danvan.reporting.tests.helpers import VALID, field, post_data, stored

pytestmark = pytest.mark.usefixtures("april_2021")


def test_open_form_carries_plain_ids_even_above_a_thousand(bloc: Bloc) -> None:
    youth = Organization.objects.create(
        pk=12345, kind="youth", name="Đoàn TN phường Thành Công", admin_unit=bloc.women_a.admin_unit
    )
    Role.objects.filter(user=bloc.entry_a).update(organization=youth)
    page = client_for(bloc.entry_a).get("/bao-cao/").content.decode()
    assert 'name="org" value="12345"' in page  # not "12.345", which would refuse the officer


def open_report(bloc: Bloc) -> Report:
    client = client_for(bloc.entry_a)
    response = client.post(
        "/bao-cao/lap/", {"form": "bc-quy", "org": bloc.women_a.pk, "period": "2021Q1"}
    )
    report = Report.objects.get(organization=bloc.women_a, period="2021Q1")
    assert response["Location"] == f"/bao-cao/{report.pk}/"
    return report


def submit(bloc: Bloc, report: Report, values: dict[str, str] = VALID, **extra: str):
    return client_for(bloc.entry_a).post(
        f"/bao-cao/{report.pk}/", post_data(report, values, action="submit", **extra)
    )


def test_officer_types_vietnamese_numbers_and_saves_a_draft(bloc: Bloc) -> None:
    report = open_report(bloc)
    values = {"qua-tri-gia/ho-ngheo": "74.000.000", "gao-cuu-doi/ho-ngheo": "1,5"}
    response = client_for(bloc.entry_a).post(
        f"/bao-cao/{report.pk}/", post_data(report, values, action="save")
    )
    assert response.status_code == 302
    assert stored(report, "qua-tri-gia/ho-ngheo") == 74_000_000
    assert stored(report, "gao-cuu-doi/ho-ngheo") == Decimal("1.5")
    page = client_for(bloc.entry_a).get(f"/bao-cao/{report.pk}/").content.decode()
    assert 'value="74.000.000"' in page and 'value="1,5"' in page


def test_ambiguous_number_is_refused_at_the_field_and_nothing_is_saved(bloc: Bloc) -> None:
    report = open_report(bloc)
    values = {"qua-suat/ho-ngheo": "74,000", "tt-buoi": "5"}
    response = client_for(bloc.entry_a).post(
        f"/bao-cao/{report.pk}/", post_data(report, values, action="save")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "không rõ nghĩa" in page and "74.000" in page
    assert 'value="74,000"' in page  # what was typed stays in the field
    assert not DataValue.objects.filter(report=report).exists()


def test_submit_with_errors_keeps_a_draft_and_names_the_problems(bloc: Bloc) -> None:
    report = open_report(bloc)
    values = {
        "qua-suat/ho-ngheo": "100",
        "qua-tri-gia/ho-ngheo": "5.000.000",
        "tt-buoi": "2",
        "tt-trong-diem": "3",
    }
    response = submit(bloc, report, values)
    page = response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    assert stored(report, "qua-suat/ho-ngheo") == 100  # the draft is kept
    assert "Trị giá bình quân một suất quà phải từ 100.000 đến 5.000.000 đồng" in page
    assert "không được lớn hơn" in page  # key-area sessions above all sessions
    # Each check is also written beside the box to correct, and listed at the top as a link to
    # it: the gift value, entered by group, at its first group's box
    gift_value = field("qua-tri-gia/ho-ngheo")
    beside = page.split(f'<p class="field-error" id="{gift_value}-error">', 1)[1]
    assert beside.startswith("Trị giá bình quân một suất quà phải từ 100.000")
    key_area = field("tt-trong-diem")
    assert page.split(f'id="{key_area}-error">', 1)[1].startswith("«")
    assert f'<a href="#{gift_value}">Trị giá bình quân' in page
    assert f'<a href="#{key_area}">«' in page


def test_required_fields_block_submission(bloc: Bloc) -> None:
    report = open_report(bloc)
    response = submit(bloc, report, {"tt-buoi": "3"})
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    assert "Chưa nhập «Suất quà trao tặng»" in response.content.decode()


def test_outlier_warning_needs_an_explanation_then_submits(bloc: Bloc) -> None:
    previous = Report.new(
        bloc.form, bloc.women_a, Period.parse("2020Q4"), status=ReportStatus.APPROVED
    )
    previous.save()
    DataValue.objects.create(
        report=previous, indicator_id=int(field("tt-buoi").split("-")[1]), value=Decimal(50)
    )
    report = open_report(bloc)
    response = submit(bloc, report)
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    assert "thay đổi bất thường so với kỳ trước: 50 → 5" in response.content.decode()
    response = submit(
        bloc,
        report.__class__.objects.get(pk=report.pk),
        warning_note="Quý I tập trung trao quà Tết, ít tổ chức hội nghị.",
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert report.warning_note.startswith("Quý I tập trung")


def test_workflow_return_resubmit_approve_reopen_with_audit(bloc: Bloc) -> None:
    report = open_report(bloc)
    submit(bloc, report)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED

    # The unit cannot change a sent report.
    response = client_for(bloc.entry_a).post(
        f"/bao-cao/{report.pk}/", post_data(report, VALID, action="save")
    )
    assert "đang chờ cấp trên" in response.content.decode()

    # Returning needs a reason; the reviewer above may return.
    reviewer = client_for(bloc.reviewer)
    reviewer.post(f"/bao-cao/{report.pk}/xu-ly/", {"action": "return", "comment": ""})
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    reviewer.post(
        f"/bao-cao/{report.pk}/xu-ly/", {"action": "return", "comment": "Tách theo nhóm."}
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED

    changed = dict(VALID, **{"qua-suat/ho-ngheo": "70", "qua-tri-gia/ho-ngheo": "28.000.000"})
    submit(bloc, report, changed)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED

    # A reviewer cannot approve; the approver can.
    reviewer.post(f"/bao-cao/{report.pk}/xu-ly/", {"action": "approve"})
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    client_for(bloc.approver).post(f"/bao-cao/{report.pk}/xu-ly/", {"action": "approve"})
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED

    client_for(bloc.approver).post(
        f"/bao-cao/{report.pk}/xu-ly/", {"action": "reopen", "comment": "Sửa số quà."}
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    kinds = list(report.events.values_list("kind", flat=True))
    for kind in (EventKind.SUBMITTED, EventKind.RETURNED, EventKind.APPROVED, EventKind.REOPENED):
        assert kind in kinds

    # Changes to values that had been sent are kept: who, when, old, new; shown on the report.
    change = ValueChange.objects.get(
        report=report, indicator__code="qua-suat", option__code="ho-ngheo"
    )
    assert (change.old_value, change.new_value, change.user) == (60, 70, bloc.entry_a)
    page = client_for(bloc.approver).get(f"/bao-cao/{report.pk}/").content.decode()
    assert 'id="changes"' in page and "nhaplieu_a" in page


def test_the_unit_cannot_approve_its_own_report(bloc: Bloc) -> None:
    report = open_report(bloc)
    submit(bloc, report)
    response = client_for(bloc.entry_a).post(f"/bao-cao/{report.pk}/xu-ly/", {"action": "approve"})
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_report_is_scoped_insider_outsider_anonymous(bloc: Bloc) -> None:
    report = open_report(bloc)
    url = f"/bao-cao/{report.pk}/"
    assert client_for(bloc.entry_a).get(url).status_code == 200
    assert client_for(bloc.approver).get(url).status_code == 200
    assert client_for(bloc.entry_b).get(url).status_code == 404  # another commune
    assert client_for(bloc.world.outsider).get(url).status_code == 404
    assert client_for(bloc.world.no_role).get(url).status_code == 404
    anonymous = client_for(None).get(url)
    assert anonymous.status_code == 302 and "/dang-nhap/" in anonymous["Location"]
    # Another commune's officer cannot write into it either.
    response = client_for(bloc.entry_b).post(url, post_data(report, VALID, action="save"))
    assert response.status_code == 404
    for user in (bloc.entry_b, bloc.world.outsider):
        response = client_for(user).post(f"{url}xu-ly/", {"action": "approve"})
        assert response.status_code == 404
    assert not DataValue.objects.filter(report=report).exists()


def test_second_editor_is_told_and_shown_the_difference(bloc: Bloc) -> None:
    report = open_report(bloc)
    first = post_data(report, {"tt-buoi": "5"}, action="save")
    second = post_data(report, {"tt-buoi": "7"}, action="save")  # opened the same version
    client_for(bloc.entry_a).post(f"/bao-cao/{report.pk}/", first)
    response = client_for(bloc.entry_a).post(f"/bao-cao/{report.pk}/", second)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="conflict"' in page and "Chưa lưu gì của bạn" in page
    assert "<td>Buổi tuyên truyền</td><td>7</td><td>5</td>" in page
    assert stored(report, "tt-buoi") == 5  # the first save stands
    assert 'value="7"' in page  # the second officer's typing is not lost


def test_entry_closes_after_the_lock_date(bloc: Bloc, april_2021: None) -> None:
    import time_machine

    report = open_report(bloc)
    with time_machine.travel("2021-05-02 09:00 +0700", tick=False):
        response = client_for(bloc.entry_a).post(
            f"/bao-cao/{report.pk}/", post_data(report, VALID, action="save")
        )
    assert "Kỳ báo cáo đã khóa từ ngày 30/04/2021" in response.content.decode()
    assert not DataValue.objects.filter(report=report).exists()


def test_a_returned_report_is_on_the_units_worklist_with_its_reason_and_notices(
    bloc: Bloc,
) -> None:
    from danvan.orgs.models import Notification

    report = open_report(bloc)
    submit(bloc, report)
    approver_home = client_for(bloc.approver).get("/").content.decode()
    assert "Báo cáo chờ phê duyệt" in approver_home and f"/bao-cao/{report.pk}/" in approver_home
    client_for(bloc.reviewer).post(
        f"/bao-cao/{report.pk}/xu-ly/", {"action": "return", "comment": "Tách theo nhóm hộ."}
    )
    notices = Notification.objects.filter(user=bloc.entry_a)
    assert [n.text for n in notices] == [
        f"Báo cáo công tác dân vận quý I/2021 của {bloc.women_a.name} bị trả lại: "
        "Tách theo nhóm hộ."
    ]
    assert not Notification.objects.filter(user=bloc.entry_b).exists()  # another commune
    client = client_for(bloc.entry_a)
    home = client.get("/").content.decode()
    worklist = home[home.index('id="worklist"') :]
    assert "Báo cáo bị trả lại, cần sửa" in worklist and "Tách theo nhóm hộ." in worklist
    page = client.get(f"/bao-cao/{report.pk}/").content.decode()
    top = page[: page.index('id="events"')]
    assert 'id="return-reason"' in top and "Tách theo nhóm hộ." in top  # above the form
    report.refresh_from_db()
    submit(bloc, report)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    client_for(bloc.approver).post(f"/bao-cao/{report.pk}/xu-ly/", {"action": "approve"})
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
    texts = list(Notification.objects.filter(user=bloc.entry_a).values_list("text", flat=True))
    assert len(texts) == 2 and any(t.endswith("đã được phê duyệt") for t in texts)
    assert "Báo cáo bị trả lại" not in client.get("/").content.decode()


def test_approving_several_reports_at_once_checks_each(bloc: Bloc) -> None:
    mine = open_report(bloc)
    submit(bloc, mine)
    other = client_for(bloc.entry_b).post(
        "/bao-cao/lap/", {"form": "bc-quy", "org": bloc.women_b.pk, "period": "2021Q1"}
    )
    assert other.status_code == 302
    theirs = Report.objects.get(organization=bloc.women_b, period="2021Q1")  # still a draft
    page = client_for(bloc.approver).post(
        "/bao-cao/phe-duyet/", {"report": [mine.pk, theirs.pk, "²", "99999999999999999999"]},
        follow=True,
    ).content.decode()  # fmt: skip
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.status == ReportStatus.APPROVED and theirs.status == ReportStatus.DRAFT
    assert "Đã phê duyệt 1 báo cáo" in page
    assert f"Chưa phê duyệt {bloc.women_b.name}" in page
    # A reviewer may not approve: nothing changes.
    submit(bloc, mine)  # a no-op: it is approved already
    reviewer = client_for(bloc.reviewer).post("/bao-cao/phe-duyet/", {"report": [theirs.pk]})
    assert reviewer.status_code == 302
    theirs.refresh_from_db()
    assert theirs.status == ReportStatus.DRAFT
