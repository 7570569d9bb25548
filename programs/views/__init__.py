"""Programs pages, one module per screen group: library, prescribing, today, dashboard."""
