"""Pure reporting domain: dimensions, pseudonymous facts, indicators and small-cell protection.

- `dimensions`: period grain, region levels, attribution (REP-08, Q-05), programme codes (CTX-01).
- `model`: the pseudonymous `Fact`, the unprotected indicator `Row` and the indicator ids.
- `aggregation`: bucketing facts into (programme, period, area, dimensions) cells.
- `indicators`: REP-01..05, the zorgraad evaluation criteria.
- `monitoring`: REP-11, SCR-05..07, CT-31, CT-33, FIN-30 and double-funding findings.
- `suppression`: primary and complementary cell suppression (DP-07, REP-32).
- `disclosure`: rendering protected rows and totals for publication (DP-07).

Imports only the standard library, `shared.errors` and `shared.refdata` (style guide C3): no framework,
no I/O, no module-level state.
"""
