"""Welfare pages: campaigns and their totals, list uploads with a preview, coverage, households
(with CCCD masked unless asked for, and logged), and the review of duplicate households."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from danvan.core import params, uploads
from danvan.core.downloads import CSV, XLSX, csv_text, download
from danvan.geo.models import AdminUnit, in_force, outermost
from danvan.jobs.actions import find_open, start_job
from danvan.jobs.models import JobKind
from danvan.orgs import access as org_access
from danvan.orgs.access import signed_in_user
from danvan.orgs.models import User
from danvan.vi.dates import parse_date
from danvan.vi.ids import mask
from danvan.vi.text import fold
from danvan.welfare import access, actions, coverage
from danvan.welfare.dedup import MATCH, REVIEW, percent, percent_text
from danvan.welfare.importer import COLUMNS, TEMPLATE_HEADERS, Row, Table, read_rows, template_bytes
from danvan.welfare.models import (
    Campaign,
    CampaignKind,
    ImportBatch,
    NationalIdView,
    PairStatus,
    TargetGroup,
)

TOP_GIVERS = 30  # a province has a thousand givers; the page lists the largest


def campaign_paths(user: User, campaign: Campaign) -> list[str]:
    """The part of the campaign's area the user sees."""
    scope = org_access.scope_paths(user)
    top = campaign.unit.path
    if scope is None or any(top.startswith(p) for p in scope):
        return [top]
    return outermost(p for p in scope if p.startswith(top))


def area(request: HttpRequest, user: User, campaign: Campaign) -> tuple[list[str], Any, list[Any]]:
    """The campaign's area the page covers: what the user sees of it, or one unit of it chosen
    with ?unit=; with the units offered for the choice (those just below the area's top)."""
    paths = campaign_paths(user, campaign)
    below = list(
        AdminUnit.objects.filter(in_force(campaign.ends), parent__path__in=paths).order_by(
            "sort_name"
        )
    )
    chosen = next((u for u in below if str(u.pk) == request.GET.get("unit")), None)
    return ([chosen.path] if chosen else paths), chosen, below


def campaign_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    scoped = org_access.unit_filter(user, "distributions__commune")
    campaigns = (
        access.campaigns_for_user(user)
        .select_related("organizer")
        .annotate(
            value=Sum("distributions__value_vnd", filter=scoped),
            lines=Count("distributions", filter=scoped),
        )
        .order_by("-starts", "name")
    )
    givers = access.giver_organizations(user)
    error = ""
    if request.method == "POST":
        error = _create_campaign(request, user, givers)
        if not error:
            return redirect("campaign-list")
    return render(
        request,
        "welfare/campaign_list.html",
        {
            "campaigns": campaigns,
            "givers": givers,
            "kinds": CampaignKind.choices,
            "groups": TargetGroup.choices,
            "error": error,
        },
    )


def _create_campaign(request: HttpRequest, user: User, givers: list[Any]) -> str:
    post = request.POST
    organizer = next((o for o in givers if str(o.pk) == post.get("organizer")), None)
    if organizer is None:
        raise PermissionDenied("Bạn không có quyền phát động đợt cho tổ chức này.")
    name = post.get("name", "").strip()
    if not name:
        return "Chưa ghi tên đợt."
    if post.get("kind") not in CampaignKind.values:
        return "Chọn loại đợt."
    try:
        starts, ends = parse_date(post.get("starts", "")), parse_date(post.get("ends", ""))
    except ValueError as error:
        return str(error)
    if ends < starts:
        return "Ngày kết thúc phải trùng hoặc sau ngày bắt đầu."
    groups = [g for g in post.getlist("groups") if g in TargetGroup.values]
    actions.launch_campaign(
        organizer, name, post["kind"], starts, ends, groups or TargetGroup.values, acting_user=user
    )
    messages.success(request, f"Đã tạo đợt “{name}”.")
    return ""


def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    campaign = access.get_campaign_for_user(user, pk)
    paths = campaign_paths(user, campaign)
    by_group = coverage.totals(campaign, paths)
    by_giver = coverage.totals(campaign, paths, by="giver__name")
    givers_count = len({row["giver__name"] for row in by_giver.rows})
    by_giver.rows = sorted(by_giver.rows, key=lambda r: -r["value"])[:TOP_GIVERS]
    return render(
        request,
        "welfare/campaign_detail.html",
        {
            "campaign": campaign,
            "by_group": by_group,
            "by_giver": by_giver,
            "givers_count": givers_count,
            "top_givers": TOP_GIVERS,
            "givers": access.giver_organizations(user),
            "batches": ImportBatch.objects.filter(campaign=campaign, confirmed_at__isnull=False)
            .filter(org_access.unit_filter(user, "giver__admin_unit"))
            .select_related("giver", "uploaded_by")
            .order_by("-confirmed_at")[:20],
            "headers": TEMPLATE_HEADERS,
            "can_resolve": access.can_resolve_pairs(user),
        },
    )


