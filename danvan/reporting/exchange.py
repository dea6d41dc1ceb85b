"""Data values in and out: CSV/JSON for other systems, and one Excel workbook per report.

CSV and JSON carry numbers in plain machine form ("497300.5": a dot for decimals, no grouping),
one row per value: indicator, period, unit (code), organization (name), breakdown (option code),
value, status (the report's status; "reopened" for a report the level above reopened after
approving it, as its page says). The Excel workbook is for people: Vietnamese headers and
Vietnamese numbers.

An import is all or nothing: every row is checked first, and if any row is wrong, nothing is
written and every wrong row is named with its line number.
"""

import csv
import io
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from openpyxl import load_workbook

from danvan.core import uploads
from danvan.core.numbers import json_number
from danvan.core.periods import Period
from danvan.geo.models import AdminUnit, in_force, under_paths
from danvan.orgs import access as org_access
from danvan.orgs.access import AnyUser
from danvan.orgs.models import Organization, User
from danvan.reporting import access
from danvan.reporting.actions import (
    Conflict,
    ReportError,
    open_report,
    save_report,
)
from danvan.reporting.models import (
    RECEIVED,
    CategoryOption,
    DataValue,
    Indicator,
    Report,
    ReportForm,
    status_code,
)
from danvan.reporting.validation import Values, parse_value, show
from danvan.vi.text import fold

COLUMNS = ["indicator", "period", "unit", "organization", "breakdown", "value", "status"]
_MACHINE_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def machine(value: Decimal) -> str:
    """A value in the exchange files' form: "74000", "497300.5"."""
    if value == value.to_integral_value():  # most figures: skip normalizing
        return str(int(value))
    return str(json_number(value))


def reports_in(
    period: Period,
    paths: list[str],
    *,
    user: AnyUser | None = None,
    form: ReportForm | None = None,
) -> QuerySet[Report]:
    """The reports inside `period` under `paths` (and the user's scope): those whose values
    `export_values` gives."""
    reports = Report.objects.filter(period_start__gte=period.start, period_end__lte=period.end)
    reports = reports.filter(under_paths(paths, "unit"))
    if user is not None:
        reports = reports.filter(org_access.unit_filter(user, "unit"))
    if form is not None:
        reports = reports.filter(form=form)
    return reports


def export_values(
    period: Period,
    paths: list[str],
    *,
    user: AnyUser | None = None,
    form: ReportForm | None = None,
) -> QuerySet[DataValue, tuple[Any, ...]]:
    """The values of the reports inside `period` under `paths` (and the user's scope), as
    tuples in COLUMNS order (the value still a Decimal) followed by the report's `reopened`
    flag, ordered by unit, kind, period and
    indicator; `row_of` turns one into an exchange row."""
    values = DataValue.objects.filter(
        report__period_start__gte=period.start, report__period_end__lte=period.end
    )
    values = values.filter(under_paths(paths, "report__unit"))
    if user is not None:
        values = values.filter(org_access.unit_filter(user, "report__unit"))
    if form is not None:
        values = values.filter(report__form=form)
    return values.order_by(
        "report__unit__path",
        "report__org_kind",
        "report__period_start",
        "indicator__code",
        "option__order",
        "pk",
    ).values_list(
        "indicator__code",
        "report__period",
        "report__unit__code",
        "report__organization__name",
        "option__code",
        "value",
        "report__status",
        "report__reopened",
    )


def row_of(values: tuple[Any, ...]) -> dict[str, str]:
    ind, per, unit, org, opt, val, status, reopened = values
    row = (ind, per, unit, org, opt or "", machine(val), status_code(status, reopened))
    return dict(zip(COLUMNS, row, strict=True))


def export_rows(
    period: Period,
    paths: list[str],
    *,
    user: AnyUser | None = None,
    form: ReportForm | None = None,
) -> list[dict[str, str]]:
    """Every value of the reports inside `period` under `paths` (and the user's scope)."""
    return [row_of(values) for values in export_values(period, paths, user=user, form=form)]


