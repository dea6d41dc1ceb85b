"""The reports list's "Chờ tôi quyết định" filter: exactly the reports the home page counts as
waiting for the user's decision, person by person, in 2021's units and in today's; not
offered to whoever decides nothing."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from danvan.conftest import make_org, make_user
from danvan.core.periods import Period
from danvan.geo.loader import REFORM_DATE
from danvan.geo.models import AdminUnit
from danvan.orgs.models import OrgKind, RoleKind, User
from danvan.reporting import access
from danvan.reporting.models import Report, ReportStatus
from danvan.reporting.tests.conftest import Bloc, client_for
from danvan.reporting.tests.test_consolidation import file_report

WAITING = "/bao-cao/?cho=toi"
FILTER = '<input type="checkbox" name="cho" value="toi"'
# The filtered list, for the province's approver: the session, the user, their roles and the
# units they took over, the entry organizations and forms of the box to open a report, their
# reports, the count and the page of those waiting, and the base page's notices.
LIST_QUERIES = 11


@pytest.fixture
def sent(bloc: Bloc) -> dict[str, Report]:
    """Reports sent in both eras, at every level: 2021's commune and district, today's
    province and another province; one approved, one still a draft."""
    w = bloc.world
    district = w.commune_a_unit.parent
    assert district is not None and district.level == "district"
    q1, q3 = Period.parse("2021Q1"), Period.parse("2025Q3")
    women_district = make_org(OrgKind.WOMEN, district)
    women_province = make_org(OrgKind.WOMEN, w.province_unit)
    reports = {
        "commune_women": file_report(bloc.women_a, q1, {}, status="submitted"),
        "commune_front": file_report(w.commune_b_org, q1, {}, status="submitted"),
        "district_women": file_report(women_district, q1, {}, status="submitted"),
        "province_women": file_report(women_province, q3, {}, status="submitted"),
        "outside": file_report(w.outside_org, q3, {}, status="submitted"),
    }
    file_report(bloc.women_b, q1, {}, status=ReportStatus.APPROVED)
    file_report(make_org(OrgKind.FRONT, w.province_unit), q3, {}, status=ReportStatus.DRAFT)
    return reports


def _rows(page: str) -> list[int]:
    """The reports the list of the scope shows, by id, in order."""
    part = page[page.index("<h2>Báo cáo trong phạm vi</h2>") :]
    return [int(pk) for pk in re.findall(r'<td><a href="/bao-cao/(\d+)/">', part)]


def _home_count(user: User) -> int | None:
    """The count of the home page's queue of reports waiting, and where it leads."""
    home = client_for(user).get("/").content.decode()
    found = re.search(r'<h3>Báo cáo chờ bạn xem xét, phê duyệt: <a href="([^"]+)"[^>]*>(\d+)', home)
    if found is None:
        return None
    assert found.group(1) == WAITING
    return int(found.group(2))


def _deciders(bloc: Bloc) -> dict[str, User]:
    w = bloc.world
    district = w.commune_a_unit.parent
    assert district is not None
    women_province = make_org(OrgKind.WOMEN, AdminUnit.objects.by_code("66", REFORM_DATE))
    return {
        # Today's province commission decides every kind below it, 2021's units included.
        "province": bloc.approver,
        "reviewer": bloc.reviewer,
        # Today's provincial Women's Union decides its kind only: it sees the Front's report
        # sent, but that waits for the commission.
        "province_women": make_user("pheduyet_hpn_tinh", women_province, RoleKind.APPROVER),
        # A 2021 district's union decides its communes' reports; its own is decided above.
        "district_women": make_user(
            "pheduyet_hpn_huyen", make_org(OrgKind.WOMEN, district), RoleKind.APPROVER
        ),
        # Another province's commission decides its own report, nothing of Đắk Lắk's.
        "outside": make_user("pheduyet_ngoai", w.outside_org, RoleKind.APPROVER),
    }


