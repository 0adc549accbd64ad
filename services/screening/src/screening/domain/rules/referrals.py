"""Outreach referrals (toeleiding, SCR-10) and their corrections."""

from __future__ import annotations

from datetime import date

from screening.domain.errors import ReferralDateInFuture, SupersededRecordNotFound
from screening.domain.model import OutreachReferral
from screening.domain.rules.corrections import check_correction, check_correction_reason


def check_outreach_referral(referral: OutreachReferral, *, today: date) -> None:
    """SCR-10: an outreach referral (toeleiding) cannot be dated in the future."""
    if referral.referral_date > today:
        raise ReferralDateInFuture("The referral date lies in the future.")


def check_referral_correction(referral: OutreachReferral, target: OutreachReferral | None) -> None:
    """SCR-10: a referral correction supersedes an existing, current referral of the same client, with a reason."""
    # A referral recorded before registration may be linked to a pregnancy by its correction; one of a
    # registered pregnancy is only corrected within that pregnancy.
    check_correction_reason(referral)
    if referral.supersedes is None:
        return
    check_correction(referral, [target] if target is not None else [])
    assert target is not None  # check_correction refuses a missing target
    if target.pregnancy_id is not None and referral.pregnancy_id != target.pregnancy_id:
        raise SupersededRecordNotFound("The corrected referral belongs to another pregnancy.")
