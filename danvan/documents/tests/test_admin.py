"""Document templates are written in the admin by a province's administrators, for their
province only; a template with a syntax error is refused in Vietnamese."""

from danvan.conftest import World, make_user
from danvan.documents.models import DocumentKind, DocumentTemplate
from danvan.orgs.models import RoleKind
from danvan.reporting.tests.conftest import client_for

ADD = "/quan-tri/documents/documenttemplate/add/"


def form_data(unit_pk: int, **extra: str) -> dict[str, str]:
    return {
        "kind": DocumentKind.REPORT,
        "unit": str(unit_pk),
        "title": "BÁO CÁO",
        "subtitle": "kết quả công tác dân vận {{ period }}",
        "intro": "",
        "results": "",
        "recipients": "- Lưu.",
        "signer_capacity": "TRƯỞNG BAN",
        **extra,
    }


def test_province_administrator_writes_their_provinces_template(world: World) -> None:
    admin = client_for(make_user("qt_tinh", world.province_org, RoleKind.ADMINISTRATOR))
    response = admin.post(ADD, form_data(world.province_unit.pk, signer_name="Nguyễn Văn B"))
    assert response.status_code == 302
    template = DocumentTemplate.objects.get()
    assert (template.unit, template.signer_name) == (world.province_unit, "Nguyễn Văn B")

    broken = admin.post(ADD, form_data(world.province_unit.pk, results="{% if f.qua_suat %}"))
    assert broken.status_code == 200
    assert "Mẫu viết sai cú pháp" in broken.content.decode()
    assert DocumentTemplate.objects.count() == 1


def test_another_provinces_unit_cannot_be_chosen(world: World) -> None:
    admin = client_for(make_user("qt_tinh", world.province_org, RoleKind.ADMINISTRATOR))
    response = admin.post(ADD, form_data(world.outside_unit.pk))
    assert response.status_code == 200  # the form comes back with an error
    assert not DocumentTemplate.objects.exists()
    DocumentTemplate.objects.create(kind=DocumentKind.REPORT, unit=world.outside_unit)
    listing = admin.get("/quan-tri/documents/documenttemplate/").content.decode()
    assert "Lâm Đồng" not in listing


def test_commune_administrators_outsiders_and_visitors_are_kept_out(world: World) -> None:
    commune_admin = client_for(make_user("qt_xa", world.commune_a_org, RoleKind.ADMINISTRATOR))
    assert commune_admin.get(ADD).status_code == 403
    assert client_for(world.outsider).get(ADD).status_code == 302
    assert client_for(None).get(ADD).status_code == 302
