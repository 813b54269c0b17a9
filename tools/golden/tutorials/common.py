"""Shared set-up of the tutorial ports: PyTorch 1.13 on Debian's reference BLAS, one thread.

Each tutorial script imports this first; it re-executes the script with LD_LIBRARY_PATH pointing at
the reference libblas3 (as tools/golden/digits_torch.py does) and checks that torch mapped it.
"""
import os
import sys

REF_BLAS = "/usr/lib/x86_64-linux-gnu/blas"
if os.environ.get("LD_LIBRARY_PATH") != REF_BLAS:
    os.environ["LD_LIBRARY_PATH"] = REF_BLAS
    os.execv(sys.executable, [sys.executable] + sys.argv)

import torch  # noqa: E402

torch.set_num_threads(1)
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
OUT_DIR = os.path.join(ROOT, "backend-cpu", "src", "test", "resources", "golden", "tutorials")


def blas_check():
    maps = open("/proc/self/maps").read()
    libs = sorted({line.split()[-1] for line in maps.splitlines() if "blas" in line})
    assert any(l.startswith(REF_BLAS + "/libblas.so") for l in libs), libs


class Tee:
    """Prints to stdout and collects the text, written to OUT_DIR/name at the end."""

    def __init__(self, name):
        self.name = name
        self.lines = []

    def __call__(self, *args):
        line = " ".join(str(a) for a in args)
        print(line)
        self.lines.append(line)

    def error(self, e):
        """An error as its type and the first line of its message (grad4j's may add a second: what it did)."""
        self(type(e).__name__ + ":", str(e).splitlines()[0])

    def section(self, title):
        self("### " + title)

    def write(self):
        blas_check()
        if "--write" in sys.argv:
            os.makedirs(OUT_DIR, exist_ok=True)
            with open(os.path.join(OUT_DIR, self.name), "w") as f:
                f.write("\n".join(self.lines) + "\n")
