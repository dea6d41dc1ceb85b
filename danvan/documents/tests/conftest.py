from danvan.reporting.tests.conftest import april_2021, bloc

__all__ = ["april_2021", "bloc"]
