"""Dependencies of the reporting routes (read from app.state, built at start-up)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from reporting.config import ReportingSettings
from reporting.service.facts import LOCAL_TIMEZONE
from reporting.service.queries import FigureCache, ReportingQueries


def get_sessionmaker(request: Request) -> async_sessionmaker[AsyncSession]:
    sessionmaker: async_sessionmaker[AsyncSession] = request.app.state.sessionmaker
    return sessionmaker


def get_settings(request: Request) -> ReportingSettings:
    settings: ReportingSettings = request.app.state.settings
    return settings


def get_today() -> date:
    """Today in Belgium (tests override this dependency)."""
    return datetime.now(LOCAL_TIMEZONE).date()


def get_queries(request: Request) -> ReportingQueries:
    """The indicator query service over the geography and figure cache built at start-up."""
    state = request.app.state
    cache: FigureCache = state.figure_cache
    return ReportingQueries(
        state.sessionmaker,
        index=state.geography_index,
        threshold=state.settings.small_cell_threshold,
        cache=cache,
    )


SessionmakerDep = Annotated[async_sessionmaker[AsyncSession], Depends(get_sessionmaker)]
SettingsDep = Annotated[ReportingSettings, Depends(get_settings)]
TodayDep = Annotated[date, Depends(get_today)]
QueriesDep = Annotated[ReportingQueries, Depends(get_queries)]
