"""Writes to countries, organisations and memberships; the API and the admin call these."""

from django.db import transaction

from sources.services import delete_uncited, save_validated

from .models import Country, Membership, Organisation


@transaction.atomic
def country_create(**fields):
    return save_validated(Country(**fields))


@transaction.atomic
def country_update(country, **fields):
    for name, value in fields.items():
        setattr(country, name, value)
    return save_validated(country)


@transaction.atomic
def country_delete(country):
    delete_uncited(country)


@transaction.atomic
def organisation_create(**fields):
    return save_validated(Organisation(**fields))


@transaction.atomic
def organisation_update(organisation, **fields):
    for name, value in fields.items():
        setattr(organisation, name, value)
    return save_validated(organisation)


@transaction.atomic
def organisation_delete(organisation):
    delete_uncited(organisation)


@transaction.atomic
def membership_create(**fields):
    return save_validated(Membership(**fields))


@transaction.atomic
def membership_update(membership, **fields):
    for name, value in fields.items():
        setattr(membership, name, value)
    return save_validated(membership)


@transaction.atomic
def membership_delete(membership):
    delete_uncited(membership)
