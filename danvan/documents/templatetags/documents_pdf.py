from django import template

from danvan.documents import render

register = template.Library()


@register.simple_tag
def pdf_problem() -> str:
    """Why a PDF cannot be made on this server ("" when it can), for the PDF buttons."""
    return render.pdf_problem()
