"""What the API answers: one schema per resource, fields named in English, values as stored
(codes for choices, ISO dates, exact numbers as JSON integers or decimal strings)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema

Number = int | str  # whole figures as integers, others as exact decimal strings ("497300.5")


COUNT = (
    "Số dòng khớp bộ lọc, ở mọi trang. Chỉ có ở trang đầu (không có `after`), ở mọi trang khi "
    "hỏi với `with_count=true` và ở các trang theo số (`page`); các trang khác: null, để mỗi "
    "trang không phải đếm lại cả danh sách."
)
NEXT = (
    "Địa chỉ đầy đủ của trang tiếp theo (cùng bộ lọc, `after` là mã cuối của trang này); null ở "
    "trang cuối. Một máy đồng bộ chỉ cần đi theo liên kết này."
)


def page_of(item: type[Schema], results: str = "results") -> type[Schema]:
    """A page of a list: `results` holds this page's rows, in id order; `next` the next page."""
    name = item.__name__.removesuffix("Out") + "Page"
    annotations = {
        "count": int | None,
        "page": int | None,
        "page_size": int,
        "next": str | None,
        results: list[item],  # type: ignore[valid-type]
    }
    fields = {
        "count": Field(description=COUNT),
        "page": Field(description="Số trang khi hỏi theo `page`; null khi theo `after`"),
        "next": Field(description=NEXT),
    }
    return type(name, (Schema,), {"__annotations__": annotations, **fields})


class UnitOut(Schema):
    code: str
    name: str
    kind: str
    level: str
    parent: str | None = Field(description="Mã của đơn vị cấp trên")
    valid_from: dt.date | None
    valid_to: dt.date | None


class OrganizationOut(Schema):
    id: int
    kind: str
    name: str
    unit: str = Field(description="Mã đơn vị hành chính")
    parent: int | None
    valid_from: dt.date | None
    valid_to: dt.date | None


class OptionOut(Schema):
    code: str
    name: str


class IndicatorOut(Schema):
    code: str
    name: str
    unit: str
    value_type: str
    aggregation: str
    breakdown: list[OptionOut]


class NarrativeSectionOut(Schema):
    code: str
    title: str
    required: bool


class FormOut(Schema):
    code: str
    name: str
    period_type: str
    org_kinds: list[str]
    levels: list[str]
    due_days: int
    lock_days: int
    indicators: list[str]
    narratives: list[NarrativeSectionOut]


class PeriodOut(Schema):
    code: str
    label: str
    type: str
    start: dt.date
    end: dt.date


class ValueOut(Schema):
    indicator: str
    breakdown: str | None
    value: Number


class ReportOut(Schema):
    id: int
    form: str
    organization: int
    organization_name: str
    unit: str
    period: str
    status: str
    status_label: str = Field(
        description="Tên trạng thái như trên trang; báo cáo đã duyệt được mở lại có trạng thái"
        " returned và tên «Mở lại để sửa»"
    )
    reopened: bool = Field(description="Bị trả lại vì cấp trên mở lại báo cáo đã phê duyệt")
    version: int
    submitted_at: dt.datetime | None
    updated_at: dt.datetime


class EventOut(Schema):
    kind: str
    at: dt.datetime
    user: str | None
    comment: str


class ReportDetailOut(ReportOut):
    narrative: dict[str, str]
    values: list[ValueOut]
    events: list[EventOut]
    can_enter: bool
    can_return: bool
    can_approve: bool


class VersionIn(Schema):
    version: int | None = Field(None, description="Phiên bản báo cáo đã đọc (chống ghi đè)")


class SubmitIn(VersionIn):
    warning_note: str = Field("", description="Giải trình cảnh báo, nếu có")


class ReasonIn(VersionIn):
    reason: str = Field(description="Lý do (bắt buộc)")


class CommentIn(VersionIn):
    comment: str = ""


class IssueOut(Schema):
    message: str
    is_error: bool


class SubmitOut(Schema):
    submitted: bool
    report: ReportOut
    issues: list[IssueOut]


