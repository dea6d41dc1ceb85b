"""A province's approved figures, handed from its own server to another danvan server (the
centre): over the API (`exchange push`) or, for closed intranets, as a signed file.

The payload carries codes only (form, indicators, breakdowns, the province's code and the day it
carried it), so that the receiving server can record it in its own units: an old province code
is followed through the default succession links to the unit of today.

The centre records it through the report actions, as a page would: the values are saved and the
report sent, so that a later change is a new version with its history. The same payload again
changes nothing.
"""

import base64
import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from danvan.core.periods import Period
from danvan.geo.models import AdminUnit, Succession, current_paths, in_force
from danvan.orgs.models import Organization, OrgKind, User
from danvan.reporting import access
from danvan.reporting.actions import ReportError, open_report, stored_values, submit_report
from danvan.reporting.consolidation import consolidate, default_form
from danvan.reporting.exchange import machine
from danvan.reporting.models import (
    RECEIVED,
    CategoryOption,
    Indicator,
    Report,
    ReportForm,
    ReportStatus,
)
from danvan.reporting.validation import Values

FORMAT = "danvan-exchange/1"
# The organization whose report the figures become, at the centre as at the province.
SENDER_KIND = OrgKind.COMMISSION
NOTE = "Số liệu tổng hợp đã phê duyệt, nhận từ máy chủ của tỉnh."


class ExchangeError(Exception):
    """Why a payload or a file cannot be sent or recorded (in Vietnamese)."""


# --- the sending side ----------------------------------------------------------------------


def province_unit(code: str, period: Period) -> AdminUnit:
    """The province that carried `code` at the end of `period` (the units of its own time)."""
    unit = AdminUnit.objects.at(period.end).filter(code=code.strip(), level="province").first()
    if unit is None:
        raise ExchangeError(
            f"Không có tỉnh mã “{code}” vào ngày {period.end:%d/%m/%Y} trên máy chủ này."
        )
    return unit


def build_payload(
    province_code: str, period: Period, form: ReportForm | None = None
) -> dict[str, Any]:
    """The approved consolidated values of the province for the period and the narrative of
    the province's own (approved) report."""
    form = form or default_form(period)
    unit = province_unit(province_code, period)
    paths = current_paths(unit) if unit.valid_to is None else [unit.path]
    result = consolidate(form, period, paths, approved_only=True)
    rows = []
    for indicator in result.indicators:
        options: list[CategoryOption | None] = [*result.options.get(indicator.pk, [])] or [None]
        for option in options:
            value = result.value(indicator, option)
            if value is not None:
                rows.append(
                    {
                        "indicator": indicator.code,
                        "breakdown": option.code if option else "",
                        "value": machine(value),
                    }
                )
    own = (
        Report.objects.filter(
            form=form,
            period=period.code,
            unit=unit,
            org_kind=SENDER_KIND,
            status=ReportStatus.APPROVED,
        )
        .order_by("pk")
        .first()
    )
    narrative = {k: v for k, v in (own.narrative if own else {}).items() if v.strip()}
    return {
        "format": FORMAT,
        "province": {"code": unit.code, "name": unit.name, "at": period.end.isoformat()},
        "form": form.code,
        "period": period.code,
        "values": rows,
        "narrative": dict(sorted(narrative.items())),
    }


# --- the receiving side --------------------------------------------------------------------


@dataclass
class Recorded:
    report: Report
    changed: bool
    submitted: bool
    issues: list[str] = field(default_factory=list)


def _today_unit(unit: AdminUnit) -> AdminUnit:
    """Follow the default succession links from an old unit to the one in force today."""
    today = timezone.localdate()
    seen = set()
    while unit.valid_to is not None and unit.valid_to < today and unit.pk not in seen:
        seen.add(unit.pk)
        link = Succession.objects.filter(old=unit, is_default=True).select_related("new").first()
        if link is None:
            break
        unit = link.new
    return unit


