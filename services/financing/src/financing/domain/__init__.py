"""Pure financing rules: stdlib, Decimal and `shared.errors` only (import-linter enforces it).

Modules: `model` (Money, Period, Act, Provider, Claim), `policy`, `snapshot` (the projection read by the rules),
`tariffs`, `payer` (FIN-30 routing), `eligibility`, `caps` (DF-5), `double_funding` (DF-1/2/3/7),
`assessment` (`assess_claim` -> `Decision`), `budgets` (FIN-50/51), `payers_reference`, `reasons`, `errors`.
"""
