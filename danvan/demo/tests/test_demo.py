from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from danvan.demo.management.commands.demo import DEMO_PASSWORD
from danvan.orgs.models import Organization, Role, User

pytestmark = pytest.mark.django_db


def test_demo_loads_the_province_and_is_safe_to_run_twice() -> None:
    out = StringIO()
    call_command("demo", "--accounts-only", stdout=out)
    counts = (Organization.objects.count(), User.objects.count(), Role.objects.count())
    assert "tinh.quantri" in out.getvalue() and DEMO_PASSWORD in out.getvalue()
    user = User.objects.get(username="thanhcong.nhaplieu")
    user.set_password("Mat-khau-rieng-2026")
    user.save()
    call_command("demo", "--accounts-only", stdout=StringIO())
    assert (Organization.objects.count(), User.objects.count(), Role.objects.count()) == counts
    user.refresh_from_db()
    assert user.check_password("Mat-khau-rieng-2026")  # a second run keeps changed passwords
    names = set(Organization.objects.values_list("name", flat=True))
    assert {
        "Ban Dân vận Tỉnh ủy Đắk Lắk",
        "Ban Dân vận Thành ủy Buôn Ma Thuột",
        "Ủy ban MTTQ Việt Nam phường Thành Công",
        "Hội Liên hiệp Phụ nữ xã Hòa Phú",
        "Hội Nông dân phường Buôn Ma Thuột",
    } <= names


def test_every_demo_account_can_log_in_and_sees_its_organization() -> None:
    out = StringIO()
    call_command("demo", "--accounts-only", stdout=out)
    accounts = [line.split()[0] for line in out.getvalue().splitlines() if line.startswith("  ")]
    assert len(accounts) == 21
    for username in accounts:
        client = Client()
        response = client.post(
            reverse("login"), {"username": username, "password": DEMO_PASSWORD}, follow=True
        )
        assert response.status_code == 200
        org = User.objects.get(username=username).roles.get().organization
        assert org.name in response.content.decode(), username
