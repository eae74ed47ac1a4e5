"""``vitrine collection``: issuer keys, claiming copies, verifying and auditing them, opening
a take-home collectible."""

from __future__ import annotations

import argparse
import getpass
import io
import os
import sys
import tempfile
from pathlib import Path

from app.collection import (
    CollectionError,
    Genuine,
    Ledger,
    SignedCertificate,
    default_key_path,
    generate_key,
    load_private_key,
    verify,
)
from app.collection.issuing import (
    claim_copy,
    collectible_model,
    default_ledger_path,
    details,
    editions,
)
from app.collection.package import SUFFIX, read_package, verify_package, write_package
from app.scene import SceneDocument, load_scene

__all__ = ["add_collection_commands", "run_collection"]

EXIT_OK, EXIT_REFUSED = 0, 1


def add_collection_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    collection = commands.add_parser(
        "collection", help="digital collectibles: keys, claims, checks"
    )
    actions = collection.add_subparsers(dest="collection_command", metavar="ACTION", required=True)
    keygen = actions.add_parser("keygen", help="make the exhibition's issuer key pair")
    keygen.add_argument("scene", type=Path)
    keygen.add_argument("--key", type=Path, help="where to keep the private key (outside the "
                        "exhibition folder; default: your config folder)")  # fmt: skip
    keygen.add_argument("--force", action="store_true", help="replace an existing key")
    claim = actions.add_parser("claim", help="collect the next copy of an exhibit")
    claim.add_argument("scene", type=Path)
    claim.add_argument("exhibit")
    claim.add_argument("--name", default="", help="the holder's name, printed on it (optional)")
    claim.add_argument("--out", type=Path, required=True, help="folder for the poster and file")
    claim.add_argument("--key", type=Path, help="the issuer's private key (default: keygen's)")
    claim.add_argument("--ledger", type=Path, help="the claims database (default: per exhibition)")
    check = actions.add_parser("verify", help="check a .vitrine-collectible file or a QR image")
    check.add_argument("file", type=Path)
    check.add_argument(
        "--trust",
        action="append",
        metavar="KEY",
        help="an issuer public key to trust (repeatable); others are refused",
    )
    audit = actions.add_parser("audit", help="re-check every claim of an exhibition")
    audit.add_argument("scene", type=Path)
    audit.add_argument("--ledger", type=Path, help="the claims database (default: per exhibition)")
    show = actions.add_parser("open", help="show a collectible on a turntable with its certificate")
    show.add_argument("file", type=Path)


def run_collection(args: argparse.Namespace) -> int:
    action = args.collection_command
    return {"keygen": _keygen, "claim": _claim, "verify": _verify, "audit": _audit,
            "open": _open}[action](args)  # fmt: skip


def _passphrase(confirm: bool) -> str:
    given = os.environ.get("VITRINE_ISSUER_PASSPHRASE")
    if given:
        return given
    if not sys.stdin.isatty():
        raise CollectionError("no passphrase: set VITRINE_ISSUER_PASSPHRASE or run in a terminal")
    first = getpass.getpass("Issuer key passphrase: ")
    if confirm and getpass.getpass("Again: ") != first:
        raise CollectionError("the two passphrases differ")
    return first


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def _keygen(args: argparse.Namespace) -> int:
    from ruamel.yaml.comments import CommentedMap

    document = load_scene(args.scene)
    key_path: Path = args.key or default_key_path(args.scene)
    if _inside(key_path, document.base_dir):
        raise CollectionError(f"{key_path}: keep the private key outside the exhibition folder "
                              "(it is copied to kiosks and shared)")  # fmt: skip
    if key_path.exists() and not args.force:
        raise CollectionError(f"{key_path} already exists: its copies could no longer be "
                              "issued without it; pass --force to replace it")  # fmt: skip
    pem, public = generate_key(_passphrase(confirm=True))
    key_path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as stream:
        stream.write(pem)
    tree = document.source.document
    if tree.get("collection") is None:
        tree["collection"] = CommentedMap()
    document.set_value(("collection", "public_key"), public)
    document.save()
    print(f"private key: {key_path} (passphrase-protected; back it up)")
    print(f"public key written to {args.scene}: {public}")
    return EXIT_OK


def _claim(args: argparse.Namespace) -> int:
    document = load_scene(args.scene)
    key = load_private_key(args.key or default_key_path(args.scene), _passphrase(confirm=False))
    ledger = Ledger(args.ledger or default_ledger_path(args.scene))
    claim = claim_copy(document.scene, document.base_dir, args.exhibit, key, ledger, args.name)
    cert = claim.signed.certificate
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    poster_png, thumb_png = _poster(document, claim.signed)
    stem = f"{cert.exhibit}-{cert.serial:0{max(3, len(str(cert.edition)))}d}"
    poster = out / f"{stem}-poster.png"
    poster.write_bytes(poster_png)
    exhibit = document.scene.exhibit(cert.exhibit)
    model = collectible_model(exhibit, document.base_dir)
    package = write_package(out / f"{stem}{SUFFIX}", claim.signed, model, thumb_png, poster_png,
                            details(document.scene, exhibit))  # fmt: skip
    print(f"{cert.title}: {cert.number}")
    print(f"wrote {poster} and {package}")
    return EXIT_OK


