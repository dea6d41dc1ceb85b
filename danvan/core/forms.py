"""Form pieces every app shares: dates typed the Vietnamese way."""

from django import forms

DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]


class DateInput(forms.DateInput):
    input_type = "text"

    def __init__(self) -> None:
        super().__init__(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"})


def date_field(label: str, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        widget=DateInput(),
        error_messages={"invalid": "Ngày viết theo dạng dd/mm/yyyy, ví dụ 31/03/2021."},
    )
