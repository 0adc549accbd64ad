"""Pure domain layer of the careteam service (stdlib and ``shared.errors`` only).

Modules: ``model`` (people, team, eligibility, verdicts), ``roles`` (coordinator and case-management records),
``team``, ``coordination``, ``case_management``, ``consultation``, ``care_plan``, ``access``, ``eligibility``,
``calendar`` (Belgian working days) and ``errors`` (a package, one module per concept). Rules are plain functions; ``check_*`` return a
:class:`~careteam.domain.model.Verdict`, the matching command raises its first refusal as a domain error.
"""
