import pytest

from lms.security import is_safe_next


@pytest.mark.parametrize("target", ["/", "/people?page=2", "/training/courses/x"])
def test_local_paths_are_safe(target):
    assert is_safe_next(target)


@pytest.mark.parametrize("target", [
    None, "", "people", "//evil.example", "/\\evil.example", "https://evil.example/",
    "javascript:alert(1)", "/\tevil", "http:/evil.example",
])
def test_everything_else_is_not(target):
    assert not is_safe_next(target)
