"""Programs pages, one module per screen group: library, prescribing, today, dashboard."""


def wants_json(request) -> bool:
    """The offline queue (static/js/queue.js) asks for JSON; a plain form post doesn't."""
    return "application/json" in request.headers.get("Accept", "")