class DataValueOut(Schema):
    dataElement: str = Field(description="Mã chỉ tiêu")
    period: str
    orgUnit: str = Field(description="Mã đơn vị hành chính")
    organization: str
    categoryOptionCombo: str | None = Field(description="Mã phân tổ, hoặc null")
    value: str
    status: str = Field(
        description="Trạng thái của báo cáo: draft, submitted, returned, approved, hoặc reopened"
        " khi cấp trên mở lại báo cáo đã phê duyệt để sửa (như trang báo cáo ghi «Mở lại để sửa»)"
    )


class DataValueIn(Schema):
    dataElement: str
    period: str
    orgUnit: str
    organization: str
    categoryOptionCombo: str | None = None
    value: str | int | float = Field(description='Dạng máy: 74000 hoặc "497300.5"')


class DataValueSetIn(Schema):
    dataValues: list[DataValueIn]


class RowError(Schema):
    line: int = Field(description="Số thứ tự dòng (bắt đầu từ 1)")
    message: str


class ImportOut(Schema):
    status: str = Field(description="SUCCESS, ERROR hoặc DRY_RUN")
    dryRun: bool
    rows: int
    created: int
    updated: int
    unchanged: int
    reports: int
    errors: list[RowError]


class ConsolidationOut(Schema):
    form: str
    period: str
    unit: str
    approved_only: bool
    in_current_units: bool
    values: dict[str, Any] = Field(
        description='{mã chỉ tiêu: tổng} hoặc {mã: {"total": …, mã phân tổ: …}}'
    )
    source: str = Field(description="Nguồn của số liệu và thời điểm tính")
    recorded: dict[str, dict[str, Any]] = Field(
        description="{mã chỉ tiêu: {tên sổ: số}}: số liệu các sổ trên hệ thống ghi cho cùng phạm "
        "vi và kỳ, đặt cạnh số liệu theo báo cáo"
    )
    expected: int
    received: int


class CampaignOut(Schema):
    id: int
    name: str
    kind: str
    starts: dt.date
    ends: dt.date
    organizer: int
    unit: str
    target_groups: list[str]


class HouseholdOut(Schema):
    id: int
    head_name: str
    birth_year: int | None
    sex: str
    national_id: str = Field(description="Số CCCD, che một phần trừ khi được xem đầy đủ")
    national_id_full: bool
    phone: str
    commune: str
    village: str
    members: int | None
    groups: list[str]
    created_at: dt.datetime


class SessionOut(Schema):
    id: int
    held_on: dt.date
    organization: int
    unit: str
    village: str
    topics: list[str]
    format: str
    audience: int
    language: str
    in_key_area: bool


class IncidentOut(Schema):
    id: int
    title: str
    category: str
    unit: str
    place: str
    occurred_on: dt.date
    reported_on: dt.date
    severity: str
    status: str
    deadline: dt.date | None
    confidential: bool
    last_update_on: dt.date


class IncidentUpdateOut(Schema):
    on: dt.date
    text: str
    status_from: str
    status_to: str


class IncidentDetailOut(IncidentOut):
    summary: str
    organizations: list[int]
    updates: list[IncidentUpdateOut]


class NoteOut(Schema):
    id: int
    organization: int
    unit: str
    period: str
    topics: list[str]
    text: str


class RecommendationOut(Schema):
    id: int
    organization: int
    unit: str
    addressee: str
    addressee_name: str
    sent_on: dt.date
    text: str
    answer: str
    answered_on: dt.date | None
    status: str


class MeetingOut(Schema):
    id: int
    title: str
    unit: str
    organization: int
    held_on: dt.date
    chair: str
    period: str
    conclusions: str


class TaskOut(Schema):
    id: int
    meeting: int
    title: str
    owners: list[int]
    deadline: dt.date
    done_on: dt.date | None
    percent: int | None


class ProgressIn(Schema):
    organization: int = Field(description="Cơ quan được giao báo cáo tiến độ")
    percent: int = Field(ge=0, le=100)
    text: str


class ProgressOut(Schema):
    task: TaskOut
    percent: int
    text: str
    at: dt.datetime
