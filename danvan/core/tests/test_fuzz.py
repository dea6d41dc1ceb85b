"""Property-based fuzzing (hypothesis) of query parameters, forms and upload parsers outside
the grassroots pages: no input answers 500, and refusals speak Vietnamese.

Hostile values are those a probe of the running application found: numbers past 64 bits,
5.000-digit numbers, non-ASCII digits ("²", "٣", "１"), NUL bytes, bare CR line endings, random
bytes, deeply nested JSON. Examples are bounded so that the whole file runs in seconds.
"""

import datetime as dt
import re
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from danvan.conftest import World, make_org, make_user
from danvan.core.periods import Period
from danvan.orgs.models import OrgKind, RoleKind, User
from danvan.reporting import exchange
from danvan.reporting.models import Report, ReportForm
from danvan.reporting.tests.helpers import field
from danvan.welfare.importer import TableError, read_rows, read_table
from danvan.welfare.models import Campaign, CampaignKind

pytestmark = pytest.mark.django_db

HOSTILE = [
    "",
    " ",
    "²",
    "٣",
    "１２",
    "-1",
    "0",
    "9223372036854775807",
    "9223372036854775808",
    "922337203685478",
    "922.337.203.685.478",
    "9" * 5000,
    "1e309",
    "NaN",
    "Infinity",
    "1,5",
    "74,000",
    "2021Q5",
    "99999Q1",
    "0Q1",
    "2021",
    "2021Q1",
    "202113",
    "31/02/2021",
    "01/01/99999",
    "a\x00b",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "%",
    "Đắk Lắk",
]
values = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=20))
FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)
ENGLISH = re.compile(
    r"invalid literal|Exceeds the limit|Please correct|Traceback|Server Error|"
    r"not a valid|Enter a (?:whole|valid) number|This field is required",
)


@dataclass
class Site:
    world: World
    officer: User
    report: Report
    campaign: Campaign


@pytest.fixture
def site(world: World) -> Site:
    women = make_org(OrgKind.WOMEN, world.commune_a_unit)
    officer = make_user("nhaplieu_a", women, RoleKind.DATA_ENTRY)
    make_user("tinh_qt", world.province_org, RoleKind.ADMINISTRATOR)
    report = Report.new(ReportForm.objects.get(code="bc-quy"), women, Period.parse("2021Q1"))
    report.save()
    district = world.commune_a_unit.parent
    assert district is not None
    campaign = Campaign.objects.create(
        name="Tết 2021",
        kind=CampaignKind.TET,
        starts=dt.date(2021, 1, 15),
        ends=dt.date(2021, 2, 11),
        organizer=make_org(OrgKind.FRONT, district),
        unit=district,
        target_groups=["ho-ngheo"],
    )
    return Site(world, officer, report, campaign)


def signed_in(user: User) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def assert_answered(response: object, what: str) -> None:
    status = getattr(response, "status_code", 0)
    assert status < 500, f"{what}: {status}"
    if status == 200 and response["Content-Type"].startswith("text/html"):  # type: ignore[index]
        html = response.content.decode()  # type: ignore[attr-defined]
        assert not ENGLISH.search(html), f"{what}: {ENGLISH.search(html)}"
    if status in (400, 404):
        html = response.content.decode()  # type: ignore[attr-defined]
        assert "Không" in html or "không" in html, what


GET_ROUTES = [
    ("/don-vi/", ["q", "level", "at", "page"]),
    ("/don-vi/{unit}/", ["at"]),
    ("/to-chuc/", ["at", "kind", "page"]),
    ("/bao-cao/", ["status", "period", "page"]),
    ("/bao-cao/{report}/", ["version"]),
    ("/tong-hop/", ["period", "form", "unit", "kind", "current", "approved"]),
    ("/tong-hop/tien-do/", ["period", "unit", "state", "current"]),
    ("/tong-hop/noi-dung/", ["period", "form", "unit"]),
    ("/tong-hop/du-lieu/", ["export", "period", "under", "format", "unit"]),
    ("/cham-lo/", ["page"]),
    ("/cham-lo/{campaign}/", ["unit"]),
    ("/cham-lo/{campaign}/bao-phu/", ["unit", "page"]),
    ("/ho/", ["q", "format", "page"]),
    ("/ho/trung/", ["status", "page"]),
]


@FUZZ
@given(data=st.data())
def test_query_parameters_never_answer_500(site: Site, data: st.DataObject) -> None:
    route, names = data.draw(st.sampled_from(GET_ROUTES))
    url = route.format(
        unit=site.world.commune_a_unit.pk, report=site.report.pk, campaign=site.campaign.pk
    )
    query = {name: data.draw(values) for name in names}
    for user in (site.world.province, site.officer):
        response = signed_in(user).get(url, query)
        assert_answered(response, f"{url} {query!r}")


PAST_64_BITS = [
    "/bao-cao/99999999999999999999999/",
    "/bao-cao/9223372036854775808/",
    "/don-vi/99999999999999999999/",
    "/cham-lo/18446744073709551616/bao-phu/",
    "/ho/9223372036854775808/",
    "/bao-cao/9223372036854775808/excel/",
]


def test_ids_past_64_bits_in_the_path_are_404(site: Site) -> None:
    client = signed_in(site.world.province)
    for path in PAST_64_BITS:
        response = client.get(path)
        assert response.status_code == 404, path
        assert "Không" in response.content.decode()


def test_a_nul_byte_in_a_parameter_is_refused_in_vietnamese(site: Site) -> None:
    response = signed_in(site.world.province).get("/ho/", {"q": "Nguy\x00ễn"})
    assert response.status_code == 400
    assert "ký tự không hợp lệ" in response.content.decode()


