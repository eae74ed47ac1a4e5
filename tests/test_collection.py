"""Digital collectibles: keys, claims, the ledger's chain, certificates, packages, QR codes;
every kind of tampering the issue names, sold-out editions, a damaged database and kiosks
claiming at once from several processes."""

from __future__ import annotations

import base64
import json
import shutil
import sqlite3
import zipfile
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import pytest
from PIL import Image

from app.collection import (
    ClaimRefused,
    CollectionError,
    Genuine,
    Ledger,
    Refused,
    SignedCertificate,
    generate_key,
    load_private_key,
    verify,
)
from app.collection.issuing import claim_copy, collectible_model, editions
from app.collection.package import verify_package, write_package
from app.collection.poster import make_poster, qr_image, qr_version, read_qr
from app.scene import load_scene

PASSPHRASE = "correct horse battery"
REPO = Path(__file__).resolve().parents[1]


def _exhibition(tmp_path: Path, block: str = "{edition: 5}", key: str | None = None) -> Path:
    folder = tmp_path / "show"
    shutil.copytree(REPO / "scenes", folder)
    scene = folder / "showroom.vitrine.yaml"
    text = scene.read_text(encoding="utf-8")
    text = text.replace("  - id: kettle\n", f"  - id: kettle\n    collectible: {block}\n", 1)
    if key is not None:
        text += f"collection:\n  issuer: Test Museum\n  public_key: {key}\n"
    scene.write_text(text, encoding="utf-8")
    return scene