def test_the_home_count_is_the_filtered_lists_rows(bloc: Bloc, sent: dict[str, Report]) -> None:
    expected = {
        "province": {"commune_women", "commune_front", "district_women", "province_women"},
        "reviewer": {"commune_women", "commune_front", "district_women", "province_women"},
        "province_women": {"commune_women", "district_women", "province_women"},
        "district_women": {"commune_women"},
        "outside": {"outside"},
    }
    deciders = _deciders(bloc)
    for name, user in deciders.items():
        waiting = {sent[key].pk for key in expected[name]}
        assert set(access.waiting_for(user).values_list("pk", flat=True)) == waiting, name
        page = client_for(user).get(WAITING).content.decode()
        rows = _rows(page)
        assert set(rows) == waiting and len(rows) == len(waiting), name
        assert f'<p class="muted">{len(waiting)} báo cáo.</p>' in page, name
        assert _home_count(user) == len(waiting), name
        # Offered in the filter form, ticked when on; off, the sent reports of the scope.
        assert f"{FILTER} checked> Chờ tôi quyết định" in page, name
        unfiltered = client_for(user).get("/bao-cao/?status=submitted").content.decode()
        assert f"{FILTER}> Chờ tôi quyết định" in unfiltered, name
        assert waiting <= set(_rows(unfiltered)), name
    # Those deciding for one kind or one level see more sent than wait for them: what the
    # plain list of sent reports counted, and the home page did not.
    for name in ("province_women", "district_women"):
        plain = client_for(deciders[name]).get("/bao-cao/?status=submitted").content.decode()
        assert len(_rows(plain)) > len(expected[name]), name


def test_the_filter_composes_with_the_period_and_the_status(
    bloc: Bloc, sent: dict[str, Report]
) -> None:
    client = client_for(bloc.approver)
    in_2021 = _rows(client.get(f"{WAITING}&period=2021Q1&status=all").content.decode())
    assert set(in_2021) == {
        sent[k].pk for k in ("commune_women", "commune_front", "district_women")
    }
    # Approved reports wait for no one.
    assert _rows(client.get(f"{WAITING}&status=approved").content.decode()) == []
    # Decided, a report leaves both the home count and the filtered list.
    client.post(f"/bao-cao/{sent['commune_front'].pk}/xu-ly/", {"action": "approve"})
    assert Report.objects.get(pk=sent["commune_front"].pk).status == ReportStatus.APPROVED
    rows = _rows(client.get(WAITING).content.decode())
    assert sent["commune_front"].pk not in rows and _home_count(bloc.approver) == len(rows) == 3


def test_no_filter_for_whoever_decides_nothing(bloc: Bloc, sent: dict[str, Report]) -> None:
    # The 2021 commune's officer, whose union was merged into today's ward's: they enter
    # reports, decide none; the address typed in shows none.
    heir = make_org(OrgKind.WOMEN, AdminUnit.objects.by_code("24133", REFORM_DATE))
    bloc.women_a.successors.add(heir)
    for user in (bloc.entry_a, make_user("nhaplieu_phuong", heir, RoleKind.DATA_ENTRY)):
        listing = client_for(user).get("/bao-cao/").content.decode()
        assert FILTER not in listing and "Chờ tôi quyết định" not in listing
        waiting = client_for(user).get(WAITING).content.decode()
        assert _rows(waiting) == [] and "Không có báo cáo nào." in waiting
        assert _home_count(user) is None
    # Another province's viewer sees nothing of Đắk Lắk's, filtered or not.
    outsider = client_for(bloc.world.outsider).get(WAITING).content.decode()
    assert FILTER not in outsider and _rows(outsider) == []
    anonymous = client_for(None).get(WAITING)
    assert anonymous.status_code == 302 and "/dang-nhap/" in anonymous["Location"]


def test_the_filtered_list_costs_a_pinned_number_of_queries(
    bloc: Bloc, sent: dict[str, Report], django_assert_num_queries: object
) -> None:
    client = Client()
    client.force_login(bloc.approver)
    client.get(WAITING)
    with django_assert_num_queries(LIST_QUERIES):  # type: ignore[operator]
        few = _rows(client.get(WAITING).content.decode())
    q2 = Period.parse("2021Q2")
    for commune in AdminUnit.objects.filter(parent=bloc.world.commune_a_unit.parent)[:8]:
        file_report(make_org(OrgKind.WOMEN, commune), q2, {}, status="submitted")
    with django_assert_num_queries(LIST_QUERIES):  # type: ignore[operator]
        many = _rows(client.get(WAITING).content.decode())
    assert len(many) == len(few) + 8
