import pytest


@pytest.fixture(autouse=True)
def rollups_checked(rollups_verified: None) -> None:
    """Every job test ends with the roll-ups equal to the raw values."""
