"""Pure financing rules: stdlib, Decimal and `shared.errors` only (import-linter enforces it).

Modules: `model` (Money, Period, Act, Provider, Claim), `policy`, `snapshot` (the projection read by the rules),
`tariffs`, `payer` (FIN-30 routing), `eligibility`, `caps` (DF-5), `double_funding` (DF-1/2/3/7),
`assessment` (`assess_claim` -> `Decision`), `review` (a finance officer's verdict on a held claim),
`payout` (FIN-20: the mutuality or care fund that pays), `funding` (lock scopes and funding slots that keep
DF-1..5 true under concurrency), `budgets` (FIN-50/51), `payers_reference`, `vocabulary` (other services'
spelling), `reasons`, `errors`.
"""
