from django.conf import settings
from django.db import models


class EditorProfile(models.Model):
    """An editor's public name: what `/changes/` and its feed say instead of the login name."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="editor_profile"
    )
    display_name = models.CharField(
        max_length=80,
        blank=True,
        help_text="Shown on the public list of changes and in its feed. "
        "Blank shows “Editor N”; never your login name.",
    )

    class Meta:
        ordering = ["user_id"]
        verbose_name = "editor's public name"
        verbose_name_plural = "editors' public names"

    def __str__(self):
        return self.public_name

    @property
    def public_name(self):
        return self.display_name.strip() or default_name(self.user_id)


def default_name(user_id):
    """The public name of an editor who has chosen none: “Editor 4”, never the login name."""
    return f"Editor {user_id}"


def public_name(user):
    """Who made a change, as public pages say it: the editor's chosen name or “Editor N”.

    Reads the profile through `user.editor_profile`; select it with the user
    (`select_related("history_user__editor_profile")`) to read it without a query.
    """
    if user is None:
        return "the registry"
    try:
        return user.editor_profile.public_name
    except EditorProfile.DoesNotExist:
        return default_name(user.pk)
