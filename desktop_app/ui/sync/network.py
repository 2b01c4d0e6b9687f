"""Is the sync server reachable now? A light watcher: every ``interval_ms`` (and at once when the
operating system says the network came back) one ``GET /api/v1/health`` on the network worker.

The operating system's own reachability (``QNetworkInformation``) is not enough: a school's PC is
often "online" on a LAN whose uplink is down, or behind a proxy that lets nothing through. It is
used only as a hint: to probe at once when it changes. "Online" means one thing only: there is a
sync account and its server answered (``state()``: "no_account", "checking", "online",
"offline").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from desktop_app.ui.common.jobs import current_job, run_network_job

# QtNetwork and the sync package's HTTP client (requests) load when the watcher starts and when
# it probes: the window shows without them (issue 19).
if TYPE_CHECKING:
    from PySide6.QtNetwork import QNetworkInformation

PROBE_INTERVAL_MS = 45_000
PROBE_TIMEOUT_S = 5.0
# What the status bar says: no sync account; an account whose server was not asked yet; the
# server answered; it did not (no network, or the server is down).
NO_ACCOUNT, CHECKING, ONLINE, OFFLINE = "no_account", "checking", "online", "offline"

# (endpoint, CA bundle) of the server to probe, or None when there is no sync account.
Target = Callable[[], tuple[str, str | None] | None]


def server_answers(endpoint: str, *, ca_bundle: str | None = None, timeout: float) -> bool:
    """``sync.health.server_answers``, loaded (with requests) on the first probe."""
    from sync.health import server_answers as answers

    return answers(endpoint, ca_bundle=ca_bundle, timeout=timeout)


def _os_reachability() -> QNetworkInformation | None:
    from PySide6.QtNetwork import QNetworkInformation

    try:
        if QNetworkInformation.loadBackendByFeatures(QNetworkInformation.Feature.Reachability):
            return QNetworkInformation.instance()
    except RuntimeError:  # no backend plugin in this build
        pass
    return None


class NetworkWatcher(QObject):
    """``online`` is True, False, or None (not known yet). ``onlineChanged(bool)`` when it changes;
    ``cameOnline`` when it goes from False to True (the moment to retry a sync); ``probed(bool)``
    after each probe's answer."""

    onlineChanged = Signal(bool)
    cameOnline = Signal()
    probed = Signal(bool)

    def __init__(
        self,
        target: Target,
        *,
        interval_ms: int = PROBE_INTERVAL_MS,
        busy: Callable[[], bool] = lambda: False,
        timeout_s: float = PROBE_TIMEOUT_S,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._target = target
        self._busy = busy
        self._timeout = timeout_s
        self.online: bool | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.probe)
        self._info: QNetworkInformation | None = None
        self._info_loaded = False

    def _load_os_reachability(self) -> None:
        """The operating system's hint, asked for once (it loads QtNetwork and its backend)."""
        if self._info_loaded:
            return
        self._info_loaded = True
        self._info = _os_reachability()
        if self._info is not None:
            self._info.reachabilityChanged.connect(self._os_changed)

    def start(self) -> None:
        """Probe now, then every interval."""
        self._load_os_reachability()
        self.timer.start()
        self.probe()

    def stop(self) -> None:
        self.timer.stop()

    def os_online(self) -> bool:
        """What the operating system says (unknown counts as offline)."""
        self._load_os_reachability()
        if self._info is None:
            return False
        from PySide6.QtNetwork import QNetworkInformation

        return self._info.reachability() == QNetworkInformation.Reachability.Online

    def is_online(self) -> bool:
        """True only when there is a sync account and its server answered the last probe (or
        sync); never on the operating system's word alone."""
        return self.state() == ONLINE

    def state(self) -> str:
        """``NO_ACCOUNT``, ``CHECKING`` (no answer yet), ``ONLINE`` or ``OFFLINE``."""
        if self._target() is None:
            return NO_ACCOUNT
        if self.online is None:
            return CHECKING
        return ONLINE if self.online else OFFLINE

    def is_probing(self) -> bool:
        return current_job(self) is not None

    @Slot()
    def probe(self) -> bool:
        """Ask the server once, unless a probe or a sync is under way; True if a probe started."""
        target = self._target()
        if target is None:
            self.online = None
            self.onlineChanged.emit(self.os_online())
            return False
        if self._busy():
            return False
        endpoint, ca_bundle = target
        timeout = self._timeout
        job = run_network_job(
            self,
            lambda _state: server_answers(endpoint, ca_bundle=ca_bundle, timeout=timeout),
            self._answered,
            lambda _exc: self._answered(False),
        )
        return job is not None  # None: a probe is under way

    def set_online(self, online: bool, *, announce_return: bool = True) -> None:
        """Record what is known now (a probe, or a sync that reached the server or not).
        ``cameOnline`` only for a return seen by a probe: a sync that just ended does not start
        another one."""
        before = self.online
        self.online = online
        if before != online:
            self.onlineChanged.emit(online)
        if online and before is False and announce_return:
            self.cameOnline.emit()

    @Slot(object)
    def _answered(self, up: object) -> None:
        if self._target() is None:  # logged out while the probe ran
            return
        self.set_online(bool(up))
        self.probed.emit(bool(up))

    def _os_changed(self, _reachability: QNetworkInformation.Reachability) -> None:
        if self._target() is None:
            self.onlineChanged.emit(self.os_online())
        else:
            self.probe()
