"""PDF documents people download (transcripts, certificates, logs), rendered with WeasyPrint."""

from django.http import HttpResponse
from django.template.loader import render_to_string


def verification_qr_code(url: str) -> str:
    """A QR code (SVG data URI) that opens the public verification page."""
    import segno

    return segno.make(url, error="m").svg_data_uri(scale=3, border=0)


def pdf_response(
    request, *, template: str, context: dict, filename: str, inline: bool = False
) -> HttpResponse:
    """Render a template to a PDF (a download, or shown in the browser when `inline`);
    static files resolve against this site."""
    from weasyprint import HTML

    html = render_to_string(template, context, request=request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
