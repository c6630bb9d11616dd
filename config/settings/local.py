"""Development and test settings: DEBUG on unless the environment says otherwise."""

import os

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
# A throwaway key is acceptable only here; production.py refuses to start without a real one.
SECRET_KEY = os.environ.get("SECRET_KEY") or "django-insecure-local-development-only"