def _poster(document: SceneDocument, signed: SignedCertificate) -> tuple[bytes, bytes | None]:
    """The poster (with a render of the object, when one can be made here) and the render."""
    from PIL import Image

    from app.collection.poster import make_poster

    exhibit = document.scene.exhibit(signed.certificate.exhibit)
    render = None
    block = exhibit.collectible
    if block is not None and block.thumbnail:
        from app.scene import resolve_asset

        render = Image.open(resolve_asset(block.thumbnail, document.base_dir)).convert("RGB")
    else:
        render = _product_shot(document, exhibit.id)
    font = _font_file()
    poster = make_poster(signed, render, font)
    buffer = io.BytesIO()
    poster.save(buffer, "PNG")
    thumb = None
    if render is not None:
        small = render.copy()
        small.thumbnail((512, 512))
        stream = io.BytesIO()
        small.save(stream, "PNG")
        thumb = stream.getvalue()
    return buffer.getvalue(), thumb


def _product_shot(document: SceneDocument, exhibit_id: str):  # type: ignore[no-untyped-def]
    """The exhibit's close-up, without its hotspot markers (None where no renderer opens)."""
    from PIL import Image

    from app.errors import RenderError
    from app.render import open_offscreen
    from app.visit.still import render_still

    try:
        base = open_offscreen(1280, 960)
    except RenderError as exc:
        print(f"warning: no render for the poster ({exc})", file=sys.stderr)
        return None
    try:
        with tempfile.TemporaryDirectory() as folder:
            shot = Path(folder) / "shot.png"
            render_still(base, document, shot, f"exhibit:{exhibit_id}", markers=False)
            return Image.open(shot).convert("RGB")
    finally:
        base.destroy()


def _font_file() -> Path | None:
    from app.render.fonts import find_cjk_font_file

    return find_cjk_font_file()


def _describe(cert: object) -> str:
    from datetime import datetime

    c = cert  # a Certificate
    when = datetime.fromtimestamp(c.issued).strftime("%Y-%m-%d %H:%M")  # type: ignore[attr-defined]
    holder = f", held by {c.holder}" if c.holder else ""  # type: ignore[attr-defined]
    return f"{c.title} {c.number}, issued by {c.issuer} on {when}{holder}"  # type: ignore[attr-defined]


def _verify(args: argparse.Namespace) -> int:
    path: Path = args.file
    trusted = set(args.trust) if args.trust else None
    if path.suffix.lower() in (".png", ".jpg", ".jpeg"):
        from app.collection.poster import read_qr

        try:
            verdict = verify(read_qr(path), trusted)
        except CollectionError as exc:
            print(f"NOT genuine: {exc}")
            return EXIT_REFUSED
    else:
        verdict = verify_package(path, trusted)
    if isinstance(verdict, Genuine):
        trust = "trusted issuer" if verdict.trusted else "issuer key inside it"
        print(f"genuine ({trust}): {_describe(verdict.certificate)}")
        return EXIT_OK
    print(f"NOT genuine: {verdict.reason}")
    return EXIT_REFUSED


def _audit(args: argparse.Namespace) -> int:
    document = load_scene(args.scene)
    collection = document.scene.collection
    if collection is None or collection.public_key is None:
        raise CollectionError("the scene has no collection.public_key to check claims against")
    ledger = Ledger(args.ledger or default_ledger_path(args.scene))
    report = ledger.audit(collection.public_key, editions(document.scene))
    for problem in report.problems:
        print(problem)
    if report.ok:
        print(f"{report.rows} claims: the chain and every signature check out")
        return EXIT_OK
    print(f"{report.rows} claims; the first bad row is row {report.first_bad}")
    return EXIT_REFUSED


def _open(args: argparse.Namespace) -> int:
    """Verify the file, then show its object alone on a turntable with its certificate."""
    verdict = verify_package(args.file)
    package = read_package(args.file)
    cert = package.signed.certificate
    status = (f"Genuine: signed by {cert.issuer}" if isinstance(verdict, Genuine)
              else f"NOT genuine: {verdict.reason}")  # fmt: skip
    print(f"{status}\n{_describe(cert)}")
    folder = Path(tempfile.mkdtemp(prefix="vitrine-collectible-"))
    (folder / package.model_name).write_bytes(package.model)
    from app.collection.viewer import viewer_scene

    scene_path = folder / "collectible.vitrine.yaml"
    scene_path.write_text(viewer_scene(cert, package.model_name, status), encoding="utf-8")
    from app.shell.app import run_app

    return run_app(load_scene(scene_path))