@pytest.fixture(scope="module")
def issuer(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("issuer")
    pem, public = generate_key(PASSPHRASE)
    (folder / "issuer.pem").write_bytes(pem)
    return folder / "issuer.pem", public


def _claim(
    scene_path: Path, key_path: Path, ledger: Path, holder: str = "", now: float | None = None
):  # type: ignore[no-untyped-def]
    document = load_scene(scene_path)
    key = load_private_key(key_path, PASSPHRASE)
    return claim_copy(document.scene, document.base_dir, "kettle", key, Ledger(ledger), holder, now)


def test_the_private_key_needs_its_passphrase(issuer: tuple[Path, str]) -> None:
    key_path, public = issuer
    assert load_private_key(key_path, PASSPHRASE) is not None
    with pytest.raises(CollectionError, match="wrong passphrase"):
        load_private_key(key_path, "not the passphrase")
    with pytest.raises(CollectionError, match="at least 8"):
        generate_key("short")
    assert len(base64.b64decode(public)) == 32


def test_claims_count_up_and_stop_at_the_edition(tmp_path: Path, issuer: tuple[Path, str]) -> None:
    key_path, public = issuer
    scene = _exhibition(tmp_path, "{edition: 3}", public)
    ledger = tmp_path / "claims.sqlite"
    numbers = [_claim(scene, key_path, ledger, "Ann").signed.certificate for _ in range(3)]
    assert [c.serial for c in numbers] == [1, 2, 3]
    assert numbers[0].number == "No. 001/3" and numbers[0].holder == "Ann"
    assert numbers[0].issuer == "Test Museum"
    with pytest.raises(ClaimRefused) as refused:
        _claim(scene, key_path, ledger)
    assert refused.value.kind == "sold-out" and "all 3 copies" in str(refused.value)
    assert Ledger(ledger).audit(public, {"kettle": 3}).ok


def test_the_release_window_is_kept(tmp_path: Path, issuer: tuple[Path, str]) -> None:
    from datetime import datetime

    key_path, public = issuer
    scene = _exhibition(tmp_path, "{edition: 9, opens: 2030-01-01, closes: 2030-02-01}", public)
    ledger = tmp_path / "claims.sqlite"
    before = datetime(2029, 12, 31, 23, 0).timestamp()
    with pytest.raises(ClaimRefused) as early:
        _claim(scene, key_path, ledger, now=before)
    assert early.value.kind == "not-open" and "2030-01-01" in str(early.value)
    during = datetime(2030, 1, 15).timestamp()
    assert _claim(scene, key_path, ledger, now=during).signed.certificate.serial == 1
    with pytest.raises(ClaimRefused) as late:
        _claim(scene, key_path, ledger, now=datetime(2030, 2, 1, 0, 1).timestamp())
    assert late.value.kind == "closed"


def test_a_key_that_is_not_the_exhibitions_cannot_issue(
    tmp_path: Path, issuer: tuple[Path, str]
) -> None:
    key_path, _ = issuer
    _, other_public = generate_key(PASSPHRASE)
    scene = _exhibition(tmp_path, key=other_public)
    with pytest.raises(CollectionError, match="does not belong to the exhibition"):
        _claim(scene, key_path, tmp_path / "claims.sqlite")
    bare = _exhibition(tmp_path / "bare")
    with pytest.raises(CollectionError, match="collection keygen"):
        _claim(bare, key_path, tmp_path / "claims.sqlite")


def _tampered(signed: SignedCertificate, **changes: object) -> SignedCertificate:
    fields = json.loads(signed.certificate.payload())
    fields.update(changes)
    return SignedCertificate(type(signed.certificate)(**fields), signed.signature)


def test_a_changed_certificate_or_a_foreign_key_fails(
    tmp_path: Path, issuer: tuple[Path, str]
) -> None:
    key_path, public = issuer
    scene = _exhibition(tmp_path, key=public)
    signed = _claim(scene, key_path, tmp_path / "claims.sqlite", "Ann").signed
    assert isinstance(verify(signed), Genuine)
    assert isinstance(verify(signed, {public}), Genuine)
    assert SignedCertificate.from_text(signed.text()) == signed, "the text form round-trips"
    for change in ({"serial": 2}, {"holder": "Bob"}, {"edition": 50}, {"exhibit": "lamp"}):
        verdict = verify(_tampered(signed, **change))
        assert isinstance(verdict, Refused) and "signature does not match" in verdict.reason
    # a forger re-signs with their own key and puts it in: genuine only without a trust list
    other_pem, other_public = generate_key(PASSPHRASE)
    (tmp_path / "other.pem").write_bytes(other_pem)
    from app.collection import sign

    own = sign(_tampered(signed, key=other_public).certificate,
               load_private_key(tmp_path / "other.pem", PASSPHRASE))  # fmt: skip
    assert isinstance(verify(own), Genuine), "a self-consistent forgery, without a trust list"
    verdict = verify(own, {public})
    assert isinstance(verdict, Refused) and "not in the trusted list" in verdict.reason
    with pytest.raises(CollectionError, match="VTC1"):
        SignedCertificate.from_text("https://example.com/nft/17")


def test_the_package_carries_the_model_and_a_changed_model_fails(
    tmp_path: Path, issuer: tuple[Path, str]
) -> None:
    key_path, public = issuer
    scene = _exhibition(tmp_path, key=public)
    signed = _claim(scene, key_path, tmp_path / "claims.sqlite").signed
    document = load_scene(scene)
    model = collectible_model(document.scene.exhibit("kettle"), document.base_dir)
    package = write_package(tmp_path / "kettle-1.vitrine-collectible", signed, model, None, None)
    assert isinstance(verify_package(package, {public}), Genuine)
    changed = tmp_path / "changed.vitrine-collectible"
    with zipfile.ZipFile(package) as source, zipfile.ZipFile(changed, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.startswith("model/"):
                data = data[:-4] + b"\x00\x00\x00\x00"
            target.writestr(info, data)
    verdict = verify_package(changed)
    assert isinstance(verdict, Refused) and "model inside" in verdict.reason
    (tmp_path / "junk.vitrine-collectible").write_bytes(b"not a zip at all")
    verdict = verify_package(tmp_path / "junk.vitrine-collectible")
    assert isinstance(verdict, Refused) and "not a zip" in verdict.reason


def test_the_qr_code_on_the_poster_verifies_and_a_changed_one_fails(
    tmp_path: Path, issuer: tuple[Path, str]
) -> None:
    key_path, public = issuer
    scene = _exhibition(tmp_path, key=public)
    signed = _claim(scene, key_path, tmp_path / "claims.sqlite", "李华").signed
    assert qr_version(signed.text()) <= 20
    poster = make_poster(signed, Image.new("RGB", (640, 480), (120, 120, 130)))
    poster.save(tmp_path / "poster.png")
    read = read_qr(tmp_path / "poster.png")
    assert read == signed and isinstance(verify(read, {public}), Genuine)
    qr_image(_tampered(signed, serial=4).text()).save(tmp_path / "changed.png")
    verdict = verify(read_qr(tmp_path / "changed.png"))
    assert isinstance(verdict, Refused)
    qr_image("hello").save(tmp_path / "other.png")
    with pytest.raises(CollectionError, match="not a Vitrine certificate"):
        read_qr(tmp_path / "other.png")
    Image.new("RGB", (200, 200), "white").save(tmp_path / "blank.png")
    with pytest.raises(CollectionError, match="no QR code"):
        read_qr(tmp_path / "blank.png")


def _ledger_with_claims(tmp_path: Path, issuer: tuple[Path, str], count: int) -> Path:
    key_path, public = issuer
    scene = _exhibition(tmp_path, key=public)
    ledger = tmp_path / "claims.sqlite"
    for _ in range(count):
        _claim(scene, key_path, ledger)
    return ledger


def _sql(path: Path, *statements: str) -> None:
    db = sqlite3.connect(path)
    for statement in statements:
        db.execute(statement)
    db.commit()
    db.close()


@pytest.mark.parametrize(
    ("statements", "first_bad", "says"),
    [
        (["UPDATE claims SET serial = 9 WHERE row = 2"], 2, "another copy"),
        (
            [
                "UPDATE claims SET certificate = (SELECT certificate FROM claims WHERE row = 1) "
                "WHERE row = 3"
            ],
            3,
            "contents do not match",
        ),
        (["DELETE FROM claims WHERE row = 2"], 2, "does not follow"),
        (["DELETE FROM claims WHERE row = 4"], 4, "does not match its head"),
        (["UPDATE claims SET row = 10 WHERE row = 1"], 1, "does not follow"),  # moved last
    ],
    ids=["changed serial", "copied certificate", "deleted row", "deleted last", "reordered"],
)
def test_the_audit_names_the_first_tampered_row(
    tmp_path: Path, issuer: tuple[Path, str], statements: list[str], first_bad: int, says: str
) -> None:
    ledger = _ledger_with_claims(tmp_path, issuer, 4)
    assert Ledger(ledger).audit(issuer[1], {"kettle": 5}).ok
    _sql(ledger, *statements)
    report = Ledger(ledger).audit(issuer[1], {"kettle": 5})
    assert not report.ok and report.first_bad == first_bad, report.problems
    assert says in " ".join(report.problems)


def test_the_audit_refuses_rows_signed_by_a_foreign_key(
    tmp_path: Path, issuer: tuple[Path, str]
) -> None:
    ledger = _ledger_with_claims(tmp_path, issuer, 2)
    _, foreign = generate_key(PASSPHRASE)
    report = Ledger(ledger).audit(foreign, {"kettle": 5})
    assert report.first_bad == 1 and "not in the trusted list" in report.problems[0]


def test_a_damaged_database_is_named_and_left_as_it_was(
    tmp_path: Path, issuer: tuple[Path, str]
) -> None:
    ledger = _ledger_with_claims(tmp_path, issuer, 3)
    db = sqlite3.connect(ledger)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    data = bytearray(ledger.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # the header's tail and the schema page
    ledger.write_bytes(bytes(data))
    before = ledger.read_bytes()
    with pytest.raises(CollectionError, match="damaged") as error:
        _claim(_exhibition(tmp_path / "again", key=issuer[1]), issuer[0], ledger)
    assert str(ledger) in str(error.value)
    assert ledger.read_bytes() == before, "nothing was written over it"


def _claim_many(scene: str, key: str, ledger: str, count: int) -> list[int | str]:
    out: list[int | str] = []
    for _ in range(count):
        try:
            out.append(_claim(Path(scene), Path(key), Path(ledger)).signed.certificate.serial)
        except ClaimRefused as exc:
            out.append(exc.kind)
    return out


def test_kiosks_claiming_at_once_never_share_a_serial(
    tmp_path: Path, issuer: tuple[Path, str]
) -> None:
    key_path, public = issuer
    scene = _exhibition(tmp_path, "{edition: 60}", public)
    ledger = tmp_path / "claims.sqlite"
    with ProcessPoolExecutor(4, mp_context=get_context("spawn")) as pool:
        results = list(
            pool.map(_claim_many, *zip(*[(str(scene), str(key_path), str(ledger), 20)] * 4))
        )
    serials = [s for batch in results for s in batch if isinstance(s, int)]
    refused = [s for batch in results for s in batch if not isinstance(s, int)]
    assert sorted(serials) == list(range(1, 61)), "every serial once, none beyond the edition"
    assert refused == ["sold-out"] * 20
    assert Ledger(ledger).audit(public, editions(load_scene(scene).scene)).ok


def test_the_commands_make_keys_claim_verify_and_audit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from app.cli import main

    monkeypatch.setenv("VITRINE_ISSUER_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("VITRINE_COLLECTION_DB", str(tmp_path / "claims.sqlite"))
    scene = _exhibition(tmp_path, "{edition: 2, thumbnail: kettle.png}")
    Image.new("RGB", (400, 300), (90, 110, 130)).save(scene.parent / "kettle.png")
    before = scene.read_text(encoding="utf-8")
    inside = scene.parent / "issuer.pem"
    assert main(["collection", "keygen", str(scene), "--key", str(inside)]) != 0
    assert "outside the exhibition folder" in capsys.readouterr().err and not inside.exists()
    assert main(["collection", "keygen", str(scene)]) == 0
    after = scene.read_text(encoding="utf-8")
    assert after.startswith(before) and "public_key:" in after[len(before) :], "only added to"
    assert main(["collection", "keygen", str(scene)]) != 0, "an existing key is kept"
    out = tmp_path / "take-home"
    for name in ("Ann", "Bo"):
        assert main(["collection", "claim", str(scene), "kettle", "--name", name,
                     "--out", str(out)]) == 0  # fmt: skip
    printed = capsys.readouterr().out
    assert "No. 001/2" in printed and "No. 002/2" in printed
    assert main(["collection", "claim", str(scene), "kettle", "--out", str(out)]) != 0
    assert "all 2 copies" in capsys.readouterr().err
    package, poster = out / "kettle-001.vitrine-collectible", out / "kettle-001-poster.png"
    assert main(["collection", "verify", str(package)]) == 0
    assert main(["collection", "verify", str(poster)]) == 0
    assert "genuine" in capsys.readouterr().out
    assert main(["collection", "verify", str(poster), "--trust", "AAAA"]) == 1
    assert "NOT genuine" in capsys.readouterr().out
    assert main(["collection", "audit", str(scene)]) == 0
    assert "2 claims" in capsys.readouterr().out
    _sql(tmp_path / "claims.sqlite", "DELETE FROM claims WHERE row = 1")
    assert main(["collection", "audit", str(scene)]) == 1
    assert "first bad row is row 1" in capsys.readouterr().out


def test_the_package_tells_the_story_and_the_rights(
    tmp_path: Path, issuer: tuple[Path, str]
) -> None:
    from app.collection.issuing import details

    key_path, public = issuer
    scene = _exhibition(tmp_path, "{edition: 5, rights: {en: View only., zh: 仅供欣赏。}}", public)
    signed = _claim(scene, key_path, tmp_path / "claims.sqlite").signed
    document = load_scene(scene)
    exhibit = document.scene.exhibit("kettle")
    package = write_package(tmp_path / "k.vitrine-collectible", signed,
                            collectible_model(exhibit, document.base_dir), None, None,
                            details(document.scene, exhibit))  # fmt: skip
    with zipfile.ZipFile(package) as archive:
        about = json.loads(archive.read("about.json"))
    assert about["rights"] == {"en": "View only.", "zh": "仅供欣赏。"}
    assert about["story"]["en"] == exhibit.info.text["en"] and about["number"] == "No. 001/5"


@pytest.mark.render
def test_a_kiosk_forgets_the_last_visitors_collection(
    offscreen: object, tmp_path: Path, issuer: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.collection import default_key_path
    from app.visit import VisitCore
    from guide.speech import SilentSpeaker

    key_path, public = issuer
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("VITRINE_COLLECTION_DB", str(tmp_path / "claims.sqlite"))
    monkeypatch.setenv("VITRINE_ISSUER_PASSPHRASE", PASSPHRASE)
    scene = _exhibition(tmp_path, "{edition: 5}", public)
    default_key_path(scene).parent.mkdir(parents=True)
    shutil.copy(key_path, default_key_path(scene))
    visit = VisitCore(offscreen, load_scene(scene), SilentSpeaker())
    try:
        assert visit.collection.unlocked
        shot = visit.product_shot("kettle")
        assert shot is not None and shot.std() > 10, "a product shot of the kettle"
        claim = visit.collection.collect("kettle", "", Image.fromarray(shot))
        assert claim.signed.certificate.number == "No. 001/5"
        assert len(visit.collection.taken) == 1
        visit.reset_for_next_visitor()
        assert visit.collection.taken == [], "the next visitor starts with nothing"
        assert Ledger(tmp_path / "claims.sqlite").issued("kettle") == 1, "the ledger keeps it"
    finally:
        visit.destroy()


def test_the_card_says_why_an_exhibit_cannot_be_collected(
    tmp_path: Path, issuer: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.collection import default_key_path
    from app.visit.collecting import Collectable, NotCollectable, VisitCollection

    key_path, public = issuer
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("VITRINE_COLLECTION_DB", str(tmp_path / "claims.sqlite"))
    monkeypatch.delenv("VITRINE_ISSUER_PASSPHRASE", raising=False)
    bare = VisitCollection(load_scene(_exhibition(tmp_path / "bare")))
    assert bare.status("kettle") == NotCollectable("the exhibition has no issuer key yet", "no-key")
    assert bare.status("lamp").kind == "not-collectible"
    scene = _exhibition(tmp_path, "{edition: 1}", public)
    collection = VisitCollection(load_scene(scene))
    assert collection.status("kettle").kind == "not-here", "the key is not on this computer"
    default_key_path(scene).parent.mkdir(parents=True)
    shutil.copy(key_path, default_key_path(scene))
    assert collection.status("kettle") == Collectable(1, 1)
    assert not collection.unlocked
    with pytest.raises(CollectionError, match="wrong passphrase"):
        collection.unlock("not it at all")
    collection.unlock(PASSPHRASE)
    collection.collect("kettle")
    assert collection.status("kettle").kind == "sold-out"
