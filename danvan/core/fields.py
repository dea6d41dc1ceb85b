"""Model fields shared by the apps."""

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

SCALE = 10_000  # four decimal places


class ExactNumberField(models.BigIntegerField):
    """A Decimal with at most four decimal places, stored as an integer count of 1/10 000.

    Both databases then add exactly: SQLite keeps a DECIMAL column with a fraction as a binary
    float, and sums of floats drift. Reads give a Decimal; sums and maxima of the column, too.
    """

    description = "Số chính xác (tối đa 4 chữ số thập phân)"
    # Tells django-stubs what the field takes and gives.
    _pyi_private_set_type: Decimal | int | models.expressions.Combinable  # type: ignore[assignment]
    _pyi_private_get_type: Decimal  # type: ignore[assignment]

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Decimal | None:
        if value is None:
            return None
        return Decimal(value) / SCALE

    def to_python(self, value: Any) -> Decimal | None:
        if value is None or isinstance(value, Decimal):
            return value
        if isinstance(value, float):
            raise ValidationError("Không nhận số thực dấu phẩy động.")
        return Decimal(value)

    def get_prep_value(self, value: Any) -> int | None:
        if value is None:
            return None
        if isinstance(value, float):
            raise TypeError("ExactNumberField không nhận float.")
        scaled = Decimal(value) * SCALE
        if scaled != scaled.to_integral_value():
            raise ValueError("Số có quá 4 chữ số thập phân.")
        return int(scaled)

    def formfield(self, *args: Any, **kwargs: Any) -> Any:
        from django import forms

        return forms.DecimalField(decimal_places=4, max_digits=19, **kwargs)
