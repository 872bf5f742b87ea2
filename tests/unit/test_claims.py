"""Who an OpenID Connect sign-in names, on exact claim dicts: e-mail only when verified, the provider's own
``sub``, Entra ID's ``oid`` in its tenant; and a sign-in trusted for a set number of hours from ``iat``."""

import datetime as dt

from sprx_map import claims, settings

NOW = dt.datetime(2027, 3, 1, 12, 0, tzinfo=dt.UTC)
TENANT, OBJECT = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0", "1a2b3c4d-5e6f-7081-92a3-b4c5d6e7f809"
SECRETS = {
    "importers": ["ann@wales.nhs.uk", "sub:Gx7-Q2", f"oid:{TENANT.upper()}/{OBJECT}"],
    "administrators": ["lead@wales.nhs.uk"],
}


def test_a_verified_email_on_the_list_gives_its_role():
    ann = {"sub": "a1", "email": "Ann@Wales.NHS.uk", "email_verified": True}
    lead = {"sub": "l1", "email": "lead@wales.nhs.uk", "email_verified": "true"}  # some providers send text
    assert (claims.role(SECRETS, ann), claims.role(SECRETS, lead)) == ("importer", "administrator")


def test_an_email_not_verified_gives_no_role():
    for flag in ({}, {"email_verified": False}, {"email_verified": "false"}, {"email_verified": 1}):
        assert claims.role(SECRETS, {"sub": "a1", "email": "ann@wales.nhs.uk", **flag}) == "viewer", flag


def test_sub_is_matched_exactly():
    assert claims.role(SECRETS, {"sub": "Gx7-Q2"}) == "importer"
    assert claims.role(SECRETS, {"sub": "gx7-q2"}) == "viewer"
    assert claims.role(SECRETS, {"sub": "Gx7-Q"}) == "viewer"


def test_entra_id_people_are_matched_by_tenant_and_object_id_not_their_unverified_email():
    person = {"sub": "s", "tid": TENANT, "oid": OBJECT.upper(), "email": "ann@wales.nhs.uk"}
    assert claims.role(SECRETS, person) == "importer"
    assert claims.role(SECRETS, {**person, "tid": "another-tenant"}) == "viewer"
    assert claims.role(SECRETS, {"sub": "s", "oid": OBJECT}) == "viewer"  # an object id alone names no one


def test_identities_are_the_forms_a_list_may_hold():
    person = {"sub": "Gx7-Q2", "tid": "T", "oid": "O", "email": "Ann@x.wales", "email_verified": True}
    assert claims.identities(person) == {"sub:Gx7-Q2", "oid:t/o", "ann@x.wales"}
    assert claims.identities({}) == set()


def test_groups_still_give_roles_whatever_the_email():
    secrets = {"group_claim": "roles", "administrator_groups": ["Hub-Admins"]}
    assert claims.role(secrets, {"sub": "s", "roles": ["hub-admins"]}) == "administrator"


def test_the_name_recorded_is_the_email_else_the_user_name_else_the_sub():
    assert claims.name({"sub": "s", "email": "ann@wales.nhs.uk", "preferred_username": "ann"}) == "ann@wales.nhs.uk"
    assert claims.name({"sub": "s", "preferred_username": "ann@nhs.wales"}) == "ann@nhs.wales"
    assert claims.name({"sub": "s"}) == "sub:s"


def test_a_sign_in_is_trusted_for_the_hours_set_from_iat():
    hours = settings.value("SPRX_SIGN_IN_HOURS")
    issued = NOW.timestamp() - hours * 3600
    assert hours == 12
    assert claims.too_old({"iat": int(issued)}, NOW, hours) is False
    assert claims.too_old({"iat": int(issued) - 1}, NOW, hours) is True
    assert claims.too_old({"iat": int(NOW.timestamp())}, NOW, 0) is False
    assert claims.too_old({"iat": int(NOW.timestamp()) - 1}, NOW, 0) is True


def test_claims_without_a_usable_iat_are_too_old():
    for found in ({}, {"iat": None}, {"iat": "1772366400"}, {"iat": True}):
        assert claims.too_old(found, NOW, 12) is True, found
