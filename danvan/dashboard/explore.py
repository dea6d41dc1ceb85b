"""The data explorer's pages (/kham-pha/): the table, its charts and its XLSX for the choice
in the URL, and the user's saved views."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from danvan.core.downloads import xlsx_response
from danvan.core.errors import ActionError
from danvan.core.pagecache import kept_page
from danvan.core.replica import reads_from_replica
from danvan.dashboard import actions, charts
from danvan.dashboard.explorer import (
    CHARTS,
    GROUPINGS,
    KINDS,
    LEVEL_ORDER,
    REFORM_DAY,
    Exploration,
    choice_from,
    explore,
    indicators_of,
)
from danvan.dashboard.models import SavedView
from danvan.geo.models import Level
from danvan.orgs.access import signed_in_user
from danvan.reporting.models import ReportForm


@reads_from_replica
@kept_page
def explorer(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    choice = choice_from(request.GET, user)
    result = explore(choice)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(f"Khám phá {choice.unit.name}", result.columns, result.table())
    rank = LEVEL_ORDER.index(Level(choice.unit.level))
    # Districts only while some chosen period is before the reform that abolished them.
    with_districts = choice.periods[0].end < REFORM_DAY
    levels = [
        (code, label)
        for code, label in GROUPINGS.items()
        if code == KINDS
        or (LEVEL_ORDER.index(Level(code)) >= rank and (code != Level.DISTRICT or with_districts))
    ]
    context = {
        "choice": choice,
        "result": result,
        "query": choice.query(),
        "forms": ReportForm.objects.filter(active=True),
        "offered": indicators_of(choice.form),
        "chosen": {i.pk for i in choice.indicators},
        "levels": levels,
        "chart_kinds": CHARTS.items(),
        "drawn": _chart(result),
        "saved": SavedView.objects.filter(user=user),
    }
    return render(request, "dashboard/explorer.html", context)


def _chart(result: Exploration) -> dict[str, object]:
    """The chosen chart as a data URL with the table of exactly what it draws, and the phone's
    copy of it (`image_narrow`: the same figures, in type that stays readable at 390 px)."""
    choice = result.choice
    first = choice.indicators[0]
    name = f"{first.name} ({first.unit})"
    if choice.chart == "line":
        totals = [(r.period.label, r.values[0]) for r in result.rows if r.total]
        drawn = [
            charts.line(
                f"{name} qua các kỳ",
                [p for p, _ in totals],
                [v for _, v in totals],
                name,
                narrow=narrow,
            )
            for narrow in (False, True)
        ]
        return {
            "image": drawn[0],
            "image_narrow": drawn[1],
            "alt": f"Biểu đồ đường {first.name.lower()} qua các kỳ",
            "columns": ["Kỳ", name],
            "rows": [[p, v] for p, v in totals],
        }
    if choice.chart == "stack":
        breakdown = result.breakdown
        if breakdown is None or not breakdown.options:
            return {"missing": "Các chỉ tiêu đã chọn không có phân tổ (nhóm đối tượng…)."}
        title = f"{breakdown.indicator.name} ({breakdown.indicator.unit}) theo phân tổ"
        series = [
            (option, [values[i] if i < len(values) else None for _, values in breakdown.by_period])
            for i, option in enumerate(breakdown.options)
        ]
        # Options nobody reported in these periods would only lengthen the legend.
        kept = [i for i, (_, values) in enumerate(series) if any(v is not None for v in values)]
        series = [series[i] for i in kept]
        labels = [p.label for p, _ in breakdown.by_period]
        return {
            "image": charts.stacked(title, labels, series),
            "image_narrow": charts.stacked(title, labels, series, narrow=True),
            "alt": f"Biểu đồ cột chồng {breakdown.indicator.name.lower()} theo phân tổ",
            "columns": ["Kỳ", *[name for name, _ in series]],
            "rows": [
                [p.label, *[values[i] if i < len(values) else None for i in kept]]
                for p, values in breakdown.by_period
            ],
        }
    latest = choice.periods[-1]
    bars = [r for r in result.rows if r.period == latest and not r.total]
    drawn = [
        charts.bars(
            f"{name}, {latest.label}",
            [r.label for r in bars],
            [r.values[0] for r in bars],
            name,
            narrow=narrow,
        )
        for narrow in (False, True)
    ]
    return {
        "image": drawn[0],
        "image_narrow": drawn[1],
        "alt": f"Biểu đồ cột {first.name.lower()} {latest.label}",
        "columns": ["Đơn vị" if choice.grouping != KINDS else "Tổ chức", name],
        "rows": [[r.label, r.values[0]] for r in bars],
    }


@require_POST
def save_view(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    # The choice is read back through the explorer's own parser, so only what it accepts is
    # kept, with the area checked against the user's scope.
    query = QueryDict(request.POST.get("query", ""))
    choice = choice_from(query, user)
    try:
        view = actions.save_view(request.POST.get("name", ""), choice.query(), acting_user=user)
    except ActionError as error:
        messages.error(request, str(error))
        return redirect(f"{reverse('explorer')}?{choice.query()}")
    messages.success(request, f"Đã lưu khung nhìn «{view.name}».")
    return redirect(f"{reverse('explorer')}?{view.query}")


@require_POST
def delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    try:
        actions.delete_view(pk, acting_user=user)
    except ActionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Đã xóa khung nhìn.")
    back = QueryDict(request.POST.get("query", "")).urlencode()
    return redirect(f"{reverse('explorer')}?{back}")
