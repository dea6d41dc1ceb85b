"""Every admin page is scoped: a province's administrator lists, opens, chooses and saves only
their own units' rows (of either era), and reads but cannot change what the whole country shares
(forms, indicators, topics, incident categories, the general document template), which the
national administrator changes.

Personas: the national administrator (a superuser), the administrators of Đắk Lắk of today and
of 2021 (province A), of Lâm Đồng (province B), a commune officer and an anonymous visitor.
"""

import datetime as dt
import re
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.test import Client

from danvan.conftest import Q1_2021, World, make_org, make_user
from danvan.documents.models import DocumentKind, DocumentTemplate
from danvan.geo.models import AdminUnit
from danvan.orgs.models import OrgKind, RoleKind, User
from danvan.outreach.models import Drive, Milestone, Topic
from danvan.reporting.models import Indicator, ReportForm
from danvan.situation.models import IncidentCategory, KeyArea

pytestmark = pytest.mark.django_db

ADMIN = "/quan-tri"
B_MARK = "MỐC-LÂM-ĐỒNG"


@dataclass
class Scene:
    world: World
    national: User
    admin_a: User
    admin_a_2021: User
    admin_b: User
    area_a: KeyArea
    area_b: KeyArea
    drive_a: Drive
    drive_a_2021: Drive
    drive_b: Drive


@pytest.fixture
def scene(world: World) -> Scene:
    province_2021 = AdminUnit.objects.by_code("66", Q1_2021)
    org_2021 = make_org(OrgKind.COMMISSION, province_2021, "Ban Dân vận Tỉnh ủy Đắk Lắk (2021)")
    national = User.objects.create_superuser("qt_quoc_gia", password="x", full_name="Quốc gia")
    day = dt.date(2021, 1, 1)
    drive_b = Drive.objects.create(
        name=f"Bầu cử {B_MARK}", unit=world.outside_unit, starts_on=day, ends_on=day
    )
    Milestone.objects.create(drive=drive_b, title=f"Hiệp thương {B_MARK}", due_on=day)
    return Scene(
        world=world,
        national=national,
        admin_a=make_user("qt_daklak", world.province_org, RoleKind.ADMINISTRATOR),
        admin_a_2021=make_user("qt_daklak_2021", org_2021, RoleKind.ADMINISTRATOR),
        admin_b=make_user("qt_lamdong", world.outside_org, RoleKind.ADMINISTRATOR),
        area_a=KeyArea.objects.create(unit=world.commune_a_unit, reason="Đất rẫy", valid_from=day),
        area_b=KeyArea.objects.create(
            unit=world.outside_unit, reason=f"Tôn giáo {B_MARK}", valid_from=day
        ),
        drive_a=Drive.objects.create(
            name="Bầu cử Đắk Lắk", unit=world.province_unit, starts_on=day, ends_on=day
        ),
        drive_a_2021=Drive.objects.create(
            name="Bầu cử Đắk Lắk 2021", unit=province_2021, starts_on=day, ends_on=day
        ),
        drive_b=drive_b,
    )