def _text(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ExchangeError(f"Dữ liệu trao đổi thiếu “{key}”.")
    return value.strip()


def receiving_organization(payload: dict[str, Any]) -> tuple[AdminUnit, Organization]:
    """The centre's own province (today's, through the successions) and its organization."""
    province = payload.get("province")
    if not isinstance(province, dict):
        raise ExchangeError("Dữ liệu trao đổi thiếu thông tin tỉnh gửi.")
    code = _text(province, "code")
    try:
        at = dt.date.fromisoformat(_text(province, "at"))
    except ValueError:
        raise ExchangeError("Ngày của mã tỉnh không hợp lệ (cần YYYY-MM-DD).") from None
    unit = AdminUnit.objects.at(at).filter(code=code, level="province").first()
    if unit is None:
        raise ExchangeError(f"Máy chủ này không có tỉnh mã “{code}” vào ngày {at:%d/%m/%Y}.")
    unit = _today_unit(unit)
    orgs = list(
        Organization.objects.filter(
            in_force(timezone.localdate()), admin_unit=unit, kind=SENDER_KIND
        ).select_related("admin_unit")
    )
    if len(orgs) != 1:
        raise ExchangeError(
            f"Máy chủ này không có đúng một {SENDER_KIND.label} tại {unit.name} để ghi báo cáo."
        )
    return unit, orgs[0]


def _values(payload: dict[str, Any]) -> Values:
    rows = payload.get("values")
    if not isinstance(rows, list):
        raise ExchangeError("Dữ liệu trao đổi thiếu danh sách số liệu “values”.")
    indicators = {i.code: i for i in Indicator.objects.all()}
    options = {(o.category_id, o.code): o for o in CategoryOption.objects.all()}
    values: Values = {}
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            raise ExchangeError(f"Số liệu thứ {number} không đúng dạng.")
        indicator = indicators.get(str(row.get("indicator", "")))
        if indicator is None:
            raise ExchangeError(
                f"Số liệu thứ {number}: không có chỉ tiêu “{row.get('indicator')}”."
            )
        option = None
        if indicator.category_id:
            option = options.get((indicator.category_id, str(row.get("breakdown", ""))))
            if option is None:
                raise ExchangeError(
                    f"Số liệu thứ {number}: chỉ tiêu {indicator.code} không có phân tổ "
                    f"“{row.get('breakdown', '')}”."
                )
        try:
            value = Decimal(str(row.get("value", "")))
        except InvalidOperation:
            raise ExchangeError(
                f"Số liệu thứ {number}: giá trị “{row.get('value')}” không phải số."
            ) from None
        values[(indicator.pk, option.pk if option else None)] = value
    return values


def record_payload(payload: dict[str, Any], *, acting_user: User) -> Recorded:
    """Record the payload as the province's report at this server, with `acting_user`'s rights
    (an entry role at the province's organization)."""
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise ExchangeError(f"Không phải dữ liệu trao đổi của danvan (cần định dạng {FORMAT}).")
    form = ReportForm.objects.filter(code=_text(payload, "form")).first()
    if form is None:
        raise ExchangeError(f"Máy chủ này không có mẫu báo cáo mã “{payload['form']}”.")
    try:
        period = Period.parse(_text(payload, "period"))
    except ValueError as error:
        raise ExchangeError(str(error)) from None
    _unit, org = receiving_organization(payload)
    if not access.can_enter(acting_user, org):
        raise PermissionDenied(f"Bạn không có quyền nhập báo cáo cho {org.name}.")
    values = _values(payload)
    narrative = payload.get("narrative") or {}
    if not isinstance(narrative, dict) or not all(isinstance(v, str) for v in narrative.values()):
        raise ExchangeError("Phần nội dung “narrative” phải là các đoạn văn bản.")
    codes = {s.code for s in form.narratives.all()}
    narrative = {k: v.strip() for k, v in narrative.items() if k in codes and v.strip()}
    report = open_report(form, org, period, acting_user=acting_user)
    stored_text = {k: v for k, v in (report.narrative or {}).items() if v.strip()}
    if stored_values(report) == values and stored_text == narrative:
        return Recorded(report, changed=False, submitted=report.status in RECEIVED)
    if report.status in RECEIVED:
        raise ReportError(
            f"Báo cáo {period.code} của {org.name} trên máy chủ này "
            f"{report.status_label.lower()}; cần trả lại hoặc mở lại trước khi nhận "
            "số liệu mới."
        )
    result = submit_report(
        report,
        values=values,
        narrative=narrative,
        version=report.version,
        warning_note=NOTE,
        acting_user=acting_user,
        source="exchange",
        # The entry right was checked above; the period's entry lock is for typing by hand,
        # not for the province's approved figures arriving after it.
        trusted=True,
    )
    return Recorded(
        result.report,
        changed=True,
        submitted=result.submitted,
        issues=[issue.message for issue in result.issues if issue.is_error or not result.submitted],
    )


# --- signed files --------------------------------------------------------------------------


def canonical(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def generate_keys() -> tuple[bytes, str]:
    """A new key pair: the private key as PEM, the public key as one base64 line."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    private = Ed25519PrivateKey.generate()
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    public = private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    return pem, _b64(public)


def sign(payload: dict[str, Any], private_key_path: str | Path | None = None) -> bytes:
    """The signed file: the payload, the sender's public key and the signature of the payload."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    path = private_key_path or settings.EXCHANGE_PRIVATE_KEY
    if not path:
        raise ExchangeError("Chưa đặt khóa bí mật ký tệp (DANVAN_EXCHANGE_PRIVATE_KEY).")
    try:
        private = serialization.load_pem_private_key(Path(path).read_bytes(), password=None)
    except (OSError, ValueError):
        raise ExchangeError(f"Không đọc được khóa bí mật ở “{path}”.") from None
    if not isinstance(private, Ed25519PrivateKey):
        raise ExchangeError(f"Khóa ở “{path}” không phải khóa Ed25519.")
    public = private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    signed = {
        "payload": payload,
        "key": _b64(public),
        "signature": _b64(private.sign(canonical(payload))),
    }
    return json.dumps(signed, ensure_ascii=False, indent=1, sort_keys=True).encode() + b"\n"


def trusted_keys() -> set[str]:
    """The senders' public keys this server trusts: DANVAN_EXCHANGE_TRUSTED_KEYS is a file of
    one base64 key a line (a name may follow it; # starts a comment) or a comma list of keys."""
    setting = settings.EXCHANGE_TRUSTED_KEYS
    if not setting:
        return set()
    path = Path(setting)
    text = path.read_text(encoding="utf-8") if path.is_file() else setting.replace(",", "\n")
    keys = set()
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            keys.add(line.split()[0])
    return keys


def verify(content: bytes) -> dict[str, Any]:
    """The payload of a signed file, once its signature is checked against a trusted key."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        signed = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise ExchangeError("Tệp trao đổi hỏng: không đọc được (có thể đã bị sửa).") from None
    if not isinstance(signed, dict) or not isinstance(signed.get("payload"), dict):
        raise ExchangeError("Tệp không phải tệp trao đổi của danvan.")
    key, signature = signed.get("key"), signed.get("signature")
    if not isinstance(key, str) or not isinstance(signature, str) or not signature:
        raise ExchangeError("Tệp trao đổi không có chữ ký; không ghi gì.")
    if key not in trusted_keys():
        raise ExchangeError(
            "Tệp trao đổi đến từ máy chủ không được tin cậy (khóa công khai của bên gửi không có "
            "trong DANVAN_EXCHANGE_TRUSTED_KEYS); không ghi gì."
        )
    try:
        public = Ed25519PublicKey.from_public_bytes(base64.b64decode(key, validate=True))
        public.verify(base64.b64decode(signature, validate=True), canonical(signed["payload"]))
    except (InvalidSignature, ValueError):
        raise ExchangeError(
            "Chữ ký của tệp trao đổi không đúng: tệp đã bị sửa hoặc không phải do bên gửi ký; "
            "không ghi gì."
        ) from None
    payload: dict[str, Any] = signed["payload"]
    return payload
