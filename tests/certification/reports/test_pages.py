"""The reports pages, their exports and API, as staff and network readers use them."""

import io
import re

from django.urls import reverse

import pytest
from openpyxl import load_workbook

from certification.models import AuditEvent
from certification.reports.models import ReportExport
from tests.certification.reports.conftest import enrol


def _pipeline_row(html: str, label: str) -> list[str]:
    table = html[html.index('data-report="pipeline"') :]
    table = table[: table.index("</table>")]
    row = re.search(rf"<th scope=\"row\">{label}</th>(.*?)</tr>", table, re.S).group(1)
    return [
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    ]


def test_staff_see_their_own_organisations_pipeline(client, network):
    client.force_login(network.staff)
    response = client.get(reverse("certification:staff_reports"))
    assert response.status_code == 200
    html = response.content.decode()
    assert _pipeline_row(html, "Enrolled")[0] == "14"
    assert "Beta Recovery" not in html and "Gamma" not in html
    # The charts are drawn on the server, with their title, and the data a click away.
    assert "<svg" in html and 'role="img"' in html and "<details" in html


def test_the_staff_page_runs_a_fixed_number_of_queries(
    client, network, django_assert_max_num_queries
):
    client.force_login(network.staff)
    url = reverse("certification:staff_reports") + "?stalled_days=31"
    with django_assert_max_num_queries(40):
        assert client.get(url).status_code == 200
    enrol(network.alpha, network.program, 25, prefix="More")
    with django_assert_max_num_queries(40):
        assert client.get(url + "&date_from=2020-01-01").status_code == 200


