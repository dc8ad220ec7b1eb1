from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The benchmark as a Django app, for its `generate_load_data` command. Only
    bench/settings.py installs it; the product never imports `bench`."""

    name = "bench"
    verbose_name = "Benchmarks"