def write_csv(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def read_rows(content: bytes, name: str) -> list[dict[str, str]]:
    """Rows of a CSV, JSON or XLSX file (the same columns; in a workbook, on its first sheet
    under a header row); ValueError in Vietnamese when it cannot be read at all."""
    if name.lower().endswith(".xlsx") or content[:2] == b"PK":
        try:
            uploads.check_spreadsheet(content)  # size limits, before anything is unpacked
        except uploads.UploadRefused as error:
            raise ValueError(str(error)) from None
        return _read_xlsx(content)
    uploads.check_csv(content)  # size, lines and cells, before parsing
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError("Tệp không phải văn bản UTF-8 (CSV hoặc JSON).") from None
    if name.lower().endswith(".json") or text.lstrip().startswith("["):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise ValueError(
                f"Tệp JSON hỏng ở dòng {error.lineno}, cột {error.colno}: cần một danh sách "
                "[{…}, …] các dòng số liệu."
            ) from None
        except RecursionError:
            raise ValueError("Tệp JSON lồng quá nhiều tầng: cần một danh sách phẳng.") from None
        if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
            raise ValueError("Tệp JSON phải là một danh sách các dòng số liệu.")
        return [{k: "" if v is None else str(v) for k, v in row.items()} for row in data]
    grid = uploads.csv_grid(text)
    header = [cell.strip() for cell in grid[0]] if grid else []
    missing = [c for c in COLUMNS[:-1] if c not in header]
    if missing:
        raise ValueError(f"Tệp CSV thiếu cột: {', '.join(missing)}. Cần có: {', '.join(COLUMNS)}.")
    return [
        {column: row[i] if i < len(row) else "" for i, column in enumerate(header)}
        for row in grid[1:]
        if row
    ]


def _read_xlsx(content: bytes) -> list[dict[str, str]]:
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a damaged or foreign file
        raise ValueError(
            "Không đọc được tệp Excel (.xlsx): tệp hỏng hoặc không phải Excel."
        ) from None
    sheet = book.worksheets[0]
    lines = sheet.iter_rows(values_only=True)
    header = [str(c or "").strip() for c in next(lines, ())]
    missing = [c for c in COLUMNS[:-1] if c not in header]
    if missing:
        raise ValueError(
            f"Trang đầu của tệp Excel thiếu cột: {', '.join(missing)}. "
            f"Cần có: {', '.join(COLUMNS)}."
        )
    rows = []
    for values in lines:
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        rows.append(
            {
                h: "" if v is None else _cell_text(v)
                for h, v in zip(header, values, strict=False)
                if h
            }
        )
    book.close()
    return rows


def _cell_text(value: object) -> str:
    """A cell as the CSV would hold it: whole numbers without ".0", decimals exact."""
    if isinstance(value, float):
        exact = Decimal(str(value))
        return str(exact.quantize(Decimal(1))) if exact == exact.to_integral() else str(exact)
    return str(value)


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    reports: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _Row:
    line: int
    report_key: tuple[int, int, str]
    key: tuple[int, int | None]
    value: Decimal


class _Resolver:
    """Looks up codes and names once per import, not once per row."""

    def __init__(self) -> None:
        self.indicators = {i.code: i for i in Indicator.objects.select_related("category")}
        self.options: dict[tuple[int, str], CategoryOption] = {
            (o.category_id, o.code): o for o in CategoryOption.objects.all()
        }
        self.forms = list(ReportForm.objects.prefetch_related("items"))
        self.form_indicators = {f.pk: {i.indicator_id for i in f.items.all()} for f in self.forms}
        self.units: dict[tuple[str, str], AdminUnit | None] = {}
        self.orgs: dict[tuple[int, str, str], Organization | None] = {}
        self.importable: dict[int, bool] = {}
        self.matching_forms: dict[tuple[int, str, int], list[ReportForm]] = {}

    def prepare(self, rows: list[Mapping[str, str]], user: User | None) -> None:
        """Look up the units, organizations and import rights every row names in a few
        queries per period, instead of a few per organization. What is not found here is
        looked up (and refused) row by row as before."""
        wanted: dict[str, set[tuple[str, str]]] = defaultdict(set)
        for raw in rows:
            get = {k.strip().lower(): (v or "").strip() for k, v in raw.items() if k}
            wanted[get.get("period", "")].add((get.get("unit", ""), get.get("organization", "")))
        found: list[Organization] = []
        for code, pairs in wanted.items():
            try:
                period = Period.parse(code)
            except ValueError:
                continue
            units: dict[str, AdminUnit] = {}
            for unit in (
                AdminUnit.objects.at(period.end)
                .filter(code__in={unit for unit, _ in pairs})
                .order_by("pk")
            ):
                units.setdefault(unit.code, unit)  # as .first() would pick
            for unit_code, _ in pairs:
                self.units[(unit_code, period.code)] = units.get(unit_code)
            by_name: dict[tuple[int, str], list[Organization]] = defaultdict(list)
            orgs = Organization.objects.filter(
                in_force(period.end), admin_unit__in=list(units.values())
            ).select_related("admin_unit")
            for org in orgs:
                by_name[(org.admin_unit_id, fold(org.name))].append(org)
            for unit_code, name in pairs:
                named = units.get(unit_code)
                if named is None:
                    continue
                matches = by_name.get((named.pk, fold(name)), [])
                self.orgs[(named.pk, fold(name), period.code)] = (
                    matches[0] if len(matches) == 1 else None
                )
                found.extend(matches[:1] if len(matches) == 1 else [])
        if user is not None and found:
            ids = {org.pk for org in found}
            managed = set(
                org_access.organizations_managed_by(user)
                .filter(pk__in=ids)
                .values_list("pk", flat=True)
            )
            for org in found:
                self.importable[org.pk] = org.pk in managed or access.can_enter(user, org)

    def may_import(self, user: User, org: Organization) -> bool:
        """can_import, asked once per organization and import rather than once per row."""
        if org.pk not in self.importable:
            self.importable[org.pk] = can_import(user, org)
        return self.importable[org.pk]

    def unit(self, code: str, period: Period) -> AdminUnit | None:
        key = (code, period.code)
        if key not in self.units:
            self.units[key] = AdminUnit.objects.at(period.end).filter(code=code).first()
        return self.units[key]

    def organization(self, unit: AdminUnit, name: str, period: Period) -> Organization | None:
        key = (unit.pk, fold(name), period.code)
        if key not in self.orgs:
            found = [
                org
                for org in Organization.objects.filter(
                    in_force(period.end), admin_unit=unit
                ).select_related("admin_unit")
                if fold(org.name) == fold(name)
            ]
            self.orgs[key] = found[0] if len(found) == 1 else None
        return self.orgs[key]

    def form(self, indicator: Indicator, period: Period, org: Organization) -> list[ReportForm]:
        key = (indicator.pk, period.type, org.pk)
        if key not in self.matching_forms:
            self.matching_forms[key] = [
                f
                for f in self.forms
                if f.type == period.type
                and indicator.pk in self.form_indicators[f.pk]
                and f.applies_to(org)
            ]
        return self.matching_forms[key]


def _check_row(
    line: int, raw: Mapping[str, str], resolver: _Resolver, user: User | None
) -> tuple[_Row | None, str]:
    get = {k.strip().lower(): (v or "").strip() for k, v in raw.items() if k}
    indicator = resolver.indicators.get(get.get("indicator", ""))
    if indicator is None:
        return None, f"không có chỉ tiêu mã “{get.get('indicator', '')}”"
    try:
        period = Period.parse(get.get("period", ""))
    except ValueError as error:
        return None, str(error)
    unit = resolver.unit(get.get("unit", ""), period)
    if unit is None:
        return None, f"không có đơn vị mã “{get.get('unit', '')}” vào ngày {period.end:%d/%m/%Y}"
    org = resolver.organization(unit, get.get("organization", ""), period)
    if org is None:
        return None, f"không tìm thấy tổ chức “{get.get('organization', '')}” tại {unit.name}"
    if user is not None and not resolver.may_import(user, org):
        return None, f"bạn không có quyền nhập số liệu cho {org.name}"
    forms = resolver.form(indicator, period, org)
    if len(forms) != 1:
        what = "không mẫu báo cáo nào" if not forms else "nhiều mẫu báo cáo"
        return None, f"{what} có chỉ tiêu {indicator.code} theo kỳ {period.code} cho {org.name}"
    option = None
    breakdown = get.get("breakdown", "")
    if indicator.category_id:
        option = resolver.options.get((indicator.category_id, breakdown))
        if option is None:
            return (
                None,
                f"chỉ tiêu {indicator.code} cần mã phân tổ hợp lệ, không phải “{breakdown}”",
            )
    elif breakdown:
        return None, f"chỉ tiêu {indicator.code} không có phân tổ “{breakdown}”"
    text = get.get("value", "")
    if not _MACHINE_NUMBER.fullmatch(text):
        return None, f"giá trị “{text}” phải viết dạng máy: 74000 hoặc 497300.5"
    try:
        value = parse_value(indicator, text.replace(".", ","))
    except (ValueError, InvalidOperation) as error:
        return None, f"giá trị “{text}”: {error}"
    assert value is not None
    if indicator.min_value is not None and value < indicator.min_value:
        return None, f"giá trị {text} nhỏ hơn mức tối thiểu {show(indicator.min_value)}"
    if indicator.max_value is not None and value > indicator.max_value:
        return None, f"giá trị {text} lớn hơn mức tối đa {show(indicator.max_value)}"
    key = (indicator.pk, option.pk if option else None)
    return _Row(line, (forms[0].pk, org.pk, period.code), key, value), ""


def can_import(user: AnyUser, organization: Organization) -> bool:
    """Entry staff for their own organization; administrators for any in their scope."""
    if access.can_enter(user, organization):
        return True
    return org_access.organizations_managed_by(user).filter(pk=organization.pk).exists()


def import_rows(
    rows: Iterable[Mapping[str, str]],
    *,
    user: User | None = None,
    dry_run: bool = False,
    first_line: int = 2,
    recorded_by: User | None = None,
) -> ImportResult:
    """Check every row, then write them all in one transaction, or nothing at all.

    Values go into the reports as drafts (a missing report is created); a report that was sent or
    approved accepts only unchanged values. `user` None is the command line (trusted, every
    unit); its changes are then recorded in the audit trail under `recorded_by`, the person the
    command names.
    """
    result = ImportResult(dry_run=dry_run)
    rows = list(rows)
    resolver = _Resolver()
    resolver.prepare(rows, user)
    checked: list[_Row] = []
    for offset, raw in enumerate(rows):
        result.rows += 1
        row, error = _check_row(first_line + offset, raw, resolver, user)
        if row is None:
            result.errors.append((first_line + offset, error))
        else:
            checked.append(row)
    seen: dict[tuple[Any, ...], int] = {}
    for row in checked:
        ident = (*row.report_key, *row.key)
        if ident in seen:
            result.errors.append((row.line, f"trùng với dòng {seen[ident]}"))
        seen[ident] = row.line
    if result.errors:
        return result

    grouped: dict[tuple[int, int, str], list[_Row]] = defaultdict(list)
    for row in checked:
        grouped[row.report_key].append(row)
    orgs = {org.pk: org for org in resolver.orgs.values() if org is not None}
    forms = {f.pk: f for f in resolver.forms}
    with transaction.atomic():
        # The reports that exist already and their values, read in two queries rather than
        # two per report (each report is still locked and re-read when it is saved).
        reports = {
            (r.form_id, r.organization_id, r.period): r
            for r in Report.objects.filter(
                form_id__in={key[0] for key in grouped},
                organization_id__in={key[1] for key in grouped},
                period__in={key[2] for key in grouped},
            )
        }
        stored: dict[int, Values] = defaultdict(dict)
        for report_id, indicator_id, option_id, value in DataValue.objects.filter(
            report__in=[r.pk for key, r in reports.items() if key in grouped]
        ).values_list("report_id", "indicator_id", "option_id", "value"):
            stored[report_id][(indicator_id, option_id)] = value
        for key, report_rows in grouped.items():
            form_id, org_id, period_code = key
            period = Period.parse(period_code)
            report = reports.get(key)
            if report is None:
                report = open_report(
                    forms[form_id],
                    orgs[org_id],
                    period,
                    trusted=True,
                    acting_user=user or recorded_by,
                )
            _import_report(
                report,
                stored.get(report.pk, {}),
                orgs[org_id],
                period,
                report_rows,
                user or recorded_by,
                result,
            )
        if result.errors or dry_run:
            transaction.set_rollback(True)
    return result


def _import_report(
    report: Report,
    current: Values,
    org: Organization,
    period: Period,
    rows: list[_Row],
    user: User | None,
    result: ImportResult,
) -> None:
    merged: Values = dict(current)
    changed = []
    for row in rows:
        before = current.get(row.key)
        if before == row.value:
            result.unchanged += 1
            continue
        changed.append(row)
        merged[row.key] = row.value
        if before is None:
            result.created += 1
        else:
            result.updated += 1
    if not changed:
        return
    if report.status in RECEIVED:
        for row in changed:
            result.errors.append(
                (
                    row.line,
                    # The status label carries its own "đã" ("Đã phê duyệt", "Đã gửi").
                    f"báo cáo của {org.name} kỳ {period.code} "
                    f"{report.status_label.lower()}; cần trả lại hoặc mở lại trước khi sửa",
                )
            )
        return
    result.reports += 1
    try:
        save_report(
            report,
            values=merged,
            narrative=None,
            version=None,
            source="import",
            trusted=True,
            acting_user=user,
        )
    except (ReportError, Conflict) as error:
        result.errors.extend((row.line, str(error)) for row in changed)
