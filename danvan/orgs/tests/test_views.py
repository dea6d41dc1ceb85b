"""Every page as a province officer, officers of communes A and B, an outsider and a visitor."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse

from danvan.conftest import World
from danvan.geo.models import AdminUnit

pytestmark = pytest.mark.django_db


def page(client: Client, user: object, url: str, **params: str) -> str:
    if user is not None:
        client.force_login(user)  # type: ignore[arg-type]
    response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        reverse("home"),
        reverse("unit-list"),
        reverse("organization-list"),
        reverse("password_change"),
        reverse("unit-detail", args=[1]),
    ],
)
def test_a_visitor_who_is_not_logged_in_sees_only_the_login_page(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    login = client.get(reverse("login"))
    assert login.status_code == 200
    assert "Đăng nhập" in login.content.decode()


def test_home_shows_the_users_organization_and_unit(client: Client, world: World) -> None:
    html = page(client, world.commune_a, reverse("home"))
    assert "Ủy ban MTTQ phường Thành Công" in html
    assert "Phường Thành Công" in html
    assert "Xem" in html
    html = page(client, world.province, reverse("home"))
    assert "Ban Dân vận Tỉnh ủy Đắk Lắk" in html
    assert "Tỉnh Đắk Lắk" in html


def test_home_writes_the_unit_and_its_parent_with_no_space_before_the_comma(
    client: Client, world: World
) -> None:
    """As the browser shows it (runs of white space read as one space)."""
    html = page(client, world.commune_b, reverse("home"))
    where = BeautifulSoup(html, "html.parser").select_one(".roles li .muted")
    assert where is not None
    shown = " ".join(where.get_text().split())
    assert shown.startswith("Địa bàn: Xã Hòa Phú, Thành phố Buôn Ma Thuột")
    assert " ," not in shown


def test_home_tells_a_user_without_a_role_to_ask_an_administrator(
    client: Client, world: World
) -> None:
    html = page(client, world.no_role, reverse("home"))
    assert "chưa được gán vai trò" in html


def unit_names(client: Client, user: object, **params: str) -> set[str]:
    client.force_login(user)  # type: ignore[arg-type]
    response = client.get(reverse("unit-list"), params)
    assert response.status_code == 200
    return {unit.name for unit in response.context["page"].object_list}


def test_province_officer_sees_the_whole_province_then_and_now(
    client: Client, world: World
) -> None:
    then = unit_names(client, world.province, at="31/03/2021", q="thanh cong")
    assert "Phường Thành Công" in then
    assert unit_names(client, world.province, at="31/03/2021", q="hoa phu") == {"Xã Hòa Phú"}
    now = unit_names(client, world.province, q="buon ma thuot")
    assert "Phường Buôn Ma Thuột" in now
    # Phú Yên was merged into Đắk Lắk: its 2021 units are the province's history now.
    assert "Tỉnh Phú Yên" in unit_names(client, world.province, at="31/03/2021", level="province")
    assert "Tỉnh Lâm Đồng" not in unit_names(client, world.province, level="province")


def test_commune_officer_sees_that_commune_and_nothing_else(client: Client, world: World) -> None:
    assert unit_names(client, world.commune_a, at="31/03/2021") == {"Phường Thành Công"}
    # The commune ended on 30/06/2025: its officer's lists open on its last day.
    assert unit_names(client, world.commune_a) == {"Phường Thành Công"}
    assert unit_names(client, world.commune_b, at="31/03/2021") == {"Xã Hòa Phú"}


def test_outsider_and_user_without_role_see_no_dak_lak_unit(client: Client, world: World) -> None:
    outsider = unit_names(client, world.outsider, q="dak lak")
    assert outsider == set()
    assert "Tỉnh Lâm Đồng" in unit_names(client, world.outsider, level="province")
    assert unit_names(client, world.no_role) == set()


def test_unit_detail_is_found_only_within_scope(client: Client, world: World) -> None:
    url = reverse("unit-detail", args=[world.commune_a_unit.pk])
    for insider in (world.province, world.commune_a):
        html = page(client, insider, url)
        assert "Phường Thành Công" in html
        assert "Phường Buôn Ma Thuột" in html  # what it was merged into
    for outsider in (world.commune_b, world.outsider, world.no_role):
        client.force_login(outsider)
        assert client.get(url).status_code == 404


def test_unit_detail_shows_what_a_new_ward_was_formed_from(client: Client, world: World) -> None:
    new = AdminUnit.objects.by_code("24133", world.province_unit.valid_from)  # type: ignore[arg-type]
    html = page(client, world.province, reverse("unit-detail", args=[new.pk]))
    assert "Hình thành từ" in html
    assert "Phường Tân Lợi" in html


def test_organization_list_is_scoped(client: Client, world: World) -> None:
    def names(user: object, at: str) -> set[str]:
        client.force_login(user)  # type: ignore[arg-type]
        response = client.get(reverse("organization-list"), {"at": at})
        return {o.name for o in response.context["page"].object_list}

    assert names(world.province, "31/03/2021") == {
        "Ủy ban MTTQ phường Thành Công",
        "Ủy ban MTTQ xã Hòa Phú",
    }
    assert names(world.province, "27/11/2026") == {"Ban Dân vận Tỉnh ủy Đắk Lắk"}
    assert names(world.commune_a, "31/03/2021") == {"Ủy ban MTTQ phường Thành Công"}
    assert names(world.commune_b, "31/03/2021") == {"Ủy ban MTTQ xã Hòa Phú"}
    assert names(world.outsider, "27/11/2026") == {"Ban Dân vận Tỉnh ủy Lâm Đồng"}
    assert names(world.no_role, "27/11/2026") == set()


def test_a_malformed_date_is_explained_and_the_list_still_shows(
    client: Client, world: World
) -> None:
    html = page(client, world.province, reverse("unit-list"), at="31/02/2021")
    assert "không hợp lệ" in html
    assert "ngày/tháng/năm" in html


def test_search_as_you_type_returns_only_the_rows(client: Client, world: World) -> None:
    client.force_login(world.province)
    response = client.get(
        reverse("unit-list"), {"q": "hoa phu", "at": "31/03/2021"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "Xã Hòa Phú" in html
    assert "<html" not in html


def test_unit_list_query_count_does_not_grow_with_the_page(
    client: Client, world: World, django_assert_max_num_queries: object
) -> None:
    client.force_login(world.province)
    client.get(reverse("unit-list"))  # warm the session
    # session, user, roles, successions (x3: new -> old -> none), count, page
    with django_assert_max_num_queries(9):  # type: ignore[operator]
        response = client.get(reverse("unit-list"), {"at": "31/03/2021"})
    assert len(response.context["page"].object_list) == 50


def test_organization_list_query_count_is_pinned(
    client: Client, world: World, django_assert_max_num_queries: object
) -> None:
    client.force_login(world.province)
    with django_assert_max_num_queries(9):  # type: ignore[operator]
        client.get(reverse("organization-list"), {"at": "31/03/2021"})


def test_pages_carry_a_content_security_policy(client: Client, world: World) -> None:
    client.force_login(world.province)
    response = client.get(reverse("home"))
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_units_are_listed_in_vietnamese_alphabetical_order(client: Client, world: World) -> None:
    client.force_login(world.province)
    response = client.get(reverse("unit-list"), {"at": "31/03/2021", "level": "district"})
    names = [u.name for u in response.context["page"].object_list]
    assert len(names) == 15 + 9  # Đắk Lắk's and Phú Yên's districts in 2021
    from danvan.vi import sort_key

    assert names == sorted(names, key=sort_key)
    # "Huyện Ea Súp" < "Huyện Krông A Na": e before k; "Thành phố" after "Huyện" and before "Thị xã"
    assert names.index("Huyện Ea Súp") < names.index("Huyện Krông A Na")
    assert names.index("Thành phố Buôn Ma Thuột") < names.index("Thị xã Buôn Hồ")


def test_the_icon_is_served_to_anyone_from_this_server(client: Client) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("/static/danvan/icon.svg")
