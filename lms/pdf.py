"""PDF documents people download (transcripts, certificates, logs), rendered with WeasyPrint."""

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation

# `?lang=en` on a document's address asks for that language instead of the holder's (a board
# may want English); the documents' pages link to it.
DOCUMENT_LANGUAGE_PARAMETER = "lang"


def document_language(request, *, holder) -> str:
    """A document speaks its holder's language, unless the reader asked for another one."""
    asked = request.GET.get(DOCUMENT_LANGUAGE_PARAMETER, "")
    if asked in dict(settings.LANGUAGES):
        return asked
    return getattr(holder, "preferred_language", "") or settings.LANGUAGE_CODE


def verification_qr_code(url: str) -> str:
    """A QR code (SVG data URI) that opens the public verification page."""
    import segno

    return segno.make(url, error="m").svg_data_uri(scale=3, border=0)


def render_pdf(
    *, template: str, context: dict, language: str, request=None, base_url: str | None = None
) -> bytes:
    """A template as PDF bytes in `language` (for a response, or a file a task stores)."""
    from weasyprint import HTML

    with translation.override(language):
        html = render_to_string(template, context, request=request)
    return HTML(string=html, base_url=base_url).write_pdf()


def pdf_response(
    request,
    *,
    template: str,
    context: dict,
    filename: str,
    language: str,
    inline: bool = False,
) -> HttpResponse:
    """Render a template to a PDF in `language` (a download, or shown in the browser when
    `inline`); static files resolve against this site."""
    pdf = render_pdf(
        template=template,
        context=context,
        language=language,
        request=request,
        base_url=request.build_absolute_uri("/"),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Language"] = language
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
