"""Pure reporting domain: dimensions, pseudonymous facts, indicators and small-cell protection.

Imports only the standard library, `shared.errors` and `shared.refdata` (C3): no framework, no I/O.
"""
