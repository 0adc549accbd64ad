"""Belgian geography reference data shared by the services (REP-20, REP-21).

The packaged vintage (``data/``) is Statbel REFNIS valid from 2025-01-01 (565 municipalities), the NIS
crosswalk for the 2019 and 2025 mergers and recodes, the Provincies in Cijfers mapping of municipalities
to primary-care zones (ELZ) and Statbel's postcode table; ``data/SOURCES.md`` gives provenance, vintage
and gaps. screening validates residence NIS codes with it; reporting attributes figures to a
municipality, ELZ, care council (zorgraad), province or region.

Nothing is loaded at import time: a process calls `load_geography()` once at start-up (optionally on an
operator-supplied vintage directory) and passes the resulting `Geography` to whoever needs it.
"""

from shared.refdata.loader import (
    CareCouncil,
    Geography,
    Municipality,
    PrimaryCareZone,
    Province,
    ReferenceDataError,
    Region,
    UnknownNisCode,
    default_data_dir,
    load_geography,
)

__all__ = [
    "CareCouncil",
    "Geography",
    "Municipality",
    "PrimaryCareZone",
    "Province",
    "ReferenceDataError",
    "Region",
    "UnknownNisCode",
    "default_data_dir",
    "load_geography",
]
