"""Reading what an officer typed into a report, and checking it against the form's rules.

Errors block sending; warnings may be acknowledged with an explanation. Every message is
Vietnamese and names the indicator it is about.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from danvan.core import params
from danvan.reporting.models import (
    CategoryOption,
    DataValue,
    FormItem,
    Indicator,
    Report,
    ReportForm,
    RuleKind,
    Severity,
    ValueType,
)
from danvan.vi.numbers import format_number, parse_number

Key = tuple[int, int | None]  # (indicator id, category option id or None)
Values = dict[Key, Decimal]


@dataclass(frozen=True)
class Issue:
    severity: str
    message: str
    field: str = ""  # the entry field it is about, "" for the report as a whole

    @property
    def is_error(self) -> bool:
        return self.severity == Severity.ERROR


def field_name(indicator_id: int, option_id: int | None) -> str:
    return f"v-{indicator_id}" if option_id is None else f"v-{indicator_id}-{option_id}"


def show(value: Decimal, indicator: Indicator | None = None) -> str:
    """A stored value as an officer reads it: 74.000; 1,5; Có."""
    if indicator is not None and indicator.value_type == ValueType.BOOLEAN:
        return "Có" if value else "Không"
    normalized = value.normalize()
    if normalized == normalized.to_integral_value():
        return format_number(int(normalized))
    return format_number(normalized)


def parse_value(indicator: Indicator, text: str) -> Decimal | None:
    """The value typed for `indicator`, None when left empty; ValueError in Vietnamese."""
    text = (text or "").strip()
    if not text:
        return None
    if indicator.value_type == ValueType.BOOLEAN:
        lowered = text.lower()
        if lowered in {"1", "có", "co", "x", "true"}:
            return Decimal(1)
        if lowered in {"0", "không", "khong", "false"}:
            return Decimal(0)
        raise ValueError("Chọn Có hoặc Không.")
    number = parse_number(
        text, decimal_field=indicator.value_type in {ValueType.DECIMAL, ValueType.PERCENT}
    )
    value = Decimal(number)
    if too_big := params.exact_bound_error(value, "Số"):
        raise ValueError(too_big)  # before quantize (28 digits) or the database (64 bits)
    if not indicator.is_whole:
        if value != value.quantize(Decimal("0.0001")):
            raise ValueError("Chỉ ghi tối đa 4 chữ số sau dấu phẩy.")
        return value
    if value != value.to_integral_value():
        what = "Số tiền tính bằng đồng" if indicator.value_type == ValueType.MONEY else "Số này"
        raise ValueError(f"{what} phải là số nguyên (không có phần thập phân).")
    return value


@dataclass(frozen=True)
class EntryCell:
    """One value a report holds: an indicator of the form, for one option of its breakdown."""

    item: FormItem
    option: CategoryOption | None

    @property
    def indicator(self) -> Indicator:
        return self.item.indicator

    @property
    def key(self) -> Key:
        return (self.item.indicator_id, self.option.pk if self.option else None)

    @property
    def name(self) -> str:
        return field_name(*self.key)

    @property
    def label(self) -> str:
        name = self.indicator.name
        return f"{name} — {self.option.name}" if self.option else name


def entry_cells(items: list[FormItem]) -> list[EntryCell]:
    """Every value the form asks for, in the form's order (prefetch the category options)."""
    return [EntryCell(item, option) for item in items for option in item.indicator.breakdown()]


def read_values(items: list[FormItem], data: Mapping[str, str]) -> tuple[Values, dict[str, str]]:
    """Values typed into the entry fields, and a message per field that could not be read."""
    values: Values = {}
    errors: dict[str, str] = {}
    for cell in entry_cells(items):
        try:
            value = parse_value(cell.indicator, data.get(cell.name, ""))
        except ValueError as error:
            errors[cell.name] = str(error)
            continue
        if value is not None:
            values[cell.key] = value
    return values, errors


def totals(values: Values) -> dict[int, Decimal]:
    """Per indicator, the sum over its breakdown (the value itself when it has none)."""
    result: dict[int, Decimal] = {}
    for (indicator_id, _), value in values.items():
        result[indicator_id] = result.get(indicator_id, Decimal(0)) + value
    return result


