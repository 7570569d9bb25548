"""Access-table rows for the trust pages: audit, security settings, data rights."""

from tests.clinic.access_table import Rule, only, runner_a_code

RUNNERS = ("runner_a", "runner_b")

ROWS: dict = {
    "clinic:audit_report": Rule(only("admin")),
    "clinic:change_history": Rule(only("admin")),
    # An empty POST unticks the requirement: a valid form, saved, then back to the page.
    "clinic:security_settings": Rule(only("admin"), post=only("admin", ok=302)),
    "clinic:my_data": Rule(only(*RUNNERS)),
    "clinic:my_data_json": Rule(only(*RUNNERS)),
    "clinic:my_data_fhir": Rule(only(*RUNNERS)),
    "clinic:my_data_pdf": Rule(only(*RUNNERS)),
    "clinic:runner_data": Rule(only("admin"), kwargs=runner_a_code),
    "clinic:runner_data_json": Rule(only("admin"), kwargs=runner_a_code),
    "clinic:runner_data_fhir": Rule(only("admin"), kwargs=runner_a_code),
    "clinic:runner_data_pdf": Rule(only("admin"), kwargs=runner_a_code),
    # An empty POST is a form error (the name must be typed): 200, nothing anonymised.
    "clinic:runner_anonymise": Rule(only("admin"), kwargs=runner_a_code, post=only("admin")),
}
