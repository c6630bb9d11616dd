"""Writes to programmes and budgets; the API and the admin call these."""

from django.db import transaction

from sources.services import delete_uncited, save_validated

from .models import Budget, Programme


@transaction.atomic
def programme_create(**fields):
    return save_validated(Programme(**fields))


@transaction.atomic
def programme_update(programme, **fields):
    for name, value in fields.items():
        setattr(programme, name, value)
    return save_validated(programme)


@transaction.atomic
def programme_delete(programme):
    delete_uncited(programme)


@transaction.atomic
def budget_create(**fields):
    return save_validated(Budget(**fields))


@transaction.atomic
def budget_update(budget, **fields):
    for name, value in fields.items():
        setattr(budget, name, value)
    return save_validated(budget)


@transaction.atomic
def budget_delete(budget):
    delete_uncited(budget)