def test_the_network_sees_organisations_side_by_side_with_small_cells_hidden(client, network):
    client.force_login(network.reader)
    response = client.get(reverse("certification:network_reports"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Alpha Recovery" in html and "Beta Recovery" in html
    assert "Gamma Recovery" not in html, "another region's organisation"
    # Beta's 3 is small; Alpha's 14 would give it away from the total of 17, so both are hidden.
    alpha, beta, total = _pipeline_row(html, "Enrolled")
    assert beta == "fewer than 11"
    assert alpha.startswith("hidden")
    assert total == "17"
    for trainee in network.trainees["alpha"] + network.trainees["beta"]:
        assert trainee.display_name not in html
        assert trainee.email not in html


def test_a_network_reader_reaches_no_persons_page(client, network):
    client.force_login(network.reader)
    trainee = network.trainees["alpha"][0]
    for url in (
        reverse("certification:staff_roster"),
        reverse("lms:staff_person", args=[trainee.pk]),
        reverse("certification:staff_reports"),
        reverse("lms:staff_home"),
    ):
        assert client.get(url).status_code == 404, url
    assert client.get("/api/v1/staff/trainees/").status_code == 403
    assert client.get(f"/api/v1/staff/people/{trainee.pk}/").status_code in (403, 404)


def test_staff_and_trainees_cannot_open_the_network_page(client, network):
    client.force_login(network.staff)
    assert client.get(reverse("certification:network_reports")).status_code == 403
    client.force_login(network.trainees["alpha"][0])
    assert client.get(reverse("certification:network_reports")).status_code == 403
    assert client.get("/api/v1/network/reports/").status_code == 403


def test_the_network_api_gives_aggregates_with_hidden_numbers_left_out(client, network):
    client.force_login(network.reader)
    response = client.get("/api/v1/network/reports/")
    assert response.status_code == 200
    tables = {table["key"]: table for table in response.json()["tables"]}
    enrolled = tables["pipeline"]["rows"][0]["cells"]
    assert tables["pipeline"]["columns"] == ["Alpha Recovery", "Beta Recovery", "All organisations"]
    assert enrolled[1] == {"value": None, "hidden": True, "reason": "small"}
    assert enrolled[0] == {"value": None, "hidden": True, "reason": "complementary"}
    assert enrolled[2]["value"] == "17"
    text = response.content.decode()
    for trainee in network.trainees["beta"]:
        assert trainee.display_name not in text


def test_a_filter_that_does_not_validate_keeps_what_was_typed(client, network):
    client.force_login(network.staff)
    response = client.get(
        reverse("certification:staff_reports"), {"date_from": "2026-05-01", "date_to": "2026-01-01"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "The end of the period is before its start." in html
    assert 'value="2026-05-01"' in html
    other_cohort = network.gamma.cohorts.create(
        name="Gamma spring", starts_on="2026-01-01", program=network.program
    )
    response = client.get(reverse("certification:staff_reports"), {"cohort": other_cohort.pk})
    assert response.status_code == 400


def test_an_xlsx_export_holds_the_figures_of_the_page_and_is_audited(
    client, network, django_capture_on_commit_callbacks
):
    client.force_login(network.reader)
    page = client.get(reverse("certification:network_reports")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("certification:report_export_create"),
            {"view": "network", "format": "xlsx", "query": ""},
        )
    assert response.status_code == 302
    export = ReportExport.objects.get(requested_by=network.reader)
    assert export.status == "ready" and export.organization_ids == sorted(
        [network.alpha.pk, network.beta.pk]
    )
    assert AuditEvent.objects.filter(action="report.export", actor_id=network.reader.pk).exists()
    download = client.get(reverse("certification:report_export_download", args=[export.pk]))
    assert download.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    sheet = book[book.sheetnames[0]]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    enrolled = next(row for row in rows if row[0] == "Enrolled")
    assert enrolled[1:] == [
        "hidden",
        "fewer than 11",
        17,
    ]
    assert _pipeline_row(page, "Enrolled")[2] == "17"
    assert AuditEvent.objects.filter(action="report.export_download").count() == 1
    # Only the person who asked may download it.
    client.force_login(network.north_reader)
    assert (
        client.get(reverse("certification:report_export_download", args=[export.pk])).status_code
        == 404
    )


def test_export_cells_that_look_like_formulas_are_guarded(network):
    from certification.reports.exports import as_xlsx
    from certification.reports.suppression import Cell
    from certification.reports.tables import Row, Table

    table = Table(
        key="t",
        title='=HYPERLINK("x")',
        summary="+1",
        columns=["People"],
        rows=[Row(label="@SUM(A1)", cells=[Cell(value=3, people=3)])],
    )
    book = load_workbook(io.BytesIO(as_xlsx([table], heading="-2")))
    values = [cell for row in book.active.iter_rows(values_only=True) for cell in row if cell]
    assert all(not str(value).startswith(("=", "+", "-", "@")) for value in values)
    assert 3 in values


@pytest.mark.parametrize("format_", ["csv", "xlsx"])
def test_staff_exports_in_both_formats(
    client, network, format_, django_capture_on_commit_callbacks
):
    client.force_login(network.staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("certification:report_export_create"),
            {"view": "staff", "format": format_, "query": "stalled_days=20"},
        )
    export = ReportExport.objects.get(requested_by=network.staff)
    assert export.is_downloadable
    assert export.filters == {"stalled_days": 20}
    status = client.get(reverse("certification:report_export_status", args=[export.pk]))
    assert "Download" in status.content.decode()


def test_the_equity_breakdown_never_shows_one_persons_answer(client, network):
    from lms.accounts.models import SelfDescription

    alone = network.trainees["alpha"][0]
    SelfDescription.objects.create(user=alone, race_ethnicity="pacific_islander")
    for trainee in network.trainees["alpha"][1:13]:
        SelfDescription.objects.create(user=trainee, race_ethnicity="white")
    client.force_login(network.staff)
    html = client.get(
        reverse("certification:staff_reports"), {"breakdown": "race_ethnicity"}
    ).content.decode()
    table = html[html.index('data-report="equity"') :]
    row = table[table.index('data-row="pacific_islander"') :]
    row = row[: row.index("</tr>")]
    assert "fewer than 11" in row and not re.search(r"<td[^>]*>1</td>", row)
    # White (12) would give the one away from the 14 in all: hidden too.
    white = table[table.index('data-row="white"') :]
    assert "hidden" in white[: white.index("</tr>")]
    # The staff person page never shows the answers.
    page = client.get(reverse("lms:staff_person", args=[alone.pk])).content.decode()
    assert "Pacific Islander" not in page


def _routes(patterns, prefix=""):
    """Every route of the project with its converters, as (path template, names of its ids)."""
    from django.urls import URLPattern, URLResolver

    for pattern in patterns:
        text = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, text)
        elif isinstance(pattern, URLPattern):
            yield text


SKIP = ("admin/", "django-admin/", "documents/", "images/", "static/", "media/", "__", "sitemap")


def test_every_page_and_api_call_a_network_reader_makes_shows_no_person(client, network):
    """Walk every route of the project with the ids of real people and records filled in:
    a network reader gets figures or a refusal, never a name or an email."""
    from django.urls import get_resolver

    trainee = network.trainees["alpha"][0]
    names = [t.display_name for t in network.trainees["alpha"] + network.trainees["beta"]]
    emails = [t.email for t in network.trainees["alpha"] + network.trainees["beta"]]
    client.force_login(network.reader)
    checked = 0
    for route in sorted(set(_routes(get_resolver().url_patterns))):
        if route.startswith(SKIP) or "(?P" in route or "^" in route:
            continue
        url = "/" + re.sub(
            r"<(?:[a-z_]+:)?([a-z_]+)>",
            lambda m: str(trainee.pk) if "pk" in m.group(1) or m.group(1).endswith("id") else "x",
            route,
        )
        response = client.get(url)
        checked += 1
        if response.status_code >= 300:
            assert response.status_code in (301, 302, 400, 403, 404, 405, 410), (
                url,
                response.status_code,
            )
            continue
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode(errors="replace")
        for name, email in zip(names, emails, strict=True):
            assert name not in text, (url, name)
            assert email not in text, (url, email)
    assert checked > 100
