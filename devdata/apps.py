from django.apps import AppConfig


class DevdataConfig(AppConfig):
    """Demo data, the benchmark dataset and their commands: installed under dev, test and bench only."""

    name = "devdata"
    verbose_name = "Demo and benchmark data"
