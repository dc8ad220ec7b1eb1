"""Reports as staff and a network reader use them, at a phone's width."""

import io
import re
from pathlib import Path

from django.urls import reverse

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.certification.reports.conftest import network  # noqa: F401 - the journey's data
from tests.e2e.conftest import assert_accessible, assert_fits_width, sign_in
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_staff_filter_a_cohort_export_it_and_a_network_reader_sees_only_figures(
    phone_page,
    chromium,
    live_server,
    network,  # noqa: F811
):
    page = phone_page
    sign_in(page, live_server, network.staff.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}/staff/")
    page.get_by_role("link", name="Open your reports").click()
    page.get_by_label("Cohort").select_option(label="Alpha spring class")
    page.get_by_role("button", name="Show").click()
    chart = page.get_by_role("img", name="From enrolment to credential")
    chart.wait_for()
    page.get_by_text("The data: From enrolment to credential").click()
    table = page.locator('table[data-report="pipeline"]')
    enrolled = table.get_by_role("row", name=re.compile("^Enrolled")).get_by_role("cell").first
    assert enrolled.inner_text() == "12"
    assert_accessible(page, context="staff reports, one cohort")
    assert_fits_width(page)

    page.get_by_role("button", name="Prepare an Excel workbook (XLSX)").click()
    link = page.get_by_role("link", name="Download")
    link.wait_for()
    assert_accessible(page, context="staff reports, an export ready")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith(".xlsx")
    book = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    rows = [list(row) for row in book[book.sheetnames[0]].iter_rows(values_only=True)]
    assert next(row for row in rows if row[0] == "Enrolled")[1] == 12

    # The network reader: two organisations side by side, small numbers hidden, no people.
    context = chromium.new_context(viewport={"width": 360, "height": 780}, locale="en-US")
    context.set_default_timeout(15_000)
    reader = context.new_page()
    sign_in(reader, live_server, network.reader.email, TEST_PASSWORD)
    assert reader.url.endswith("/network/reports/")
    table = reader.locator('table[data-report="pipeline"]')
    reader.get_by_text("The data: From enrolment to credential").click()
    headers = table.locator("thead th").all_text_contents()
    assert headers[1:] == ["Alpha Recovery", "Beta Recovery", "All organisations"]
    expect(table.get_by_text("fewer than 11").first).to_be_visible()
    assert_accessible(reader, context="network reports")
    assert_fits_width(reader)
    person = network.trainees["alpha"][0]
    response = reader.goto(live_server.url + reverse("lms:staff_person", args=[person.pk]))
    assert response.status == 404
    assert person.display_name not in reader.content()
    context.close()