def check(
    report: Report,
    items: list[FormItem],
    values: Values,
    narrative: Mapping[str, str],
    *,
    submitting: bool,
) -> list[Issue]:
    """The form's checks on these values. Required fields are checked only when submitting."""
    form = report.form
    issues: list[Issue] = []
    by_id = {item.indicator_id: item.indicator for item in items}
    for (indicator_id, option_id), value in values.items():
        indicator = by_id[indicator_id]
        name = field_name(indicator_id, option_id)
        if indicator.min_value is not None and value < indicator.min_value:
            issues.append(
                Issue(Severity.ERROR, f"Không được nhỏ hơn {show(indicator.min_value)}.", name)
            )
        if indicator.max_value is not None and value > indicator.max_value:
            issues.append(
                Issue(Severity.ERROR, f"Không được lớn hơn {show(indicator.max_value)}.", name)
            )
    total = totals(values)
    if submitting:
        for item in items:
            if item.required and item.indicator_id not in total:
                issues.append(
                    Issue(
                        Severity.ERROR,
                        f"Chưa nhập «{item.indicator.name}» (bắt buộc; ghi 0 nếu không có).",
                        field_name(item.indicator_id, None),
                    )
                )
        for section in form.narratives.all():
            if section.required and not narrative.get(section.code, "").strip():
                issues.append(Issue(Severity.ERROR, f"Chưa viết phần «{section.title}».", ""))
    issues.extend(_rule_issues(form, by_id, total))
    issues.extend(_outlier_issues(report, by_id, total))
    return issues


def _rule_issues(
    form: ReportForm, by_id: dict[int, Indicator], total: dict[int, Decimal]
) -> list[Issue]:
    issues = []
    for rule in form.rules.all():
        left, right = total.get(rule.left_id), total.get(rule.right_id)
        if left is None or right is None:
            continue
        a, b = by_id.get(rule.left_id, rule.left), by_id.get(rule.right_id, rule.right)
        if rule.kind == RuleKind.NOT_GREATER and left > right:
            message = rule.message or (
                f"«{a.name}» ({show(left)}) không được lớn hơn «{b.name}» ({show(right)})."
            )
            issues.append(Issue(rule.severity, message, field_name(a.pk, None)))
        elif rule.kind == RuleKind.RATIO_BETWEEN and right > 0:
            ratio = left / right
            low, high = rule.min_value, rule.max_value
            if (low is not None and ratio < low) or (high is not None and ratio > high):
                shown = show(
                    ratio.quantize(Decimal(1)) if ratio >= 10 else ratio.quantize(Decimal("0.01"))
                )
                message = rule.message or f"Tỷ số «{a.name}»/«{b.name}» bất thường."
                issues.append(
                    Issue(rule.severity, f"{message} Hiện là {shown}.", field_name(a.pk, None))
                )
    return issues


OUTLIER_FLOOR = Decimal(10)  # below this, a change of a few units is not an outlier


def _outlier_issues(
    report: Report, by_id: dict[int, Indicator], total: dict[int, Decimal]
) -> list[Issue]:
    factor = report.form.outlier_factor
    if not factor or factor <= 1:
        return []
    previous = report.period_obj.previous().code
    # The previous report first, then its values by key: one join here let PostgreSQL, with
    # statistics not yet taken on a freshly loaded table, scan every value per report (15 s).
    earlier = Report.objects.filter(
        form_id=report.form_id, organization_id=report.organization_id, period=previous
    ).values_list("pk", flat=True)
    rows = DataValue.objects.filter(report_id__in=list(earlier)).values_list(
        "indicator_id", "value"
    )
    before: dict[int, Decimal] = {}
    for indicator_id, value in rows:
        before[indicator_id] = before.get(indicator_id, Decimal(0)) + value
    issues = []
    for indicator_id, now in total.items():
        was = before.get(indicator_id)
        if was is None or max(was, now) < OUTLIER_FLOOR or indicator_id not in by_id:
            continue
        if was == 0 or now > was * factor or now * factor < was:
            indicator = by_id[indicator_id]
            issues.append(
                Issue(
                    Severity.WARNING,
                    f"«{indicator.name}» thay đổi bất thường so với kỳ trước: "
                    f"{show(was)} → {show(now)} {indicator.unit}.",
                    field_name(indicator_id, None),
                )
            )
    return issues
