"""`manage.py createeditor NAME`: an account that may edit the registry in the admin."""

import getpass
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from changes.editors import EDITORS
from changes.models import EditorProfile

PASSWORD_ENV = "EDITOR_PASSWORD"


class Command(BaseCommand):
    help = (
        "Create an editor: a staff account in the `editors` group, which may add and change the "
        f"registry's data and citations. The password comes from --password, ${PASSWORD_ENV} or "
        "a prompt. Run again for an existing user to reset the password and make them an editor."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument("--password", help=f"Otherwise ${PASSWORD_ENV}, otherwise a prompt.")
        parser.add_argument(
            "--display-name",
            default=None,
            help="The name public pages show for this editor's changes (default “Editor N”).",
        )

    def handle(self, *args, username, email, password, display_name, **options):
        try:
            editors = Group.objects.get(name=EDITORS)
        except Group.DoesNotExist as error:
            raise CommandError(
                "There is no `editors` group: run `manage.py migrate` first."
            ) from error

        User = get_user_model()
        user = User.objects.filter(username=username).first() or User(username=username)
        password = password or os.environ.get(PASSWORD_ENV) or self.prompt_password()
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error

        created = user.pk is None
        with transaction.atomic():
            user.set_password(password)
            user.is_staff = True
            if email:
                user.email = email
            user.save()
            user.groups.add(editors)
            profile, _ = EditorProfile.objects.get_or_create(user=user)
            if display_name is not None:
                profile.display_name = display_name.strip()
                profile.save()
        verb = "Created" if created else "Updated"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} editor “{username}”, shown publicly as “{profile.public_name}”: "
                "log in at /admin/."
            )
        )

    def prompt_password(self):
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("The passwords did not match.")
        if not password:
            raise CommandError("The password cannot be empty.")
        return password
