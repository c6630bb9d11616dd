"""Writes to AI Factories, host sites and supercomputers; the API and the admin call these."""

from django.db import transaction

from sources.services import delete_uncited, save_validated

from .models import AIFactory, HostSite, Supercomputer


@transaction.atomic
def factory_create(**fields):
    return save_validated(AIFactory(**fields))


@transaction.atomic
def factory_update(factory, **fields):
    for name, value in fields.items():
        setattr(factory, name, value)
    return save_validated(factory)


@transaction.atomic
def factory_delete(factory):
    delete_uncited(factory)


@transaction.atomic
def site_create(**fields):
    return save_validated(HostSite(**fields))


@transaction.atomic
def site_update(site, **fields):
    for name, value in fields.items():
        setattr(site, name, value)
    return save_validated(site)


@transaction.atomic
def site_delete(site):
    delete_uncited(site)


@transaction.atomic
def supercomputer_create(**fields):
    return save_validated(Supercomputer(**fields))


@transaction.atomic
def supercomputer_update(supercomputer, **fields):
    for name, value in fields.items():
        setattr(supercomputer, name, value)
    return save_validated(supercomputer)


@transaction.atomic
def supercomputer_delete(supercomputer):
    delete_uncited(supercomputer)
