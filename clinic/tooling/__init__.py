"""Site tooling: the demo practice, the scale seeder, benchmarks and the query-plan check.

Owned by the site layer, so it may use every app; no app imports it."""
