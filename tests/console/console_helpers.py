"""Helpers for the console's tests (the fixtures are in conftest.py)."""

from __future__ import annotations

import re
from typing import Any

import requests

STAFF_PASSWORD = "mật khẩu cán bộ 1"
SCHOOL_PASSWORD = "mật khẩu trường 1"
SCHOOLS = {
    "66001": ("Trường THCS Lê Lợi", "6601", "THCS"),
    "66002": ("Trường TH Hòa Bình", "6601", "TH"),
    "66101": ("Trường THCS Ea Kar", "6602", "THCS"),
}
STAFF = {
    "lan": ("Nguyễn Thị Lan", "reviewer", "6601"),
    "binh": ("Trần Văn Bình", "statistician", "6601"),
    "kha": ("Lê Văn Kha", "reviewer", "6602"),
    "so": ("Phạm Thu Sở", "admin", "66"),
}


def make_district(server: Any) -> None:
    from sync.server import accounts, auth

    store = server.store
    accounts.add_unit(store, "66", name="Tỉnh Đắk Lắk")
    accounts.add_unit(store, "6601", name="Huyện Krông Bông", parent="66")
    accounts.add_unit(store, "6602", name="Huyện Ea Kar", parent="66")
    for code, (name, unit, level) in SCHOOLS.items():
        auth.add_school(store, code, name=name, username="clerk", password=SCHOOL_PASSWORD,
                        unit=unit, level=level)  # fmt: skip
    for username, (full_name, role, unit) in STAFF.items():
        accounts.add_user(store, username, full_name=full_name, role=role, unit=unit,
                          password=STAFF_PASSWORD)  # fmt: skip


CSRF = re.compile(r'name="csrf" value="([^"]+)"')


class Console:
    """A browser-like client of the console: cookies kept, no redirects followed unless asked."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.http = requests.Session()

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("allow_redirects", False)
        return self.http.get(self.url + path, timeout=30, **kwargs)

    def post(self, path: str, data: Any = None, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("allow_redirects", False)
        return self.http.post(self.url + path, data=data, timeout=30, **kwargs)

    def login(self, username: str, password: str = STAFF_PASSWORD) -> requests.Response:
        return self.post("/console/login", {"username": username, "password": password})

    def csrf(self, path: str = "/console/") -> str:
        page = self.get(path)
        assert page.status_code == 200, page.text
        found = CSRF.search(page.text)
        assert found, "no CSRF field on the page"
        return found.group(1)
