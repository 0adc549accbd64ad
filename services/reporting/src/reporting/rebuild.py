"""``python -m reporting.rebuild``: recompute the fact projection from the event log (see `reporting.cli`)."""

from reporting.cli import rebuild

if __name__ == "__main__":
    rebuild()
