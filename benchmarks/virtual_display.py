"""A private Xvfb display for the benchmarks that run a real window (imported from this folder)."""

import os
import subprocess


def start_xvfb(screen: str = "1600x1000x24") -> tuple[subprocess.Popen[bytes], str]:
    """Start Xvfb on a free display number; return the process and its DISPLAY value."""
    read_fd, write_fd = os.pipe()
    proc = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", screen, "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        return proc, ":" + pipe.readline().strip()
