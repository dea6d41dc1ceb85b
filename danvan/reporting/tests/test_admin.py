"""Forms are edited in the admin by province administrators only."""

from danvan.conftest import World, make_user
from danvan.orgs.models import RoleKind
from danvan.reporting.models import ReportForm
from danvan.reporting.tests.conftest import client_for


def test_province_administrator_edits_forms_commune_administrator_cannot(world: World) -> None:
    form = ReportForm.objects.get(code="bc-quy")
    url = f"/quan-tri/reporting/reportform/{form.pk}/change/"
    province_admin = client_for(make_user("qt_tinh", world.province_org, RoleKind.ADMINISTRATOR))
    page = province_admin.get(url)
    assert page.status_code == 200
    assert "Suất quà trao tặng" in page.content.decode()
    commune_admin = client_for(make_user("qt_xa", world.commune_a_org, RoleKind.ADMINISTRATOR))
    assert commune_admin.get(url).status_code == 403
    assert client_for(world.outsider).get(url).status_code == 302  # not an administrator
    assert client_for(None).get(url).status_code == 302
