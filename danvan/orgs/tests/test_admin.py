"""The admin pages: administrators manage organizations, users and roles within their scope."""

import pytest
from django.test import Client
from django.urls import reverse

from danvan.conftest import World, make_user
from danvan.orgs.models import Organization, Role, RoleKind, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def admins(world: World) -> dict[str, User]:
    return {
        "province": make_user("qt_tinh", world.province_org, RoleKind.ADMINISTRATOR),
        "commune_a": make_user("qt_xa_a", world.commune_a_org, RoleKind.ADMINISTRATOR),
    }


def test_visitors_and_non_administrators_cannot_open_the_admin(
    client: Client, world: World
) -> None:
    index = reverse("admin:index")
    assert client.get(index).status_code == 302
    for user in (world.province, world.commune_a, world.outsider, world.no_role):
        client.force_login(user)
        response = client.get(index)
        assert response.status_code == 302
        assert reverse("admin:login") in response["Location"]
        assert client.get(reverse("admin:orgs_organization_changelist")).status_code == 302


def test_the_admin_is_in_vietnamese(client: Client, admins: dict[str, User]) -> None:
    client.force_login(admins["province"])
    html = client.get(reverse("admin:index")).content.decode()
    assert "Quản trị danvan" in html
    assert "Tổ chức và người dùng" in html


def changelist(client: Client, user: User, name: str) -> set[str]:
    client.force_login(user)
    response = client.get(reverse(f"admin:orgs_{name}_changelist"))
    assert response.status_code == 200
    return {str(obj) for obj in response.context["cl"].result_list}


def test_each_administrator_lists_only_their_scope(
    client: Client, world: World, admins: dict[str, User]
) -> None:
    assert changelist(client, admins["province"], "organization") == {
        "Ban Dân vận Tỉnh ủy Đắk Lắk",
        "Ủy ban MTTQ phường Thành Công",
        "Ủy ban MTTQ xã Hòa Phú",
    }
    assert changelist(client, admins["commune_a"], "organization") == {
        "Ủy ban MTTQ phường Thành Công"
    }
    users = changelist(client, admins["commune_a"], "user")
    assert "xa_a" in users and "xa_b" not in users and "tinh" not in users


def test_an_administrator_edits_an_organization_in_scope(
    client: Client, world: World, admins: dict[str, User]
) -> None:
    client.force_login(admins["province"])
    org = world.commune_b_org
    url = reverse("admin:orgs_organization_change", args=[org.pk])
    response = client.post(
        url,
        {
            "kind": org.kind,
            "name": "Ủy ban MTTQ Việt Nam xã Hòa Phú",
            "admin_unit": org.admin_unit_id,
            "valid_to": "30/06/2025",
        },
    )
    assert response.status_code == 302, response.context["adminform"].errors
    org.refresh_from_db()
    assert org.name == "Ủy ban MTTQ Việt Nam xã Hòa Phú"


def test_an_administrator_cannot_touch_another_communes_organization(
    client: Client, world: World, admins: dict[str, User]
) -> None:
    client.force_login(admins["commune_a"])
    org = world.commune_b_org
    url = reverse("admin:orgs_organization_change", args=[org.pk])
    assert client.get(url).status_code == 404  # does not exist for this administrator
    client.post(url, {"kind": org.kind, "name": "Đã bị sửa", "admin_unit": org.admin_unit_id})
    org.refresh_from_db()
    assert org.name == "Ủy ban MTTQ xã Hòa Phú"


def test_an_administrator_cannot_grant_a_role_outside_their_scope(
    client: Client, world: World, admins: dict[str, User]
) -> None:
    client.force_login(admins["commune_a"])
    response = client.post(
        reverse("admin:orgs_role_add"),
        {"user": world.commune_a.pk, "organization": world.commune_b_org.pk, "role": "approver"},
    )
    assert response.status_code == 200
    assert response.context["adminform"].errors
    assert not Role.objects.filter(organization=world.commune_b_org, role="approver").exists()
    ok = client.post(
        reverse("admin:orgs_role_add"),
        {"user": world.commune_a.pk, "organization": world.commune_a_org.pk, "role": "approver"},
    )
    assert ok.status_code == 302
    assert Role.objects.filter(user=world.commune_a, role="approver").exists()


def test_an_administrator_cannot_make_anyone_a_superuser(
    client: Client, world: World, admins: dict[str, User]
) -> None:
    client.force_login(admins["province"])
    url = reverse("admin:orgs_user_change", args=[world.commune_a.pk])
    html = client.get(url).content.decode()
    assert "is_superuser" not in html
    client.post(
        url,
        {
            "username": "xa_a",
            "full_name": "Nguyễn Thị A",
            "organization": world.commune_a_org.pk,
            "is_active": "on",
            "is_superuser": "on",
            "roles-TOTAL_FORMS": "0",
            "roles-INITIAL_FORMS": "0",
        },
    )
    user = User.objects.get(pk=world.commune_a.pk)
    assert user.full_name == "Nguyễn Thị A"
    assert not user.is_superuser


def test_administrators_create_organizations_only_at_their_units(
    client: Client, world: World, admins: dict[str, User]
) -> None:
    client.force_login(admins["commune_a"])
    client.post(
        reverse("admin:orgs_organization_add"),
        {"kind": "women", "name": "Hội LHPN xã Hòa Phú", "admin_unit": world.commune_b_unit.pk},
    )
    assert not Organization.objects.filter(name="Hội LHPN xã Hòa Phú").exists()
    client.post(
        reverse("admin:orgs_organization_add"),
        {
            "kind": "women",
            "name": "Hội LHPN phường Thành Công",
            "admin_unit": world.commune_a_unit.pk,
        },
    )
    assert Organization.objects.filter(name="Hội LHPN phường Thành Công").exists()


def test_an_end_date_before_the_start_date_is_refused_in_vietnamese(
    client: Client, world: World, admins: dict[str, User]
) -> None:
    client.force_login(admins["commune_a"])
    response = client.post(
        reverse("admin:orgs_organization_add"),
        {
            "kind": "youth",
            "name": "Đoàn Thanh niên phường Thành Công",
            "admin_unit": world.commune_a_unit.pk,
            "valid_from": "01/01/2021",
            "valid_to": "31/12/2020",
        },
    )
    assert response.status_code == 200
    assert "Ngày kết thúc phải trùng hoặc sau ngày bắt đầu" in response.content.decode()
    assert not Organization.objects.filter(kind="youth").exists()
