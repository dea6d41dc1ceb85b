"""Organizations of the bloc, users, and the roles that bind them."""

import unicodedata
from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from danvan.geo.models import AdminUnit, valid_range


class OrgKind(models.TextChoices):
    COMMISSION = "commission", "Ban Dân vận"
    FRONT = "front", "Mặt trận Tổ quốc"
    FARMERS = "farmers", "Hội Nông dân"
    WOMEN = "women", "Hội Liên hiệp Phụ nữ"
    YOUTH = "youth", "Đoàn Thanh niên"
    VETERANS = "veterans", "Hội Cựu chiến binh"
    LABOUR = "labour", "Liên đoàn Lao động"
    OTHER = "other", "Khác"


class Organization(models.Model):
    """One organization of the bloc at one administrative unit, for a span of time.

    Organizations merge and rename: a renamed or merged one is a new row, and the old row gets a
    valid_to. They are data, never an enum in code.
    """

    kind = models.CharField("loại tổ chức", max_length=20, choices=OrgKind.choices)
    name = models.CharField("tên", max_length=200)
    admin_unit = models.ForeignKey(
        AdminUnit, models.PROTECT, related_name="organizations", verbose_name="địa bàn"
    )
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="cấp trên",
    )
    valid_from = models.DateField("hoạt động từ", null=True, blank=True)
    valid_to = models.DateField("hoạt động đến", null=True, blank=True)
    successors = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="predecessors",
        verbose_name="tổ chức kế thừa",
        help_text="Tổ chức tiếp nhận công việc khi tổ chức này kết thúc (sáp nhập, đổi tên).",
    )

    class Meta:
        verbose_name = "tổ chức"
        verbose_name_plural = "tổ chức"
        constraints = [valid_range("orgs_org_valid_range")]

    def __str__(self) -> str:
        return self.name


def normalize_username(username: str) -> str:
    """The one spelling of an account name: NFKC, then case-folded, trimmed.

    "ｔinh.KiemTra" (fullwidth, capitals) and "tinh.kiemtra" are the same account everywhere a
    name is read (login, throttle, creation), so a variant spelling can neither open the account
    past its lock nor guess passwords without ever locking it.
    """
    folded = unicodedata.normalize("NFKC", username).strip().casefold()
    return unicodedata.normalize("NFKC", folded)


class User(AbstractUser):
    """A person who signs in. Vietnamese names are kept whole in full_name (họ và tên).

    The username is stored normalized (see normalize_username): create_user (and so the
    createsuperuser command) and the admin's forms (through Model.clean) normalize it, and the
    authentication backend normalizes the name it is given before looking it up.
    """

    full_name = models.CharField("họ và tên", max_length=150, blank=True)
    organization = models.ForeignKey(
        Organization,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name="đơn vị công tác",
        help_text=(
            "Tổ chức người dùng thuộc về; quản trị viên chỉ thấy người dùng trong phạm vi của mình."
        ),
    )
    phone = models.CharField("số điện thoại", max_length=20, blank=True)

    class Meta:
        verbose_name = "người dùng"
        verbose_name_plural = "người dùng"

    def __str__(self) -> str:
        return self.full_name or self.username

    @classmethod
    def normalize_username(cls, username: Any) -> Any:
        return normalize_username(username) if isinstance(username, str) else username


class RoleKind(models.TextChoices):
    DATA_ENTRY = "data_entry", "Nhập liệu"
    REVIEWER = "reviewer", "Kiểm tra"
    APPROVER = "approver", "Phê duyệt"
    VIEWER = "viewer", "Xem"
    ADMINISTRATOR = "administrator", "Quản trị"


class Role(models.Model):
    """Binds a user to an organization. The role sees the organization's unit and all below it."""

    user = models.ForeignKey(User, models.CASCADE, related_name="roles", verbose_name="người dùng")
    organization = models.ForeignKey(
        Organization, models.CASCADE, related_name="roles", verbose_name="tổ chức"
    )
    role = models.CharField("vai trò", max_length=20, choices=RoleKind.choices)
    active = models.BooleanField("đang có hiệu lực", default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "vai trò"
        verbose_name_plural = "vai trò"
        constraints = [
            models.UniqueConstraint(fields=["user", "organization", "role"], name="orgs_role_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} — {self.organization}"


class LoginAttempt(models.Model):
    """One sign-in attempt, kept to throttle guessing and to show who tried what."""

    username = models.CharField(max_length=150, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    succeeded = models.BooleanField()
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "lần đăng nhập"
        verbose_name_plural = "lần đăng nhập"

    def __str__(self) -> str:
        outcome = "thành công" if self.succeeded else "thất bại"
        return f"{self.username} {outcome} {self.at:%d/%m/%Y %H:%M}"


class Notification(models.Model):
    """An in-app notice; also e-mailed when e-mail is configured (`orgs.notices.notify`)."""

    user = models.ForeignKey(User, models.CASCADE, related_name="notifications")
    text = models.CharField(max_length=500)
    url = models.CharField(max_length=300, blank=True)
    key = models.CharField(max_length=120, help_text="one notice per event and user")
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "grassroots_notification"  # the table it had before it moved here
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="grassroots_notification_once")
        ]

    def __str__(self) -> str:
        return self.text