def campaign_coverage(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    campaign = access.get_campaign_for_user(user, pk)
    paths, chosen, below = area(request, user, campaign)
    missing = (
        coverage.uncovered(campaign, paths)
        .select_related("commune")
        .order_by("commune__sort_name", "sort_name")
    )
    page = Paginator(missing, 50).get_page(request.GET.get("page"))
    repeated = coverage.repeated(campaign, paths)
    return render(
        request,
        "welfare/coverage.html",
        {
            "campaign": campaign,
            "page": page,
            "eligible": coverage.eligible(campaign, paths).count(),
            "chosen": chosen,
            "below": below,
            "repeated": repeated[:200],
            "repeated_count": len(repeated),
            "by_group": coverage.totals(campaign, paths),
        },
    )


def campaign_import(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    campaign = access.get_campaign_for_user(user, pk)
    givers = access.giver_organizations(user)
    context: dict[str, Any] = {"campaign": campaign, "givers": givers, "preview": None}
    if request.method == "POST" and "batch" in request.POST:
        batch_id = params.int_param(request, "batch", "Mã lần tải lên", source="POST", status=404)
        batch = get_object_or_404(ImportBatch, pk=batch_id, campaign=campaign, uploaded_by=user)
        if batch.confirmed_at is not None:
            messages.error(request, "Tệp này đã được nhập rồi.")
            return redirect("campaign-import", pk=pk)
        job = find_open(JobKind.WELFARE_CONFIRM, batch=batch.pk) or start_job(
            JobKind.WELFARE_CONFIRM,
            f"Nhập danh sách {batch.file_name} vào {campaign.name}",
            user=user,
            organization=batch.giver,
            scope_path=batch.giver.admin_unit.path,
            params={"batch": batch.pk},
        )
        return redirect("job-detail", pk=job.pk)
    if request.method == "POST":
        giver = next((o for o in givers if str(o.pk) == request.POST.get("giver")), None)
        upload = request.FILES.get("file")
        if giver is None:
            raise PermissionDenied("Bạn không có quyền nhập danh sách cho tổ chức này.")
        if upload is None:
            context["error"] = "Chọn tệp danh sách (.xlsx hoặc .csv)."
        elif uploads.size_problem(upload.size or 0):
            context["error"] = uploads.size_problem(upload.size or 0)
        else:
            try:
                context["preview"] = actions.preview_upload(
                    campaign,
                    giver,
                    upload.read(),
                    upload.name or "danh-sach.xlsx",
                    acting_user=user,
                )
            except actions.UploadError as error:
                context["error"] = str(error)
    return render(request, "welfare/import.html", context)


def campaign_add(request: HttpRequest, pk: int) -> HttpResponse:
    """One line typed in by hand: the same fields and checks as a row of the list."""
    user = signed_in_user(request)
    campaign = access.get_campaign_for_user(user, pk)
    givers = access.giver_organizations(user)
    context: dict[str, Any] = {"campaign": campaign, "givers": givers, "data": {}}
    if request.method == "POST":
        giver = next((o for o in givers if str(o.pk) == request.POST.get("giver")), None)
        if giver is None:
            raise PermissionDenied("Bạn không có quyền ghi cho tổ chức này.")
        row = _typed_row(request, campaign)
        try:
            actions.record_one(campaign, giver, row, acting_user=user)
        except actions.UploadError as error:
            # Each box's error goes beside it; only what is about the line as a whole (or a
            # check made after reading it) stays at the top.
            beside = {m for messages_ in row.by_column.values() for m in messages_}
            general = [m for m in row.errors if m not in beside] if row.errors else [str(error)]
            if beside:
                general.insert(0, "Có ô viết chưa đúng; chưa ghi gì. Sửa các ô được đánh dấu.")
            context["error"] = " ".join(general)
            context["field_errors"] = row.by_column
            context["data"] = request.POST
        else:
            messages.success(request, f"Đã ghi lượt trao cho {row.name or 'dòng tổng'}.")
            return redirect("campaign-add", pk=pk)
    return render(request, "welfare/add.html", context)


def _typed_row(request: HttpRequest, campaign: Campaign) -> Row:
    fields = list(COLUMNS)  # the form's fields are named like the list's columns
    cells = [request.POST.get(f, "").strip() for f in fields]
    table = Table(0, {f: i for i, f in enumerate(fields)}, [(1, cells)])
    return read_rows(table, default_date=campaign.ends, default_kind="")[0]


def list_template(request: HttpRequest) -> HttpResponse:
    return download(template_bytes(), XLSX, "mau-danh-sach-ho.xlsx")


def household_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    households = access.households_for_user(user).select_related("commune", "merged_into")
    q = request.GET.get("q", "").strip()
    if q:
        digits = "".join(ch for ch in q if ch.isdigit())
        households = households.filter(
            Q(name_folded__contains=fold(q))
            | (Q(phone__contains=digits) if len(digits) >= 4 else Q(pk__in=[]))
        )
    households = households.order_by("commune__sort_name", "sort_name")
    if request.GET.get("format") == "csv":
        return _households_csv(households)
    page = Paginator(households, 50).get_page(request.GET.get("page"))
    for household in page:
        household.masked_id = mask(household.national_id)  # type: ignore[attr-defined]
    return render(request, "welfare/household_list.html", {"page": page, "q": q})


def _households_csv(households: Any) -> HttpResponse:
    """The list as CSV, CCCD masked: a list leaves the system, the numbers do not."""
    rows = (
        [h.head_name, h.birth_year or "", h.get_sex_display(), mask(h.national_id), h.village,
         h.commune.name]
        for h in households.iterator(chunk_size=2000)
    )  # fmt: skip
    columns = ["Họ và tên", "Năm sinh", "Giới tính", "Số CCCD", "Thôn/buôn", "Xã/phường"]
    return download(csv_text(columns, rows), CSV, "so-ho.csv")


def household_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    household = access.get_household_for_user(user, pk)
    show_id = False
    if request.method == "POST":
        if not access.can_see_national_id(user):
            raise PermissionDenied("Vai trò của bạn không được xem số CCCD đầy đủ.")
        NationalIdView.objects.create(household=household, user=user)
        show_id = True
    members = [household, *household.merged.all()]
    return render(
        request,
        "welfare/household_detail.html",
        {
            "household": household,
            "national_id": household.national_id if show_id else mask(household.national_id),
            "can_see_id": access.can_see_national_id(user) and bool(household.national_id),
            "groups": household.groups.all(),
            "distributions": access.distributions_for_user(user)
            .filter(household__in=members)
            .select_related("campaign", "giver")
            .order_by("-date"),
            "views": household.id_views.select_related("user").order_by("-at")[:20],
        },
    )


def duplicate_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    status = request.GET.get("status", PairStatus.OPEN)
    pairs = access.pairs_for_user(user).select_related("first__commune", "second__commune")
    if status in PairStatus.values:
        pairs = pairs.filter(status=status)
    page = Paginator(pairs.order_by("-score", "pk"), 30).get_page(request.GET.get("page"))
    for pair in page:
        pair.percent = percent(float(pair.score))  # type: ignore[attr-defined]
        pair.percent_text = percent_text(float(pair.score))  # type: ignore[attr-defined]
    return render(
        request,
        "welfare/duplicates.html",
        {
            "page": page,
            "match": percent_text(MATCH),
            "match_percent": percent(MATCH),
            "review": percent_text(REVIEW),
            "review_percent": percent(REVIEW),
            "status": status,
            "statuses": PairStatus.choices,
            "can_resolve": access.can_resolve_pairs(user),
        },
    )


@require_POST
def campaign_dedup(request: HttpRequest, pk: int) -> HttpResponse:
    """Search the campaign's area for duplicate households again, as a job."""
    user = signed_in_user(request)
    campaign = access.get_campaign_for_user(user, pk)
    if not access.can_resolve_pairs(user):
        raise PermissionDenied("Bạn không có quyền xử lý hộ trùng.")
    job = find_open(JobKind.WELFARE_DEDUP, campaign=campaign.pk) or start_job(
        JobKind.WELFARE_DEDUP,
        f"Tìm hộ nghi trùng: {campaign.name}",
        user=user,
        scope_path=campaign.unit.path,
        params={"campaign": campaign.pk},
    )
    return redirect("job-detail", pk=job.pk)


@require_POST
def duplicate_decide(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    pair = get_object_or_404(access.pairs_for_user(user), pk=pk)
    try:
        actions.decide_pair(
            pair, request.POST.get("action", ""), request.POST.get("comment", ""), acting_user=user
        )
        messages.success(request, "Đã ghi quyết định.")
    except actions.UploadError as error:
        messages.error(request, str(error))
    return redirect("duplicate-list")
