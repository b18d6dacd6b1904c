from django.apps import AppConfig


class DemoConfig(AppConfig):
    # No models and no pages: the app holds `manage.py demo` and the demo's shared parts.
    name = "koers.demo"
    label = "demo"
