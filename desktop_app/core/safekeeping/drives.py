"""Is the database on this PC's own disk? SQLite's locking and its guarantee that a commit survives
a power cut both rely on the local file system: on a network share (SMB, NFS) locks can be lost,
and a USB stick pulled out (or a cheap one that lies about flushing) leaves a torn file.

The detection is plain functions over what the OS reports (``/proc/mounts`` and ``/sys`` on
Linux, ``GetDriveTypeW`` on Windows), so tests drive them with fake tables. macOS: not checked.
"""

from __future__ import annotations

import ntpath
import os
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path

from desktop_app.core.errors import StoreError

# File systems reached over a network (as /proc/mounts names them).
NETWORK_FILESYSTEMS = frozenset({
    "nfs", "nfs4", "cifs", "smb", "smbfs", "smb2", "smb3", "sshfs", "fuse.sshfs", "afs",
    "ncpfs", "9p", "glusterfs", "fuse.glusterfs", "ceph", "fuse.ceph", "lustre", "davfs",
    "fuse.davfs2", "fuse.rclone", "fuse.s3fs", "fuse.gvfsd-fuse", "fuse.smbnetfs",
})  # fmt: skip

# GetDriveTypeW results (winbase.h).
DRIVE_REMOVABLE, DRIVE_REMOTE = 2, 4


class DriveKind(StrEnum):
    LOCAL = "local"
    NETWORK = "network"
    REMOVABLE = "removable"


# --- Linux ----------------------------------------------------------------------------------------


def _unescape_mount(field: str) -> str:
    r"""/proc/mounts writes a space as \040, a tab as \011, a backslash as \134."""
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(code, char)
    return field


def mount_of(path: str, mounts_text: str) -> tuple[str, str, str] | None:
    """(device, mount point, file system type) of the mount holding ``path`` (an absolute,
    resolved path): the longest mount point that contains it, the last one mounted winning."""
    best: tuple[str, str, str] | None = None
    for line in mounts_text.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        device, point, fstype = _unescape_mount(fields[0]), _unescape_mount(fields[1]), fields[2]
        inside = point in ("/", path) or path.startswith(point.rstrip("/") + "/")
        if inside and (best is None or len(point) >= len(best[1])):
            best = (device, point, fstype)
    return best


def _is_removable_block_device(device: str, sys_root: Path) -> bool:
    """A USB stick or an SD card: ``/sys/block/<disk>/removable`` is 1, or the disk hangs off USB
    (a USB hard disk says removable=0). ``sdb1`` is a partition of ``sdb``."""
    if not device.startswith("/dev/"):
        return False
    name = Path(os.path.realpath(device) if sys_root == Path("/sys") else device).name
    block = sys_root / "class" / "block" / name
    try:
        disk = block.resolve().parent.name if (block / "partition").exists() else name
        disk_dir = sys_root / "block" / disk
        if (disk_dir / "removable").read_text().strip() == "1":
            return True
        return "/usb" in str(disk_dir.resolve())
    except OSError:
        return False


def linux_drive_kind(path: str, mounts_text: str, sys_root: Path = Path("/sys")) -> DriveKind:
    mount = mount_of(path, mounts_text)
    if mount is None:
        return DriveKind.LOCAL
    device, _point, fstype = mount
    if fstype in NETWORK_FILESYSTEMS or fstype.startswith(("nfs", "smb", "fuse.sshfs")):
        return DriveKind.NETWORK
    if device.startswith("//") or (":" in device and fstype.startswith("fuse")):
        return DriveKind.NETWORK  # //server/share, host:/path
    if _is_removable_block_device(device, sys_root):
        return DriveKind.REMOVABLE
    return DriveKind.LOCAL


# --- Windows --------------------------------------------------------------------------------------


def windows_drive_kind(path: str, drive_type: Callable[[str], int]) -> DriveKind:
    r"""``\\server\share\…`` (also written ``\\?\UNC\server\share\…``) is a network share; a
    drive letter is asked of Windows (a mapped network drive is DRIVE_REMOTE)."""
    text = path.replace("/", "\\")
    if text.upper().startswith("\\\\?\\UNC\\"):
        return DriveKind.NETWORK
    if text.startswith(("\\\\?\\", "\\\\.\\")):
        text = text[4:]
    drive, _rest = ntpath.splitdrive(text)
    if drive.startswith("\\\\"):
        return DriveKind.NETWORK
    if not drive:
        return DriveKind.LOCAL
    kind = drive_type(drive + "\\")
    if kind == DRIVE_REMOTE:
        return DriveKind.NETWORK
    if kind == DRIVE_REMOVABLE:
        return DriveKind.REMOVABLE
    return DriveKind.LOCAL


def _get_drive_type(root: str) -> int:
    if sys.platform == "win32":
        import ctypes

        return int(ctypes.windll.kernel32.GetDriveTypeW(ctypes.c_wchar_p(root)))
    return 0


# --- this machine ---------------------------------------------------------------------------------


def _existing_ancestor(path: Path) -> Path:
    """A new database's folder may not exist yet: ask about the nearest one that does."""
    current = path.absolute()
    while not current.exists() and current.parent != current:
        current = current.parent
    return current.resolve()


def drive_kind(path: Path | str) -> DriveKind:
    """Where ``path`` (or the file that would be created there) lives, on this machine."""
    if sys.platform == "win32":
        text = str(path)
        if text.startswith(("\\\\", "//")):
            return windows_drive_kind(text, _get_drive_type)
        return windows_drive_kind(str(_existing_ancestor(Path(path))), _get_drive_type)
    if sys.platform.startswith("linux"):
        try:
            mounts = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return DriveKind.LOCAL
        return linux_drive_kind(str(_existing_ancestor(Path(path))), mounts)
    return DriveKind.LOCAL


def refusal(kind: DriveKind, path: Path | str) -> StoreError | None:
    """The clerk's explanation for a database that must not be used where it is."""
    if kind is DriveKind.NETWORK:
        return StoreError.of("drive.network", code="network_drive", path=path)
    if kind is DriveKind.REMOVABLE:
        return StoreError.of("drive.removable", code="removable_drive", path=path)
    return None


def check_local_drive(path: Path | str) -> None:
    """Raise ``StoreError`` (``network_drive`` / ``removable_drive``) unless ``path`` is local."""
    problem = refusal(drive_kind(path), path)
    if problem is not None:
        raise problem
