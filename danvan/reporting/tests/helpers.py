from decimal import Decimal

from danvan.reporting.models import CategoryOption, DataValue, Indicator, Report
from danvan.reporting.validation import field_name

NARRATIVE = {"n-ket-qua": "Trao quà Tết cho hộ nghèo; tuyên truyền bầu cử."}
# A report that passes every check: 100 packages worth 40 million đồng, 5 sessions.
VALID = {
    "qua-suat/ho-ngheo": "60",
    "qua-suat/can-ngheo": "40",
    "qua-tri-gia/ho-ngheo": "24.000.000",
    "qua-tri-gia/can-ngheo": "16.000.000",
    "tt-buoi": "5",
    "tt-luot-nguoi": "250",
}


def field(code: str) -> str:
    """ "qua-suat/ho-ngheo" → the entry field's name."""
    indicator_code, _, option_code = code.partition("/")
    indicator = Indicator.objects.get(code=indicator_code)
    option = None
    if option_code:
        option = CategoryOption.objects.get(category=indicator.category, code=option_code)
    return field_name(indicator.pk, option.pk if option else None)


def post_data(report: Report, values: dict[str, str], **extra: str) -> dict[str, str]:
    data = {field(code): text for code, text in values.items()}
    data.update(NARRATIVE)
    data["version"] = str(report.version)
    data.update(extra)
    return data


def stored(report: Report, code: str) -> Decimal | None:
    indicator_code, _, option_code = code.partition("/")
    row = DataValue.objects.filter(
        report=report,
        indicator__code=indicator_code,
        option__code=option_code or None,
    ).first()
    return row.value if row else None
