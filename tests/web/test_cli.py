"""``presslens serve``: options, and refusing a public bind without a token."""

from __future__ import annotations

import pytest

from presslens.cli import build_parser, main
from presslens.errors import UsageError
from presslens.web.cli import resolve_token


def test_serve_defaults_to_loopback() -> None:
    args = build_parser().parse_args(["serve"])
    assert (args.host, args.port, args.token, args.db) == ("127.0.0.1", 8000, None, None)


@pytest.mark.parametrize(
    ("host", "token", "env", "result"),
    [
        ("127.0.0.1", None, None, None),
        ("localhost", None, None, None),
        ("::1", None, None, None),
        ("0.0.0.0", "a-long-enough-token", None, "a-long-enough-token"),
        ("0.0.0.0", None, "token-from-the-env", "token-from-the-env"),
        ("127.0.0.1", None, "token-from-the-env", "token-from-the-env"),
        ("192.168.0.10", "explicit-token-wins", "token-from-the-env", "explicit-token-wins"),
    ],
)
def test_resolve_token(monkeypatch: pytest.MonkeyPatch, host: str, token: str | None,
                       env: str | None, result: str | None) -> None:
    if env is None:
        monkeypatch.delenv("PRESSLENS_TOKEN", raising=False)
    else:
        monkeypatch.setenv("PRESSLENS_TOKEN", env)
    assert resolve_token(host, token) == result


@pytest.mark.parametrize(("host", "token", "message"), [
    ("0.0.0.0", None, "without an access token"),
    ("::", None, "without an access token"),
    ("10.1.2.3", None, "without an access token"),
    ("0.0.0.0", "short", "too short"),
])
def test_public_bind_needs_a_real_token(monkeypatch: pytest.MonkeyPatch, host: str,
                                        token: str | None, message: str) -> None:
    monkeypatch.delenv("PRESSLENS_TOKEN", raising=False)
    with pytest.raises(UsageError, match=message):
        resolve_token(host, token)


def test_serve_refuses_before_starting(monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("PRESSLENS_TOKEN", raising=False)
    assert main(["serve", "--host", "0.0.0.0", "--port", "1"]) == 2
    assert "refusing to serve on '0.0.0.0'" in capsys.readouterr().err
