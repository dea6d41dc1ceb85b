"""Households, campaigns and the distributions that many organizations make to them.

A household is recorded once per time someone recorded it: two organizations that list the same
family make two rows until a person confirms they are one and merges them. A merge only points
the merged row at the kept one (`merged_into`), so it can be undone; every total and coverage
figure counts a merged row as the household it was merged into.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from danvan.core.fields import ExactNumberField
from danvan.geo.models import AdminUnit, valid_range
from danvan.orgs.models import Organization
from danvan.vi.text import collation_key, fold, name_key, normalize
from danvan.welfare.importer import GROUP_NAMES, KIND_NAMES


class TargetGroup(models.TextChoices):
    # Codes match the breakdown options of the periodic report's welfare indicators.
    MERIT = "nguoi-co-cong", GROUP_NAMES["nguoi-co-cong"]
    POLICY = "gia-dinh-chinh-sach", GROUP_NAMES["gia-dinh-chinh-sach"]
    POOR = "ho-ngheo", GROUP_NAMES["ho-ngheo"]
    NEAR_POOR = "can-ngheo", GROUP_NAMES["can-ngheo"]
    HARDSHIP = "kho-khan-dot-xuat", GROUP_NAMES["kho-khan-dot-xuat"]


# A household in several groups is counted, in totals by group, under the first of these.
GROUP_PRIORITY = [g.value for g in TargetGroup]


class Sex(models.TextChoices):
    MALE = "nam", "Nam"
    FEMALE = "nữ", "Nữ"


class Household(models.Model):
    head_name = models.CharField("họ và tên chủ hộ", max_length=150)
    name_key = models.CharField(max_length=200, db_index=True, editable=False)
    name_folded = models.CharField(max_length=200, db_index=True, editable=False)
    sort_name = models.CharField(max_length=1000, editable=False, default="")
    birth_year = models.PositiveSmallIntegerField("năm sinh", null=True, blank=True)
    sex = models.CharField("giới tính", max_length=3, choices=Sex.choices, blank=True)
    national_id = models.CharField("số CCCD/CMND", max_length=12, blank=True, db_index=True)
    phone = models.CharField("số điện thoại", max_length=15, blank=True, db_index=True)
    commune = models.ForeignKey(
        AdminUnit, models.PROTECT, related_name="households", verbose_name="xã/phường"
    )
    village = models.CharField("thôn, buôn, bon, tổ dân phố", max_length=100, blank=True)
    members = models.PositiveSmallIntegerField("số nhân khẩu", null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="merged",
        verbose_name="đã gộp vào",
    )
    recorded_by = models.ForeignKey(
        Organization, models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "hộ"
        verbose_name_plural = "hộ"
        indexes = [models.Index(fields=["commune", "name_folded"])]

    def __str__(self) -> str:
        return f"{self.head_name} ({self.village})" if self.village else self.head_name

    def save(self, *args: object, **kwargs: object) -> None:
        self.fill_keys()
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def fill_keys(self) -> None:
        """The derived search and sort columns (bulk_create does not call save)."""
        self.head_name = normalize(self.head_name)
        self.name_key = name_key(self.head_name)
        self.name_folded = fold(self.head_name)
        self.sort_name = collation_key(self.head_name)


class HouseholdGroup(models.Model):
    household = models.ForeignKey(Household, models.CASCADE, related_name="groups")
    group = models.CharField("nhóm đối tượng", max_length=30, choices=TargetGroup.choices)
    valid_from = models.DateField("từ ngày", null=True, blank=True)
    valid_to = models.DateField("đến ngày", null=True, blank=True)

    class Meta:
        verbose_name = "nhóm đối tượng của hộ"
        verbose_name_plural = "nhóm đối tượng của hộ"
        constraints = [valid_range("welfare_group_valid_range")]

    def __str__(self) -> str:
        return self.get_group_display()


class CampaignKind(models.TextChoices):
    TET = "tet", "Chăm lo Tết"
    LEAN_SEASON = "giap-hat", "Cứu đói giáp hạt"
    DISASTER = "thien-tai", "Khắc phục thiên tai"
    OTHER = "khac", "Khác"


class Campaign(models.Model):
    name = models.CharField("tên đợt", max_length=200)
    kind = models.CharField("loại", max_length=20, choices=CampaignKind.choices)
    starts = models.DateField("từ ngày")
    ends = models.DateField("đến ngày")
    organizer = models.ForeignKey(
        Organization, models.PROTECT, related_name="campaigns", verbose_name="đơn vị phát động"
    )
    # The organizer's unit: organizations under it record their distributions in the campaign.
    unit = models.ForeignKey(AdminUnit, models.PROTECT, related_name="campaigns")
    target_groups = models.JSONField("nhóm đối tượng", default=list)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "đợt chăm lo"
        verbose_name_plural = "đợt chăm lo"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts__lte=models.F("ends")),
                name="welfare_campaign_dates",
                violation_error_message="Ngày kết thúc phải trùng hoặc sau ngày bắt đầu.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class DistributionKind(models.TextChoices):
    GIFT = "qua", KIND_NAMES["qua"]
    RICE = "gao", KIND_NAMES["gao"]
    CASH = "tien", KIND_NAMES["tien"]
    GOODS = "hang", KIND_NAMES["hang"]
    HOUSE = "nha", KIND_NAMES["nha"]


class ImportBatch(models.Model):
    """One uploaded list: kept so the same file is never counted twice, and so a preview can be
    confirmed without uploading again."""

    campaign = models.ForeignKey(Campaign, models.CASCADE, related_name="batches")
    giver = models.ForeignKey(Organization, models.PROTECT, related_name="+")
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    # The uploaded file itself, on disk under the media root; its SHA-256 above is checked
    # before it is read again.
    file = models.FileField(upload_to="uploads/welfare/", max_length=300, blank=True)
    encoding = models.CharField(max_length=10, default="unicode")
    rows = models.PositiveIntegerField(default=0)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "tệp danh sách đã tải lên"
        verbose_name_plural = "tệp danh sách đã tải lên"

    def __str__(self) -> str:
        return self.file_name


class Distribution(models.Model):
    campaign = models.ForeignKey(Campaign, models.PROTECT, related_name="distributions")
    # None for a bulk line where names were not kept; `households` then says how many.
    household = models.ForeignKey(
        Household, models.PROTECT, null=True, blank=True, related_name="distributions"
    )
    commune = models.ForeignKey(AdminUnit, models.PROTECT, related_name="distributions")
    giver = models.ForeignKey(
        Organization, models.PROTECT, related_name="distributions", verbose_name="đơn vị trao"
    )
    date = models.DateField("ngày trao")
    kind = models.CharField("hình thức", max_length=10, choices=DistributionKind.choices)
    quantity = ExactNumberField("số lượng")
    unit = models.CharField("đơn vị tính", max_length=20)
    value_vnd = models.BigIntegerField("trị giá (đồng)", default=0)
    funding_source = models.CharField("nguồn kinh phí", max_length=200, blank=True)
    households = models.PositiveIntegerField("số hộ", default=1)
    # The household's target group when it was given (first by GROUP_PRIORITY), for totals.
    target_group = models.CharField(max_length=30, choices=TargetGroup.choices, blank=True)
    batch = models.ForeignKey(
        ImportBatch, models.SET_NULL, null=True, blank=True, related_name="distributions"
    )
    # What identifies the line in the giver's list: a second upload of it is not counted again.
    row_key = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = "lượt trao"
        verbose_name_plural = "lượt trao"
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "giver", "row_key"],
                condition=~models.Q(row_key=""),
                name="welfare_distribution_row_once",
            )
        ]
        indexes = [models.Index(fields=["campaign", "kind"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.quantity} {self.unit}"


class NationalIdView(models.Model):
    """Every time someone saw a household's full CCCD number."""

    household = models.ForeignKey(Household, models.CASCADE, related_name="id_views")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "lượt xem số CCCD"
        verbose_name_plural = "lượt xem số CCCD"

    def __str__(self) -> str:
        return f"{self.user} {self.at:%d/%m/%Y %H:%M}"


