"""Fetching a pinned package file from an index without pip: a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import hashlib
import http.server
import json
import threading
from pathlib import Path

import pytest

from interview_voice.modelstore.download import DownloadCancelled, DownloadError, Fetcher, IndexFile, IndexSettings

PAYLOAD = bytes(range(256)) * 4096  # 1 MiB
DIGEST = hashlib.sha256(PAYLOAD).hexdigest()
FILENAME = "demo_model_part1-1.0.0-py3-none-any.whl"


class _Index(http.server.BaseHTTPRequestHandler):
    """A tiny package index: the JSON simple API (or HTML), and the file, with Range support."""

    html = False
    cut_after: int | None = None  # drop the connection after this many bytes (once)
    ranges: list[str] = []

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 (the stdlib's name)
        if self.path == "/simple/demo-model-part1/":
            if self.html:
                body = f'<a href="/files/{FILENAME}#sha256={DIGEST}">{FILENAME}</a>'.encode()
                kind = "text/html"
            else:
                body = json.dumps(
                    {
                        "files": [
                            {
                                "filename": "demo_model_part1-0.9.0-py3-none-any.whl",
                                "url": "/files/old.whl",
                                "hashes": {"sha256": "0" * 64},
                            },
                            {
                                "filename": FILENAME,
                                "url": f"/files/{FILENAME}",
                                "hashes": {"sha256": DIGEST},
                                "size": len(PAYLOAD),
                            },
                        ]
                    }
                ).encode()
                kind = "application/vnd.pypi.simple.v1+json"
            self._send(200, body, kind)
        elif self.path == f"/files/{FILENAME}":
            start = 0
            if "Range" in self.headers:
                type(self).ranges.append(self.headers["Range"])
                start = int(self.headers["Range"].split("=")[1].rstrip("-"))
            body = PAYLOAD[start:]
            self.send_response(206 if start else 200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            cut = type(self).cut_after
            if cut is not None:
                type(self).cut_after = None
                self.wfile.write(body[:cut])
                self.wfile.flush()
                self.connection.shutdown(2)
                return
            self.wfile.write(body)
        else:
            self._send(404, b"not found", "text/plain")

    def _send(self, status: int, body: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def index():
    _Index.html, _Index.cut_after, _Index.ranges = False, None, []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Index)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def fetcher(url: str, *extra: str) -> Fetcher:
    return Fetcher(IndexSettings((f"{url}/simple", *extra)), timeout_s=5)


@pytest.mark.parametrize("html", [False, True], ids=["json api", "html api"])
def test_the_file_with_the_pinned_hash_is_found_downloaded_and_checked(index, tmp_path, html):
    _Index.html = html
    f = fetcher(index)
    found = f.find("demo_model.part1", "1.0.0", DIGEST)  # names are normalised as pip does
    assert found.filename == FILENAME
    seen = []
    path = f.download(found, DIGEST, tmp_path, progress=lambda done, total: seen.append((done, total)))
    assert path.read_bytes() == PAYLOAD and not (tmp_path / (FILENAME + ".part")).exists()
    assert seen[0][0] == 0 and seen[-1][0] == len(PAYLOAD) and seen[-1][1] == len(PAYLOAD)


def test_an_interrupted_download_resumes_where_it_stopped(index, tmp_path):
    f = fetcher(index)
    found = f.find("demo-model-part1", "1.0.0", DIGEST)
    _Index.cut_after = 300_000
    with pytest.raises(DownloadError, match="run it again to resume|broke off"):
        f.download(found, DIGEST, tmp_path)
    part = tmp_path / (FILENAME + ".part")
    assert 0 < part.stat().st_size < len(PAYLOAD)
    kept = part.stat().st_size
    path = f.download(found, DIGEST, tmp_path)
    assert path.read_bytes() == PAYLOAD
    assert _Index.ranges == [f"bytes={kept}-"], "only the missing bytes were asked for"


def test_cancel_stops_and_keeps_what_was_fetched(index, tmp_path):
    f = fetcher(index)
    found = f.find("demo-model-part1", "1.0.0", DIGEST)
    cancel = threading.Event()

    def progress(done, total):
        if done > 100_000:
            cancel.set()

    with pytest.raises(DownloadCancelled):
        f.download(found, DIGEST, tmp_path, progress, cancel)
    assert (tmp_path / (FILENAME + ".part")).stat().st_size > 100_000


def test_a_file_that_does_not_match_its_pin_is_refused_and_deleted(index, tmp_path):
    f = fetcher(index)
    wrong = "1" * 64
    with pytest.raises(DownloadError, match="pinned sha256"):
        f.find("demo-model-part1", "1.0.0", wrong)
    found = IndexFile(FILENAME, f"{index}/files/{FILENAME}", None)
    with pytest.raises(DownloadError, match="deleted"):
        f.download(found, wrong, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_project_and_an_unreachable_index_say_so(index, tmp_path):
    with pytest.raises(DownloadError, match="is not on"):
        fetcher(index).find("no-such-model", "1.0", DIGEST)
    with pytest.raises(DownloadError, match="Is this computer online.*HTTPS_PROXY.*PIP_INDEX_URL"):
        Fetcher(IndexSettings(("http://127.0.0.1:9/simple",)), timeout_s=2).find("demo-model-part1", "1.0.0", DIGEST)


def test_a_local_index_on_disk_is_read_too(tmp_path):
    files = tmp_path / "files"
    files.mkdir()
    (files / FILENAME).write_bytes(PAYLOAD)
    project = tmp_path / "simple" / "demo-model-part1"
    project.mkdir(parents=True)
    (project / "index.html").write_text(f'<a href="../../files/{FILENAME}#sha256={DIGEST}">{FILENAME}</a>')
    f = Fetcher(IndexSettings(("file:///nowhere/simple", (tmp_path / "simple").as_uri())))
    found = f.find("demo-model-part1", "1.0.0", DIGEST)
    out = tmp_path / "out"
    out.mkdir()
    assert f.download(found, DIGEST, out).read_bytes() == PAYLOAD


def test_index_and_proxy_come_from_pip_s_settings(tmp_path):
    conf = tmp_path / "pip.conf"
    conf.write_text(
        "[global]\nindex-url = https://mirror.example/simple\n"
        "extra-index-url = https://extra.example/simple file:///opt/simple\nproxy = http://proxy:3128\n"
    )
    from_file = IndexSettings.from_environment({}, [conf])
    assert from_file.indexes == ("https://mirror.example/simple", "https://extra.example/simple", "file:///opt/simple")
    assert from_file.proxy == "http://proxy:3128"
    from_env = IndexSettings.from_environment({"PIP_INDEX_URL": "https://env.example/simple"}, [conf])
    assert from_env.indexes[0] == "https://env.example/simple"
    assert IndexSettings.from_environment({}, []).indexes == ("https://pypi.org/simple",)


def test_models_install_goes_through_the_fetcher(index, tmp_path, monkeypatch):
    from interview_voice.modelstore import install
    from interview_voice.modelstore.manifest import PackagePin

    monkeypatch.setenv("PIP_INDEX_URL", f"{index}/simple")
    monkeypatch.setenv("PIP_CONFIG_FILE", str(tmp_path / "none.conf"))
    messages: list[str] = []
    wheel = install._download(PackagePin("demo-model-part1", "1.0.0", DIGEST), tmp_path, messages.append)
    assert Path(wheel).read_bytes() == PAYLOAD
    assert messages[-1] == "downloading demo-model-part1==1.0.0: 1 of 1 MB"
