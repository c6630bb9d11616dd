"""Each editor's public name, which they set themselves: the only account detail editors edit."""

from django.contrib import admin
from django.shortcuts import redirect
from django.urls import path, reverse

from .models import EditorProfile


@admin.register(EditorProfile)
class EditorProfileAdmin(admin.ModelAdmin):
    """An editor sees and changes their own public name; a superuser sees everyone's."""

    fields = ["display_name"]
    list_display = ["__str__"]

    def get_urls(self):
        mine = path(
            "mine/",
            self.admin_site.admin_view(self.mine_view),
            name="changes_editorprofile_mine",
        )
        return [mine, *super().get_urls()]

    def mine_view(self, request):
        """The editor's own public name, made on first visit (“Editor N” until they choose)."""
        profile, _ = EditorProfile.objects.get_or_create(user=request.user)
        return redirect(reverse("admin:changes_editorprofile_change", args=[profile.pk]))

    def get_queryset(self, request):
        profiles = super().get_queryset(request).select_related("user")
        return profiles if request.user.is_superuser else profiles.filter(user=request.user)

    def _own(self, request, obj):
        return request.user.is_superuser or obj is None or obj.user_id == request.user.pk

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request) and self._own(request, obj)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request) and self._own(request, obj)

    def has_add_permission(self, request):
        return False  # each editor's is made on their first visit to “mine”

    def has_delete_permission(self, request, obj=None):
        return False
