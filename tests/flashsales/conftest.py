import pytest

from tests.flashsales.helpers import clear_gates


@pytest.fixture(autouse=True)
def _clean_gates():
    """Redis outlives each test's rolled-back rows: every test starts with no gate."""
    clear_gates()
    yield
    clear_gates()