@FUZZ
@given(version=values, number=values)
def test_the_report_form_never_answers_500(site: Site, version: str, number: str) -> None:
    response = signed_in(site.officer).post(
        f"/bao-cao/{site.report.pk}/",
        {field("tt-buoi"): number, field("qua-tri-gia/ho-ngheo"): number, "version": version}
        | {"action": "save"},
    )
    assert_answered(response, f"version={version!r} number={number!r}")


def test_numbers_past_what_the_database_holds_are_refused_at_the_field(site: Site) -> None:
    client = signed_in(site.officer)
    for number, said in [
        ("922.337.203.685.478", "quá lớn (tối đa 922.337.203.685.477)"),
        ("9" * 5000, "Số quá dài"),
        ("²", "không"),
    ]:
        response = client.post(
            f"/bao-cao/{site.report.pk}/",
            {field("qua-tri-gia/ho-ngheo"): number, "version": str(site.report.version)}
            | {"action": "save"},
        )
        assert response.status_code == 200
        assert said in response.content.decode()
        assert not site.report.values.exists()


def test_a_bad_version_is_a_vietnamese_400(site: Site) -> None:
    client = signed_in(site.officer)
    for version in ["²", "9" * 5000, "99999999999999999999", "abc"]:
        response = client.post(f"/bao-cao/{site.report.pk}/", {"version": version})
        assert response.status_code == 400, version
        assert "Phiên bản" in response.content.decode()


@FUZZ
@given(content=st.binary(max_size=400))
def test_uploaded_bytes_never_answer_500(site: Site, content: bytes) -> None:
    client = signed_in(site.officer)
    response = client.post(
        f"/cham-lo/{site.campaign.pk}/nhap/",
        {"giver": site.officer.organization_id, "file": SimpleUploadedFile("ds.csv", content)},
    )
    assert_answered(response, f"welfare {content!r}")
    response = client.post(
        f"/bao-cao/{site.report.pk}/excel/", {"file": SimpleUploadedFile("bc.xlsx", content)}
    )
    assert_answered(response, f"workbook {content!r}")
    response = client.post(
        f"/bao-cao/{site.report.pk}/doc-van-ban/", {"file": SimpleUploadedFile("bc.docx", content)}
    )
    assert_answered(response, f"docx {content!r}")


HEADER = "indicator,period,unit,organization,breakdown,value,status"
csv_lines = st.lists(
    st.lists(values, min_size=1, max_size=8).map(lambda cells: ",".join(cells)), max_size=5
)


@FUZZ
@given(lines=csv_lines, ending=st.sampled_from(["\n", "\r\n", "\r"]))
def test_the_data_value_reader_refuses_in_vietnamese_naming_the_line(
    site: Site, lines: list[str], ending: str
) -> None:
    content = ending.join([HEADER, *lines]).encode()
    try:
        rows = exchange.read_rows(content, "so-lieu.csv")
    except ValueError as error:
        assert not ENGLISH.search(str(error)), str(error)
        return
    result = exchange.import_rows(rows, user=site.world.province, dry_run=True)
    physical_lines = len(re.split(r"\r\n|\r|\n", content.decode()))
    for line, message in result.errors:
        assert 2 <= line <= physical_lines
        assert not ENGLISH.search(message), message


HOSTILE_FILES = [
    ("so-lieu.json", b"[" * 100_000 + b"]" * 100_000),
    ("so-lieu.json", b'[{"a": ' * 5000 + b"1" + b"}" * 5000 + b"]"),
    ("so-lieu.csv", b"\xff\xfe\x00garbage"),
    ("so-lieu.csv", ("\r".join([HEADER, "tt-buoi,2021Q1,24133,X,,5,draft"])).encode()),
]


def test_hostile_data_value_files_get_a_vietnamese_message(site: Site) -> None:
    client = signed_in(site.world.province)
    for name, content in HOSTILE_FILES:
        upload = SimpleUploadedFile(name, content)
        response = client.post("/tong-hop/du-lieu/", {"file": upload, "dry_run": "1"})
        assert_answered(response, repr(content[:40]))
        try:
            rows = exchange.read_rows(content, name)
        except ValueError as error:
            assert re.search("[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệ]", str(error)), str(error)
        else:
            # The bare-CR CSV (old Mac Excel) is read: one row under the header.
            assert [row["indicator"] for row in rows] == ["tt-buoi"]


@FUZZ
@given(rows=st.lists(st.lists(values, min_size=1, max_size=15), max_size=6))
def test_the_list_reader_names_the_line_in_vietnamese(rows: list[list[str]]) -> None:
    from danvan.welfare.importer import TEMPLATE_HEADERS

    lines = [",".join(TEMPLATE_HEADERS), *(",".join(r) for r in rows)]
    try:
        table = read_table("\r".join(lines).encode(), "ds.csv")
    except TableError as error:
        assert not ENGLISH.search(str(error))
        return
    for row in read_rows(table, default_date=dt.date(2021, 2, 1), default_kind="qua"):
        for message in row.errors:
            assert not ENGLISH.search(message), message


def test_a_cell_past_the_csv_field_limit_is_a_vietnamese_refusal() -> None:
    content = b'"' + b"x" * 200_000 + b'"\n'
    with pytest.raises(TableError, match="Tệp CSV hỏng"):
        read_table(content, "ds.csv")
    with pytest.raises(ValueError, match="Tệp CSV hỏng"):
        exchange.read_rows(content, "so-lieu.csv")
