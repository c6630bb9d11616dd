import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from sources.models import Citation
from sources.text import normalise
from tests.builders import make_citation, make_factory, make_source

pytestmark = pytest.mark.django_db


def test_empty_quote_is_refused_on_the_quote_field():
    citation = Citation(
        subject=make_factory(), field_name="name", source=make_source(), quote="", stated_value="x"
    )
    with pytest.raises(ValidationError) as error:
        citation.full_clean()
    assert "quote" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        citation.save()
    assert not Citation.objects.exists()


def test_quote_missing_from_the_source_is_refused():
    source = make_source(title="A report")
    citation = Citation(
        subject=make_factory(),
        field_name="name",
        source=source,
        quote="hosted on the Moon",
        stated_value="the Moon",
    )
    with pytest.raises(ValidationError) as error:
        citation.full_clean()
    assert error.value.message_dict["quote"] == [
        "This quote does not occur in the text of “A report”."
    ]


def test_quote_matches_across_typographic_quotes_entities_and_whitespace():
    source = make_source(archived_text="Athens, Greece: “Pharos” at&nbsp;GRNET\n\nnext")
    citation = make_citation(
        make_factory(), source=source, quote='Athens, Greece: "Pharos" at GRNET'
    )
    citation.full_clean()


def test_citation_must_name_a_real_field():
    citation = Citation(
        subject=make_factory(),
        field_name="colour",
        source=make_source(),
        quote="hosted in Exampleville",
        stated_value="x",
    )
    with pytest.raises(ValidationError) as error:
        citation.full_clean()
    assert error.value.message_dict["field_name"] == ["The AI Factory has no field “colour”."]


def test_wordpress_json_source_reads_as_its_rendered_text():
    source = make_source(
        text_format="wordpress_json",
        archived_text='{"title":{"rendered":"Title"},"content":{"rendered":"<p>Link\\u00f6ping&nbsp;University<\\/p>"}}',
    )
    assert source.readable_text == "Title\n\nLinköping\xa0University"
    assert source.contains_quote("Linköping University")


def test_normalise_folds_quotes_and_space():
    assert normalise("“IT4LIA”  at\u00a0CINECA &#8211; Bologna") == '"IT4LIA" at CINECA – Bologna'