class PairStatus(models.TextChoices):
    OPEN = "open", "Chờ xem xét"
    CONFIRMED = "confirmed", "Cùng một hộ"
    REJECTED = "rejected", "Khác hộ"
    MERGED = "merged", "Đã gộp"


class DuplicatePair(models.Model):
    """Two household rows that may be one family, with the score and the reasons."""

    first = models.ForeignKey(Household, models.CASCADE, related_name="+")
    second = models.ForeignKey(Household, models.CASCADE, related_name="+")
    score = models.DecimalField(max_digits=6, decimal_places=2)
    reasons = models.JSONField(default=list)
    status = models.CharField(max_length=10, choices=PairStatus.choices, default=PairStatus.OPEN)
    found_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "cặp hộ nghi trùng"
        verbose_name_plural = "cặp hộ nghi trùng"
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="welfare_pair_once"),
            models.CheckConstraint(
                condition=models.Q(first__lt=models.F("second")), name="welfare_pair_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first} ~ {self.second}"


class PairEvent(models.Model):
    """The history of a pair: confirmed, rejected, merged, unmerged — who, when, why."""

    pair = models.ForeignKey(DuplicatePair, models.CASCADE, related_name="events")
    action = models.CharField(max_length=12)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    comment = models.TextField(blank=True)
    # For a merge: the households that had been merged into the merged one and were moved to
    # the kept one, so that an unmerge puts them back.
    moved = models.JSONField(default=list)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.action} {self.at:%d/%m/%Y %H:%M}"
