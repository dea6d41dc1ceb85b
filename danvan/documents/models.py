"""Document templates: what the header, the fixed wording and the signature of a generated
document say, editable by a province's administrators in the admin."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.template import Context, Engine, TemplateSyntaxError
from simple_history.models import HistoricalRecords

from danvan.geo.models import AdminUnit

# Plain-text templates: what the administrator writes is what the document says.
ENGINE = Engine(autoescape=False, libraries={}, builtins=["django.template.defaultfilters"])


class DocumentKind(models.TextChoices):
    REPORT = "report", "Báo cáo tổng hợp định kỳ"
    BRIEFING = "briefing", "Báo cáo hội nghị giao ban"


def render_text(source: str, context: dict[str, object]) -> str:
    """An administrator's template rendered as plain text (Django template language)."""
    return ENGINE.from_string(source).render(Context(context)).strip()


def check_template(source: str) -> None:
    try:
        ENGINE.from_string(source)
    except TemplateSyntaxError as error:
        raise ValidationError(f"Mẫu viết sai cú pháp: {error}") from error


class DocumentTemplate(models.Model):
    """The wording of one kind of document for the units under `unit` (or everywhere).

    The most specific template applies: the one of the nearest unit above the document's unit,
    else the one with no unit, else the built-in wording (`defaults()`).
    """

    kind = models.CharField("loại văn bản", max_length=20, choices=DocumentKind.choices)
    unit = models.ForeignKey(
        AdminUnit,
        models.CASCADE,
        null=True,
        blank=True,
        verbose_name="áp dụng cho đơn vị",
        help_text="Để trống: áp dụng cho mọi đơn vị chưa có mẫu riêng.",
    )
    party_committee = models.CharField(
        "cấp ủy cấp trên", max_length=120, blank=True, help_text="VD: ĐẢNG BỘ TỈNH ĐẮK LẮK"
    )
    issuer = models.CharField(
        "cơ quan ban hành", max_length=120, blank=True, help_text="VD: BAN DÂN VẬN TỈNH ỦY"
    )
    number_suffix = models.CharField(
        "ký hiệu số văn bản", max_length=40, blank=True, help_text="VD: -BC/BDVTU"
    )
    place = models.CharField("địa danh", max_length=80, blank=True, help_text="VD: Đắk Lắk")
    title = models.CharField("tên loại văn bản", max_length=80, default="BÁO CÁO")
    subtitle = models.TextField(
        "trích yếu",
        default=("kết quả công tác dân vận {{ period }}, phương hướng, nhiệm vụ {{ next_period }}"),
        help_text="Biến: {{ period }}, {{ next_period }}, {{ area }}.",
    )
    intro = models.TextField(
        "mở đầu",
        blank=True,
        default=(
            "Thực hiện chương trình công tác, {{ issuer_name }} báo cáo kết quả công tác dân "
            "vận {{ period }} trên địa bàn {{ area }} và phương hướng, nhiệm vụ {{ next_period }}"
            " như sau:"
        ),
    )
    results = models.TextField(
        "kết quả (số liệu)",
        blank=True,
        help_text=(
            "Các đoạn văn (cách nhau một dòng trống) viết số liệu theo văn phong báo cáo. "
            "Biến: f.<mã chỉ tiêu, gạch nối thay bằng gạch dưới>.approx (làm tròn: “gần 74.000 "
            "suất”), .exact (“73.850 suất”). Đoạn trống được bỏ qua."
        ),
    )
    recipients = models.TextField("nơi nhận", blank=True, help_text="Mỗi dòng một nơi nhận.")
    signer_capacity = models.CharField(
        "quyền hạn, chức vụ người ký", max_length=120, default="TRƯỞNG BAN"
    )
    signer_name = models.CharField("người ký", max_length=120, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "mẫu văn bản"
        verbose_name_plural = "mẫu văn bản"
        constraints = [
            models.UniqueConstraint(fields=["kind", "unit"], name="documents_template_kind_unit"),
            models.UniqueConstraint(
                fields=["kind"],
                condition=models.Q(unit__isnull=True),
                name="documents_template_kind_default",
            ),
        ]

    def __str__(self) -> str:
        where = self.unit.name if self.unit is not None else "mọi đơn vị"
        return f"{self.get_kind_display()} — {where}"

    def clean(self) -> None:
        for name in ("subtitle", "intro", "results"):
            try:
                check_template(getattr(self, name))
            except ValidationError as error:
                raise ValidationError({name: error.messages}) from None
