"""bench/wrk.py and bench/wrk.lua: what wrk printed becomes the figures the report shows."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator

import pytest

from bench.load import Page
from bench.wrk import WrkError, command, find_wrk, parse_output, wrk_load

# What `wrk --script bench/wrk.lua` printed on a signed-out /grading, which redirects.
REDIRECTED = """\
Running 2s test @ http://127.0.0.1:18931/grading
  2 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    14.90ms   14.61ms  96.35ms   86.02%
    Req/Sec   155.70     45.12   250.00     70.00%
  648 requests in 2.10s, 393.75KB read
Requests/sec:    309.24
Transfer/sec:    187.88KB
wrk-json: {"duration_us": 2096421, "responses": 648, "statuses": {"302": 648}, \
"socket_errors": {"read": 0, "write": 0, "connect": 0, "timeout": 0}, \
"latency_us": {"99": 67803, "50": 9957, "95": 41923}}
"""

MIXED = ('wrk-json: {"duration_us": 5000000, "responses": 1003, '
         '"statuses": {"200": 1000, "500": 2, "404": 1}, '
         '"socket_errors": {"timeout": 3, "connect": 0, "read": 1, "write": 0}, '
         '"latency_us": {"50": 4200, "95": 12500, "99": 30000}}\n')


def test_answers_with_the_expected_status_are_the_requests():
    result = parse_output(MIXED, expect_status=200)
    assert result.requests == 1000
    assert result.seconds == 5.0
    assert result.per_second == 200.0
    assert result.median_ms == 4.2
    assert result.percentile_ms(95) == 12.5
    assert result.percentile_ms(99) == 30.0


def test_other_statuses_and_socket_errors_are_errors_by_kind():
    result = parse_output(MIXED, expect_status=200)
    assert dict(result.errors) == {"HTTP 500": 2, "HTTP 404": 1, "wrk timeout error": 3,
                                   "wrk read error": 1}
    assert result.error_count == 7


def test_a_redirect_where_a_page_was_expected_is_an_error_not_a_request():
    # wrk itself counts only 4xx and 5xx as errors: the script counts every status.
    result = parse_output(REDIRECTED, expect_status=200)
    assert result.requests == 0
    assert result.per_second == 0.0
    assert dict(result.errors) == {"HTTP 302": 648}
    assert parse_output(REDIRECTED, expect_status=302).requests == 648


def test_no_answer_at_all_has_no_latencies():
    text = ('wrk-json: {"duration_us": 1000000, "responses": 0, "statuses": {}, '
            '"socket_errors": {"timeout": 0, "connect": 4, "read": 0, "write": 0}, '
            '"latency_us": {"50": 0, "95": 0, "99": 0}}')
    result = parse_output(text, expect_status=200)
    assert result.median_ms is None
    assert result.percentile_ms(95) is None
    assert dict(result.errors) == {"wrk connect error": 4}


def test_output_without_the_scripts_line_is_an_error():
    with pytest.raises(WrkError, match="wrk-json"):
        parse_output("unable to connect to 127.0.0.1:1 Connection refused\n", 200)


def test_the_command_sends_the_session_cookie_at_the_python_clients_concurrency():
    page = Page("grading queue (mentor)", "/grading", login="mentor@kakehashi.example")
    argv = command("/usr/bin/wrk", 8000, page, {"Cookie": "kakehashi_session=abc"}, 4.5, 4)
    assert argv[0] == "/usr/bin/wrk"
    assert argv[argv.index("--connections") + 1] == "4"
    assert 1 <= int(argv[argv.index("--threads") + 1]) <= 4
    assert argv[argv.index("--duration") + 1] == "5s"  # whole seconds, rounded up
    assert argv[argv.index("--timeout") + 1] == "30s"
    assert argv[argv.index("--header") + 1] == "Cookie: kakehashi_session=abc"
    assert argv[-1] == "http://127.0.0.1:8000/grading"


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200 if self.path == "/ok" else 302)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # wrk drops its connections mid-answer when its time is up


@pytest.fixture
def server_port() -> Iterator[int]:
    server = _Server(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.skipif(find_wrk() is None, reason="wrk is not installed (apt-get install wrk)")
@pytest.mark.parametrize(("path", "answered"), [("/ok", "requests"), ("/moved", "errors")])
def test_the_script_counts_statuses_in_a_real_wrk_run(server_port, path, answered):
    wrk = find_wrk()
    assert wrk is not None
    result = wrk_load(wrk)(server_port, Page("a page", path), {}, 1, 2)
    if answered == "requests":
        assert result.requests > 0
        assert result.error_count == 0
        assert result.median_ms is not None
    else:
        assert result.requests == 0
        assert set(result.errors) == {"HTTP 302"}
