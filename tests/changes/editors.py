"""Editors and one object of every registry model, for the admin tests of every app."""

from io import StringIO
from itertools import count

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from consortia.models import Partnership
from factories.models import FactoryName, FactorySystem
from funding.models import Programme, StatedTotal
from sources.models import recorded_models
from tests.builders import (
    make_budget,
    make_citation,
    make_factory,
    make_organisation,
    make_source,
    make_supercomputer,
)

PASSWORD = "a long editor passphrase 42"
_seq = count(1)


def make_editor(username="editor"):
    """An editor made the documented way: staff, in the `editors` group, not a superuser."""
    call_command("createeditor", username, password=PASSWORD, stdout=StringIO())
    return get_user_model().objects.get(username=username)


def one_of_each():
    """One saved object of every model the admin edits, keyed by "app_label.model_name"."""
    n = next(_seq)
    factory = make_factory()
    source = make_source()
    supercomputer = make_supercomputer()
    objects = [
        factory,
        factory.selection_round,
        factory.site,
        factory.memberships.get(),
        factory.site.country,
        factory.site.organisation,
        FactoryName.objects.create(factory=factory, name=f"Another name {n}", kind="short_form"),
        supercomputer,
        FactorySystem.objects.create(
            factory=factory, supercomputer=supercomputer, relation="new_system"
        ),
        Partnership.objects.create(
            factory=factory, organisation=make_organisation(), role=Partnership.Role.PARTNER
        ),
        make_budget(factory),
        Programme.objects.create(
            slug=f"programme-{n}", name="Digital Europe", level="eu", purpose="AI"
        ),
        StatedTotal.objects.create(
            slug=f"total-{n}", label="Investment", kind="investment", amount_eur_million=1500
        ),
        source,
        make_citation(factory, source=source),
    ]
    by_label = {obj._meta.label_lower: obj for obj in objects}
    # The apps' admin tests open the pages of these objects: a kind of fact left out here
    # would have editors' pages that no test opens.
    missing = {model._meta.label_lower for model in recorded_models()} - set(by_label)
    assert not missing, f"one_of_each() makes no {', '.join(sorted(missing))}"
    return by_label


def admin_url(label, view, *args):
    app_label, model_name = label.split(".")
    return reverse(f"admin:{app_label}_{model_name}_{view}", args=args)


def assert_editor_opens_every_page(client, label):
    """An editor gets 200 on the model's list, add, change and history pages."""
    obj = one_of_each()[label]
    for url in [
        admin_url(label, "changelist"),
        admin_url(label, "add"),
        admin_url(label, "change", obj.pk),
        admin_url(label, "history", obj.pk),
    ]:
        assert client.get(url).status_code == 200, url


def assert_anonymous_is_sent_to_login(client, label):
    """An anonymous visitor to the model's list, add or change page is sent to the login page."""
    obj = one_of_each()[label]
    for url in [
        admin_url(label, "changelist"),
        admin_url(label, "add"),
        admin_url(label, "change", obj.pk),
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/login/?next="), url


def management_form(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def _field_values(form, data):
    for name in form.fields:
        value = form[name].value()
        key = form.add_prefix(name)
        if value is None:
            data[key] = ""
        elif value is True:
            data[key] = "on"
        elif value is False:
            continue
        elif isinstance(value, list | tuple):
            data[key] = [str(v) for v in value]
        else:
            data[key] = str(value)


EVIDENCE = "sources-citation-content_type-object_id"


def cite(data, field_name, source, quote="hosted in Exampleville"):
    """Add to a page's submission a citation row quoting `source` for `field_name`."""
    n = int(data[f"{EVIDENCE}-TOTAL_FORMS"])
    if n and not data.get(f"{EVIDENCE}-{n - 1}-quote"):
        n -= 1  # the page's empty row
    data.update(
        {
            f"{EVIDENCE}-{n}-field_name": field_name,
            f"{EVIDENCE}-{n}-source": str(source.pk),
            f"{EVIDENCE}-{n}-quote": quote,
            f"{EVIDENCE}-{n}-stated_value": "as the source states it",
            f"{EVIDENCE}-{n}-is_accepted": "on",
        }
    )
    data[f"{EVIDENCE}-TOTAL_FORMS"] = str(n + 1)
    return data


def changeform_data(response):
    """What the admin form on a page would submit unchanged: the object and all its inlines."""
    data = {}
    _field_values(response.context["adminform"].form, data)
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        _field_values(formset.management_form, data)
        for form in formset.forms:
            _field_values(form, data)
    return data
