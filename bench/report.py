"""Results of the stages, exactly-once checks, peak memory and the final table."""

from __future__ import annotations

import resource
from dataclasses import dataclass, field

from bench.workload import NATIONAL_YEAR_EVENTS


def peak_rss_kb() -> int:
    """Peak resident set size of this process so far (Linux reports kilobytes)."""
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def fmt_duration(seconds: float) -> str:
    if seconds < 100:
        return f"{seconds:.1f} s" if seconds < 10 else f"{seconds:.0f} s"
    if seconds < 3600:
        return f"{seconds / 60:.1f} min"
    return f"{seconds / 3600:.1f} h"


def fmt_mb(kb: int | None) -> str:
    return "-" if kb is None else f"{kb / 1024:,.0f} MB"


@dataclass
class StageResult:
    """`events` handled in `seconds` of wall time (the stage's own work only, see each stage)."""

    name: str
    events: int
    seconds: float
    expected: int | None = None
    note: str = ""
    peak_rss_kb: int = 0

    @property
    def complete(self) -> bool:
        return self.expected is None or self.events >= self.expected

    @property
    def rate(self) -> float:
        return self.events / self.seconds if self.seconds > 0 else 0.0

    def projected_seconds(self, total: int = NATIONAL_YEAR_EVENTS) -> float | None:
        return total / self.rate if self.rate > 0 else None

    def line(self) -> str:
        proj = self.projected_seconds()
        status = "" if self.complete else f"  INCOMPLETE: {self.events:,} of {self.expected:,}"
        return (
            f"{self.name:<20} {self.events:>10,} events {self.rate:>8,.0f} ev/s"
            f"   proj. 1.2M: {fmt_duration(proj) if proj else '-':>8}"
            f"   RSS {fmt_mb(self.peak_rss_kb):>6}   {self.note}{status}"
        ).rstrip()


@dataclass(frozen=True)
class Check:
    """An exactly-once count: what the stage should have produced and what the database or broker holds."""

    name: str
    expected: int
    actual: int

    @property
    def ok(self) -> bool:
        return self.expected == self.actual


@dataclass
class BenchReport:
    events: int
    stages: list[StageResult] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def stage(self, name: str) -> StageResult:
        for stage in self.stages:
            if stage.name == name:
                return stage
        raise KeyError(name)

    def check(self, name: str, expected: int, actual: int) -> Check:
        result = Check(name, expected, actual)
        self.checks.append(result)
        return result

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks) and all(s.complete for s in self.stages)

    def table(self, broker_rss_kb: int | None = None) -> str:
        title = "stage, events handled, rate, projected time for 1.2M events, peak RSS after the stage, notes"
        rule = "-" * 118
        lines = [title, rule]
        lines += [s.line() for s in self.stages]
        lines.append(rule)
        lines.append(f"peak RSS of the benchmark process: {fmt_mb(peak_rss_kb())}")
        if broker_rss_kb is not None:
            lines.append(
                f"peak RSS of the tansu broker (memory-only, holds every record): {fmt_mb(broker_rss_kb)}"
            )
        pipeline = [s for s in self.stages if s.name in PIPELINE and s.rate > 0]
        if pipeline:
            slowest = min(pipeline, key=lambda s: s.rate)
            serial = sum(p for s in pipeline if (p := s.projected_seconds()) is not None)
            lines.append(
                f"national year (1.2M events): slowest pipeline stage is {slowest.name} "
                f"({slowest.rate:,.0f} ev/s, {fmt_duration(slowest.projected_seconds() or 0)}); "
                f"write + relay + consume one after the other: {fmt_duration(serial)}"
            )
        failed = [c for c in self.checks if not c.ok]
        lines.append(
            f"exactly-once checks: {len(self.checks) - len(failed)}/{len(self.checks)} passed"
            + "".join(f"\n  FAILED {c.name}: expected {c.expected:,}, got {c.actual:,}" for c in failed)
        )
        lines += self.notes
        return "\n".join(lines)


# The stages a replay of the national year goes through, one after the other (see `BenchReport.table`).
PIPELINE = ("outbox 500 ev/txn", "relay batch 500", "consume+apply")
