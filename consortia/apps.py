from django.apps import AppConfig


class ConsortiaConfig(AppConfig):
    name = "consortia"
