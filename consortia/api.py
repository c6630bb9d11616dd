"""API viewsets for countries, organisations and memberships."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view

from sources.viewsets import RegistryViewSet

from . import selectors
from .filters import (
    CountryFilterSet,
    MembershipFilterSet,
    OrganisationFilterSet,
    PartnershipFilterSet,
)
from .serializers import (
    CountrySerializer,
    MembershipSerializer,
    OrganisationSerializer,
    PartnershipSerializer,
)

CODE = OpenApiParameter(
    "code",
    str,
    OpenApiParameter.PATH,
    description="ISO 3166-1 alpha-2 code, upper or lower case: `dk` or `DK`.",
    pattern="^[A-Za-z]{2}$",
)


@extend_schema_view(
    list=extend_schema(
        summary="List countries",
        description="Filter by `standing`. Each country's `hosts` and `member_of` name its first "
        f"{selectors.FACTORIES_NAMED_PER_STATE} AI Factories of each role, by name; "
        "`hosts_count` and `member_of_count` say how many there are, `hosts_url` and "
        "`member_of_url` list them all.",
    ),
    retrieve=extend_schema(
        summary="One country, by ISO code",
        description=f"As in the list: its first {selectors.FACTORIES_NAMED_PER_STATE} AI "
        "Factories of each role, by name, how many there are, and `hosts_url` and "
        "`member_of_url`, which list them all.",
        parameters=[CODE],
    ),
    update=extend_schema(parameters=[CODE]),
    partial_update=extend_schema(parameters=[CODE]),
    destroy=extend_schema(parameters=[CODE]),
)
class CountryViewSet(RegistryViewSet):
    """European states in the AI Factories' consortia, with their standing in EuroHPC."""

    lookup_field = "code"
    lookup_value_regex = "[A-Za-z]{2}"
    # The list and each state's detail name its first factories only: a state may host
    # thousands, which `hosts_url` and `member_of_url` list page by page.
    queryset = selectors.country_api_list()
    serializer_class = CountrySerializer
    filterset_class = CountryFilterSet
    search_fields = []
    ordering_fields = ["code", "standing"]

    def get_object(self):
        self.kwargs[self.lookup_field] = self.kwargs[self.lookup_field].upper()
        return super().get_object()


@extend_schema_view(
    list=extend_schema(summary="List organisations"),
    retrieve=extend_schema(summary="One organisation"),
)
class OrganisationViewSet(RegistryViewSet):
    """Hosting entities, partners and supporters of the AI Factories."""

    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    queryset = selectors.organisation_list()
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilterSet
    search_fields = ["name", "short_name"]
    ordering_fields = ["name", "kind"]


@extend_schema_view(
    list=extend_schema(summary="List consortium memberships"),
    retrieve=extend_schema(summary="One membership"),
)
class MembershipViewSet(RegistryViewSet):
    """Each country's place in an AI Factory's consortium: host or member."""

    lookup_value_regex = r"[0-9]+"
    queryset = selectors.membership_list()
    serializer_class = MembershipSerializer
    filterset_class = MembershipFilterSet
    search_fields = []
    ordering_fields = ["factory__name", "role"]


@extend_schema_view(
    list=extend_schema(
        summary="List partnerships",
        description="Organisations other than the host that take part in an AI Factory "
        "(`partner`) or backed its application (`supporter`), with `citations`. Filter by "
        "`factory`, `organisation` (slugs), the organisation's `country` and `role`.",
    ),
    retrieve=extend_schema(
        summary="One partnership", description="A partnership, with its citations."
    ),
)
class PartnershipViewSet(RegistryViewSet):
    """Partners and supporters of the AI Factories."""

    lookup_value_regex = r"[0-9]+"
    queryset = selectors.partnership_evidence_list()
    serializer_class = PartnershipSerializer
    filterset_class = PartnershipFilterSet
    search_fields = ["organisation__name", "factory__name"]
    ordering_fields = ["factory__name", "organisation__name", "role"]