def as_user(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def listed(client: Client, path: str) -> set[int]:
    response = client.get(f"{ADMIN}/{path}/")
    assert response.status_code == 200
    # Every page of the list, not only the first one shown.
    return set(response.context["cl"].queryset.values_list("pk", flat=True))


def test_each_administrator_lists_only_their_provinces_key_areas_and_drives(scene: Scene) -> None:
    s = scene
    cases = [
        (s.national, {s.area_a, s.area_b}, {s.drive_a, s.drive_a_2021, s.drive_b}),
        # Today's Đắk Lắk took over the 2021 units: it sees the 2021 drive and commune too.
        (s.admin_a, {s.area_a}, {s.drive_a, s.drive_a_2021}),
        (s.admin_a_2021, {s.area_a}, {s.drive_a_2021}),
        (s.admin_b, {s.area_b}, {s.drive_b}),
    ]
    for user, areas, drives in cases:
        client = as_user(user)
        assert listed(client, "situation/keyarea") == {a.pk for a in areas}, user
        assert listed(client, "outreach/drive") == {d.pk for d in drives}, user
    for user in (s.admin_a, s.admin_a_2021):
        html = as_user(user).get(f"{ADMIN}/outreach/drive/").content.decode()
        assert B_MARK not in html and "Bầu cử Đắk Lắk" in html


def test_commune_officers_and_visitors_are_sent_to_a_login(scene: Scene) -> None:
    for client, login in [(as_user(scene.world.commune_a), f"{ADMIN}/login/"), (Client(), "/")]:
        for path in ("situation/keyarea/", f"outreach/drive/{scene.drive_b.pk}/change/"):
            response = client.get(f"{ADMIN}/{path}")
            assert response.status_code == 302
            assert response["Location"].startswith(login)
            assert "dang-nhap" in response["Location"] or "login" in response["Location"]


def drive_data(drive: Drive, name: str) -> dict[str, str]:
    return {
        "name": name,
        "unit": str(drive.unit_id),
        "starts_on": "01/01/2021",
        "ends_on": "31/12/2021",
        "milestones-TOTAL_FORMS": "0",
        "milestones-INITIAL_FORMS": "0",
    }


def area_data(area: KeyArea, reason: str) -> dict[str, str]:
    return {"unit": str(area.unit_id), "reason": reason, "valid_from": "01/01/2021"}


def test_another_provinces_key_area_and_drive_cannot_be_opened_changed_or_deleted(
    scene: Scene,
) -> None:
    s = scene
    for user in (s.admin_a, s.admin_a_2021):
        client = as_user(user)
        for path, obj, data in [
            ("situation/keyarea", s.area_b, area_data(s.area_b, "Đã bị sửa")),
            ("outreach/drive", s.drive_b, drive_data(s.drive_b, "Đã bị sửa")),
        ]:
            base = f"{ADMIN}/{path}/{obj.pk}"
            assert client.get(f"{base}/change/").status_code == 404
            assert client.post(f"{base}/change/", data).status_code == 404
            assert client.get(f"{base}/delete/").status_code == 404
            assert client.post(f"{base}/delete/", {"post": "yes"}).status_code == 404
            # The history pages read old versions straight from the history table.
            history = client.get(f"{base}/history/")
            assert history.status_code in (403, 404)
            assert B_MARK not in history.content.decode()
            version = obj.history.latest().history_id  # type: ignore[attr-defined]
            assert client.get(f"{base}/history/{version}/").status_code in (403, 404)
            revert = client.post(f"{base}/history/{version}/", data)
            assert revert.status_code in (403, 404)
    s.area_b.refresh_from_db()
    s.drive_b.refresh_from_db()
    assert s.area_b.reason == f"Tôn giáo {B_MARK}"
    assert s.drive_b.name == f"Bầu cử {B_MARK}"
    assert Milestone.objects.filter(drive=s.drive_b).count() == 1


def test_an_administrator_changes_their_own_provinces_drive(scene: Scene) -> None:
    s = scene
    for user, drive in [(s.admin_a, s.drive_a), (s.admin_a_2021, s.drive_a_2021)]:
        url = f"{ADMIN}/outreach/drive/{drive.pk}/change/"
        response = as_user(user).post(url, drive_data(drive, f"{drive.name} (sửa)"))
        assert response.status_code == 302
        drive.refresh_from_db()
        assert drive.name.endswith("(sửa)")


def test_another_provinces_units_cannot_be_chosen(scene: Scene) -> None:
    s = scene
    client = as_user(s.admin_a)
    add = client.post(
        f"{ADMIN}/situation/keyarea/add/",
        {"unit": str(s.world.outside_unit.pk), "reason": "Chen ngang", "valid_from": "01/01/2021"},
    )
    assert add.status_code == 200
    assert "unit" in add.context["adminform"].form.errors
    assert not KeyArea.objects.filter(reason="Chen ngang").exists()
    # Moving one's own drive into another province is refused the same way.
    moved = drive_data(s.drive_a, "Bầu cử Đắk Lắk") | {"unit": str(s.world.outside_unit.pk)}
    client.post(f"{ADMIN}/outreach/drive/{s.drive_a.pk}/change/", moved)
    s.drive_a.refresh_from_db()
    assert s.drive_a.unit == s.world.province_unit
    # The choices offered: units of the province only, through the raw-id lookup list.
    units = listed(client, "geo/adminunit")
    assert s.world.outside_unit.pk not in units and s.world.commune_b_unit.pk in units
    template_form = client.get(f"{ADMIN}/documents/documenttemplate/add/").context["adminform"]
    offered = set(template_form.form.fields["unit"].queryset.values_list("pk", flat=True))
    assert s.world.province_unit.pk in offered and s.world.outside_unit.pk not in offered
    # The autocomplete of organizations (user and role pages) is scoped the same way.
    found = client.get(
        f"{ADMIN}/autocomplete/",
        {"app_label": "orgs", "model_name": "role", "field_name": "organization", "term": ""},
    ).json()["results"]
    names = {row["text"] for row in found}
    assert "Ủy ban MTTQ xã Hòa Phú" in names and "Ban Dân vận Tỉnh ủy Lâm Đồng" not in names


NATIONAL = [
    ("reporting/reportform", lambda: ReportForm.objects.get(code="bc-quy")),
    ("reporting/indicator", lambda: Indicator.objects.order_by("pk").first()),
    ("outreach/topic", lambda: Topic.objects.get(code="bau-cu")),
    ("situation/incidentcategory", lambda: IncidentCategory.objects.get(code="dat-dai")),
]


def simple_data(path: str, obj: object) -> dict[str, str]:
    """A valid change of a topic or an incident category: a new name."""
    data = {"code": obj.code, "name": "Tên mới", "order": "0"}  # type: ignore[attr-defined]
    return data | ({"active": "on"} if path == "outreach/topic" else {})


def test_province_administrators_read_but_cannot_change_national_configuration(
    scene: Scene,
) -> None:
    for user in (scene.admin_a, scene.admin_a_2021, scene.admin_b):
        client = as_user(user)
        for path, get in NATIONAL:
            obj = get()
            assert obj is not None
            before = str(obj)
            page = client.get(f"{ADMIN}/{path}/{obj.pk}/change/")
            assert page.status_code == 200
            assert 'name="_save"' not in page.content.decode()  # read only
            data = simple_data(path, obj)
            assert client.post(f"{ADMIN}/{path}/{obj.pk}/change/", data).status_code == 403
            deleted = client.post(f"{ADMIN}/{path}/{obj.pk}/delete/", {"post": "yes"})
            assert deleted.status_code == 403
            assert client.get(f"{ADMIN}/{path}/add/").status_code == 403
            version = obj.history.first()
            if version is not None:  # a revert is a change too
                url = f"{ADMIN}/{path}/{obj.pk}/history/{version.history_id}/"
                client.post(url, data)
            obj.refresh_from_db()
            assert str(obj) == before, (user, path)
    assert Topic.objects.filter(code="bau-cu").exists()
    assert IncidentCategory.objects.filter(code="dat-dai").exists()


def test_the_national_administrator_changes_national_configuration(scene: Scene) -> None:
    client = as_user(scene.national)
    for path, get in NATIONAL[2:]:
        obj = get()
        assert obj is not None
        response = client.post(f"{ADMIN}/{path}/{obj.pk}/change/", simple_data(path, obj))
        assert response.status_code == 302
        obj.refresh_from_db()
        assert obj.name == "Tên mới"
    form = ReportForm.objects.get(code="bc-quy")
    page = client.get(f"{ADMIN}/reporting/reportform/{form.pk}/change/").content.decode()
    assert 'name="_save"' in page


def test_the_general_document_template_is_read_by_provinces_written_nationally(
    scene: Scene,
) -> None:
    general = DocumentTemplate.objects.create(kind=DocumentKind.REPORT, issuer="CHUNG")
    own = DocumentTemplate.objects.create(
        kind=DocumentKind.REPORT, unit=scene.world.province_unit, issuer="ĐẮK LẮK"
    )
    other = DocumentTemplate.objects.create(
        kind=DocumentKind.REPORT, unit=scene.world.outside_unit, issuer=B_MARK
    )
    client = as_user(scene.admin_a)
    assert listed(client, "documents/documenttemplate") == {general.pk, own.pk}
    url = f"{ADMIN}/documents/documenttemplate"
    assert client.post(f"{url}/{general.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.get(f"{url}/{other.pk}/change/").status_code == 404
    assert client.post(f"{url}/{own.pk}/delete/", {"post": "yes"}).status_code == 302
    assert set(DocumentTemplate.objects.values_list("pk", flat=True)) == {general.pk, other.pk}
    national = as_user(scene.national)
    assert national.post(f"{url}/{general.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not DocumentTemplate.objects.filter(pk=general.pk).exists()


def test_the_admins_error_note_is_vietnamese_singular_and_plural(scene: Scene) -> None:
    client = as_user(scene.admin_a)
    one = client.post(
        f"{ADMIN}/situation/keyarea/add/",
        {"unit": str(scene.world.commune_a_unit.pk), "reason": "", "valid_from": "01/01/2021"},
    ).content.decode()
    assert "Vui lòng sửa lỗi dưới đây." in one and "Please correct" not in one
    two = client.post(f"{ADMIN}/situation/keyarea/add/", {"unit": "", "reason": ""})
    html = two.content.decode()
    assert "Vui lòng sửa 3 lỗi dưới đây." in html and "Please correct" not in html
    assert "<title>Lỗi:" in html


def test_the_login_and_password_pages_error_notes_are_vietnamese(scene: Scene) -> None:
    login = Client().post(f"{ADMIN}/login/", {"username": "", "password": ""}).content.decode()
    assert "Vui lòng sửa 2 lỗi dưới đây." in login and "Please correct" not in login
    assert "<title>Lỗi:" in login
    client = as_user(scene.admin_a)
    url = f"{ADMIN}/orgs/user/{scene.world.commune_a.pk}/password/"
    page = client.post(
        url, {"password1": "mat-khau-1", "password2": "khac-hẳn", "usable_password": "true"}
    ).content.decode()
    assert "Vui lòng sửa lỗi dưới đây." in page and "Please correct" not in page
    # Another province's user has no password page for this administrator.
    other = make_user("ngoai_tinh", scene.world.outside_org)
    assert client.get(f"{ADMIN}/orgs/user/{other.pk}/password/").status_code == 404


def test_bulk_deletion_reaches_neither_other_provinces_nor_national_configuration(
    scene: Scene,
) -> None:
    client = as_user(scene.admin_a)
    bulk = {"action": "delete_selected", "post": "yes"}
    client.post(
        f"{ADMIN}/situation/keyarea/",
        bulk | {"_selected_action": [str(scene.area_a.pk), str(scene.area_b.pk)]},
    )
    # Only the province's own key area went.
    assert list(KeyArea.objects.values_list("pk", flat=True)) == [scene.area_b.pk]
    topics = Topic.objects.count()
    client.post(
        f"{ADMIN}/outreach/topic/",
        bulk | {"_selected_action": [str(pk) for pk in Topic.objects.values_list("pk", flat=True)]},
    )
    assert Topic.objects.count() == topics


def test_the_admins_lists_speak_vietnamese(scene: Scene) -> None:
    # Django's own Vietnamese catalogue misses some admin strings; none may reach the page.
    client = as_user(scene.national)
    index = client.get(f"{ADMIN}/")
    lists = sorted(set(re.findall(rf'href="({ADMIN}/[a-z_]+/[a-z_]+/)"', index.content.decode())))
    assert len(lists) > 10
    for path in lists:
        page = client.get(path).content.decode()
        english = [w for w in ("Select this object", "Select all", "Go</button>") if w in page]
        assert not english, (path, english)
    assert "để thao tác" in client.get(f"{ADMIN}/situation/keyarea/").content.decode()


def test_the_vietnamese_catalogue_is_compiled_from_its_source() -> None:
    # django.mo is what Django reads; a string added to django.po but not compiled would not show.
    import gettext
    from pathlib import Path

    folder = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES"
    source = (folder / "django.po").read_text(encoding="utf-8")
    pairs = dict(re.findall(r'^msgid "(.+)"\nmsgstr "(.+)"$', source, re.M))
    with (folder / "django.mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    assert len(pairs) >= 28
    assert {k: catalogue.gettext(k) for k in pairs} == pairs
