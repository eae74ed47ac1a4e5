"""Digital collectibles on this machine: claim latency, kiosks claiming at once, the QR
payload, verification times.

Run: ``.venv/bin/python benchmarks/collection.py``.

A copy of the showroom with the kettle collectible, a fresh issuer key and ledger in a
temporary folder. Claims: 200 one after another (one process), then 1,000 from 4 processes
at once on one database with an edition of 1,000 (then 40 more, all refused), checked for
distinct serials and audited. Verification: the take-home package (model hash and
signature) and the poster's QR code (read from the PNG, then the signature). Wall clock.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
if str(HERE) in sys.path:
    sys.path.remove(str(HERE))  # this folder has a guide.py of its own
sys.path.insert(0, str(REPO))

PASSPHRASE = "benchmark passphrase"


def _exhibition(folder: Path, edition: int, public: str) -> Path:
    shutil.copytree(REPO / "scenes", folder)
    scene = folder / "showroom.vitrine.yaml"
    text = scene.read_text(encoding="utf-8").replace(
        "  - id: kettle\n", f"  - id: kettle\n    collectible: {{edition: {edition}}}\n", 1
    )
    scene.write_text(text + f"collection:\n  public_key: {public}\n", encoding="utf-8")
    return scene


def claims(scene: str, key: str, ledger: str, count: int) -> list[tuple[int | str, float]]:
    """``count`` claims, each with its latency in seconds (a serial, or why it was refused)."""
    from app.collection import ClaimRefused, Ledger, load_private_key
    from app.collection.issuing import claim_copy
    from app.scene import load_scene

    document = load_scene(Path(scene))
    private = load_private_key(Path(key), PASSPHRASE)
    book = Ledger(Path(ledger))
    out: list[tuple[int | str, float]] = []
    for _ in range(count):
        start = time.perf_counter()
        try:
            claim = claim_copy(document.scene, document.base_dir, "kettle", private, book)
            out.append((claim.signed.certificate.serial, time.perf_counter() - start))
        except ClaimRefused as exc:
            out.append((exc.kind, time.perf_counter() - start))
    return out


def main() -> None:
    from PIL import Image

    from app.collection import Genuine, Ledger, generate_key, verify
    from app.collection.issuing import collectible_model
    from app.collection.package import verify_package, write_package
    from app.collection.poster import make_poster, qr_version, read_qr
    from app.scene import load_scene

    root = Path(tempfile.mkdtemp(prefix="vitrine-collection-"))
    pem, public = generate_key(PASSPHRASE)
    key = root / "issuer.pem"
    key.write_bytes(pem)

    scene = _exhibition(root / "one", 10_000, public)
    single = claims(str(scene), str(key), str(root / "one.sqlite"), 200)
    ms = sorted(1000 * t for _, t in single)
    print(f"claim latency, one process, 200 claims: median {statistics.median(ms):.1f} ms, "
          f"95th percentile {ms[int(len(ms) * 0.95)]:.1f} ms")  # fmt: skip

    scene = _exhibition(root / "four", 1000, public)
    ledger = root / "four.sqlite"
    start = time.perf_counter()
    with ProcessPoolExecutor(4, mp_context=get_context("spawn")) as pool:
        batches = list(pool.map(claims, [str(scene)] * 4, [str(key)] * 4, [str(ledger)] * 4,
                                [260] * 4))  # fmt: skip
    wall = time.perf_counter() - start
    serials = [s for batch in batches for s, _ in batch if isinstance(s, int)]
    refused = [s for batch in batches for s, _ in batch if not isinstance(s, int)]
    times = sorted(1000 * t for batch in batches for s, t in batch if isinstance(s, int))
    document = load_scene(scene)
    started = time.perf_counter()
    report = Ledger(ledger).audit(public, {"kettle": 1000})
    audit_s = time.perf_counter() - started
    print(f"4 processes, 1,040 claims on an edition of 1,000 in {wall:.1f} s: "
          f"{len(serials)} granted, {len(set(serials))} distinct serials, "
          f"highest {max(serials)}, {len(refused)} refused ({set(refused)}); "
          f"latency under contention median {statistics.median(times):.1f} ms, "
          f"95th percentile {times[int(len(times) * 0.95)]:.1f} ms; "
          f"audit of {report.rows} rows: {'chain verified' if report.ok else report.problems[0]} "
          f"in {audit_s:.2f} s")  # fmt: skip

    signed = Ledger(ledger).certificates()[0]
    text = signed.text()
    print(f"certificate: {len(text.encode())} bytes as text "
          f"({len(signed.certificate.payload())} bytes of fields + 64 of signature), "
          f"QR version {qr_version(text)} at error correction M")  # fmt: skip
    model = collectible_model(document.scene.exhibit("kettle"), document.base_dir)
    package = write_package(root / "kettle.vitrine-collectible", signed, model, None, None)
    make_poster(signed, Image.new("RGB", (960, 720), (200, 200, 205))).save(root / "poster.png")
    runs = []
    for _ in range(20):
        start = time.perf_counter()
        assert isinstance(verify_package(package, {public}), Genuine)
        runs.append(time.perf_counter() - start)
    print(f"verify a package ({package.stat().st_size // 1024} KB): "
          f"median {1000 * statistics.median(runs):.1f} ms")  # fmt: skip
    runs = []
    for _ in range(20):
        start = time.perf_counter()
        assert isinstance(verify(read_qr(root / "poster.png"), {public}), Genuine)
        runs.append(time.perf_counter() - start)
    print(f"verify the poster's QR code (1080x1440 PNG): median "
          f"{1000 * statistics.median(runs):.1f} ms")  # fmt: skip
    shutil.rmtree(root, ignore_errors=True)
    os._exit(0)


if __name__ == "__main__":
    main()
