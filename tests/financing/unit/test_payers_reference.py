from __future__ import annotations

import pytest

from financing.domain.errors import UnknownPayerOrganisation
from financing.domain.model import Payer
from financing.domain.payers_reference import (
    CARE_FUNDS,
    MUTUALITIES,
    PayerOrganisationKind,
    default_care_fund,
    find_payer_organisation,
    landsbond_code,
    mutuality,
    payer_organisation,
    payer_organisations,
    payout_organisation,
)
from shared.errors import NotFound

pytestmark = pytest.mark.unit


def test_fin30_mutualities_are_keyed_by_their_official_landsbond_codes() -> None:
    assert [m.code for m in MUTUALITIES] == ["100", "200", "300", "400", "500", "600", "900"]
    assert all(m.official_code and m.payer is Payer.FEDERAL for m in MUTUALITIES)
    assert payer_organisation("300").short_name == "Solidaris"
    assert payer_organisation("600").short_name == "HZIV / CAAMI"


def test_fin20_six_care_funds_have_our_own_stable_keys_not_official_codes() -> None:
    assert [f.code for f in CARE_FUNDS] == ["ZK-CM", "ZK-NZ", "ZK-SOL", "ZK-LIB", "ZK-OZ", "ZK-VZK"]
    assert all(not f.official_code and f.payer is Payer.FLEMISH for f in CARE_FUNDS)
    assert payer_organisation("zk-cm").name_nl == "CM-Zorgkas"


def test_fin20_organisations_can_be_listed_per_payer_channel() -> None:
    assert payer_organisations(Payer.FLEMISH) == CARE_FUNDS
    assert len(payer_organisations()) == 13


def test_fin30_member_mutuality_number_maps_to_its_landsbond() -> None:
    assert landsbond_code("131") == "100"
    assert mutuality("235").code == "200"
    assert mutuality("900").short_name == "HR Rail"


def test_fin20_default_care_fund_follows_the_network_and_public_insurers_go_to_the_vlaamse_zorgkas() -> None:
    assert default_care_fund("100").code == "ZK-CM"
    assert default_care_fund("319").code == "ZK-SOL"
    assert default_care_fund("600").code == "ZK-VZK"
    assert default_care_fund("900").code == "ZK-VZK"


def test_fin20_fin30_federal_claims_pay_through_the_mutuality_and_flemish_through_the_care_fund() -> None:
    assert payout_organisation(Payer.FEDERAL, mutuality_code="509").code == "500"
    assert payout_organisation(Payer.FLEMISH, mutuality_code="509").code == "ZK-OZ"
    chosen = payout_organisation(Payer.FLEMISH, mutuality_code="509", care_fund_code="ZK-VZK")
    assert chosen.code == "ZK-VZK"
    assert chosen.kind is PayerOrganisationKind.CARE_FUND


@pytest.mark.parametrize("code", ["700", "ZK-XX", "", "12"])
def test_fin30_unknown_payer_organisation_code_is_not_found(code: str) -> None:
    assert find_payer_organisation(code) is None
    with pytest.raises(UnknownPayerOrganisation) as caught:
        payer_organisation(code)
    assert isinstance(caught.value, NotFound)


def test_fin30_payout_needs_enough_to_find_the_payer_organisation() -> None:
    with pytest.raises(UnknownPayerOrganisation):
        payout_organisation(Payer.FEDERAL, mutuality_code=None)
    with pytest.raises(UnknownPayerOrganisation):
        payout_organisation(Payer.FLEMISH, mutuality_code=None)
    with pytest.raises(UnknownPayerOrganisation):
        payout_organisation(Payer.FLEMISH, mutuality_code="100", care_fund_code="100")
    with pytest.raises(UnknownPayerOrganisation):
        landsbond_code("731")
