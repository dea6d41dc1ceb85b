"""A form's items — sections, indicators, breakdown options — read once per revision of the
form and kept in the process, so that a consolidation does not read and build them again.

`ReportForm.revision` is a fresh random value whenever an item, section, indicator, category
or option of the form is saved or deleted (the receivers below), so a process holding an
older structure finds it no longer matches after one indexed read of the form's row; a
rolled-back change leaves the old revision in force together with the old items. Code that
changes those rows with `QuerySet.update` or `bulk_create` (which send no signal) calls
`touch`.
"""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, Q
from django.db.models.signals import post_delete, post_save

from danvan.reporting.models import (
    Category,
    CategoryOption,
    FormItem,
    FormSection,
    Indicator,
    ReportForm,
)

KEPT = 256  # structures kept per process (a form has one per revision; old ones age out)


@dataclass(frozen=True)
class FormStructure:
    """The items in the form's order, each with its section and indicator (category and
    options loaded); shared by every request of the process: read it, never change it."""

    revision: uuid.UUID
    items: tuple[FormItem, ...]
    indicators: tuple[Indicator, ...]
    options: dict[int, list[CategoryOption]]
    by_pk: dict[int, Indicator]
    aggregations: frozenset[str]

    def key_indicators(self) -> list[Indicator]:
        """The indicators that read as a figure (not a yes/no)."""
        return [i for i in self.indicators if i.value_type != "boolean"]


_cache: OrderedDict[tuple[int, uuid.UUID], FormStructure] = OrderedDict()
_lock = threading.Lock()


def structure(form: ReportForm) -> FormStructure:
    """The form's items as they are now in the database (one read of the form's revision)."""
    revision = ReportForm.objects.filter(pk=form.pk).values_list("revision", flat=True).first()
    key = (form.pk, revision or uuid.UUID(int=0))
    with _lock:
        found = _cache.get(key)
        if found is not None:
            _cache.move_to_end(key)
            return found
    built = _build(form.pk, key[1])
    with _lock:
        _cache[key] = built
        while len(_cache) > KEPT:
            _cache.popitem(last=False)
    return built


def _build(form_id: int, revision: uuid.UUID) -> FormStructure:
    items = tuple(
        FormItem.objects.filter(form_id=form_id)
        .select_related("section", "indicator__category")
        .prefetch_related("indicator__category__options")
    )
    indicators = tuple(item.indicator for item in items)
    options = {i.pk: [o for o in i.breakdown() if o] for i in indicators if i.category_id}
    return FormStructure(
        revision=revision,
        items=items,
        indicators=indicators,
        options=options,
        by_pk={i.pk: i for i in indicators},
        aggregations=frozenset(str(i.aggregation) for i in indicators),
    )


def touch(forms: Q | Iterable[int]) -> None:
    """A new revision for the forms (a Q over ReportForm, or their ids)."""
    where = forms if isinstance(forms, Q) else Q(pk__in=list(forms))
    ReportForm.objects.filter(where).update(revision=uuid.uuid4())


def _changed(sender: type[Model], instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    if isinstance(instance, FormItem | FormSection):
        touch([instance.form_id])
    elif isinstance(instance, Indicator):
        touch(Q(items__indicator_id=instance.pk))
    elif isinstance(instance, Category):
        touch(Q(items__indicator__category_id=instance.pk))
    elif isinstance(instance, CategoryOption):
        touch(Q(items__indicator__category_id=instance.category_id))
    # A form's own fields are read from the form itself, never from here.


def connect() -> None:
    for model in (FormItem, FormSection, Indicator, Category, CategoryOption):
        name = model.__name__.lower()
        post_save.connect(_changed, sender=model, dispatch_uid=f"structure-saved-{name}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"structure-deleted-{name}")
