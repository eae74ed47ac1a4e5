"""``vitrine --self-test``: does this installation work? Loads the demo exhibition, renders a
frame offscreen through the visit core and checks it is not blank, plays the tour to its first
stop, checks that a model's file outside its exhibition is refused, and speaks a line when a
speech engine exists."""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

__all__ = ["demo_scene_path", "self_test"]


def demo_scene_path() -> Path:
    """The showroom scene shipped with Vitrine (inside a bundle too)."""
    from app.scene import builtin_assets_dir

    return builtin_assets_dir().parent / "scenes" / "showroom.vitrine.yaml"


def self_test() -> int:
    """Print a one-line report; 0 when rendering works (speech is optional), 1 otherwise."""
    import numpy as np

    from app.errors import VitrineError

    start = time.monotonic()
    parts: list[str] = []
    try:
        from app.render import open_offscreen
        from app.render.capture import capture_rgb, draw_frames
        from app.render.engine import antialiasing, renderer_name
        from app.scene import load_scene
        from app.visit import VisitCore
        from guide.speech import SilentSpeaker
        from guide.states import DirectorState

        document = load_scene(demo_scene_path())
        base = open_offscreen(640, 360)
        try:
            visit = VisitCore(base, document, SilentSpeaker(), language="en", stream_models=True)
            try:
                visit.hold_exhibits = True
                frames, until = 0, time.monotonic() + 300
                while visit.state.loading is not None and time.monotonic() < until:
                    visit.step(0.02)  # frame by frame, as the app does (models processed
                    frames += 1  # in the workers meanwhile on a first start)
                    time.sleep(0.01)
                visit.step(0.5)
                draw_frames(base, 3)
                image = capture_rgb(base)
                renderer = renderer_name(base)
                smoothing = antialiasing(base)
                lighting = f"{_lighting()}; {_baked(visit)}"
                problems = list(visit.problems)
                if visit.state.loading is not None:
                    problems.append(f"models still loading after {frames} frames (5 min)")
                textures = _textures(visit.stage.textures.compressed)
                visit.hold_exhibits = False
                visit.start_tour()
                for _ in range(120):  # up to a minute of the tour, in half-second steps
                    visit.step(0.5)
                    if visit.state.director == DirectorState.NARRATING and visit.state.stop == 0:
                        break
                toured = visit.state.stop == 0 and visit.state.subtitle.words
            finally:
                visit.destroy()
            guides = _guides(base)
        finally:
            base.destroy()
        if image.std() < 8 or len(np.unique(image.reshape(-1, 3), axis=0)) < 50:
            print("vitrine self-test: FAILED: the rendered frame is blank", flush=True)
            return 1
        if problems:
            print(f"vitrine self-test: FAILED: {problems[0]}", flush=True)
            return 1
        if not toured:
            print(
                "vitrine self-test: FAILED: the guided tour did not reach its first stop",
                flush=True,
            )
            return 1
        parts.append(
            f"render {image.shape[1]}x{image.shape[0]} on {renderer} "
            f"({smoothing} anti-aliasing; {lighting}), "
            f"{len(document.scene.exhibits)} exhibits streamed in {frames} frames; "
            f"tour reached stop 1; {textures}; {guides}"
        )
    except VitrineError as exc:
        print(f"vitrine self-test: FAILED: {exc}", flush=True)
        return 1
    except Exception as exc:  # a broken installation shows up here
        print(f"vitrine self-test: FAILED: {type(exc).__name__}: {exc}", flush=True)
        return 1
    references = _references()
    if "NOT refused" in references:
        print("vitrine self-test: FAILED: a file outside the exhibition was read", flush=True)
        return 1
    parts.append(references)
    asking = _asking()
    if "WRONG" in asking:
        print(f"vitrine self-test: FAILED: {asking}", flush=True)
        return 1
    parts.append(asking)
    collecting = _collecting()
    if "WRONG" in collecting:
        print(f"vitrine self-test: FAILED: {collecting}", flush=True)
        return 1
    parts.append(collecting)
    hearing = _hearing()
    if "WRONG" in hearing:
        print(f"vitrine self-test: FAILED: {hearing}", flush=True)
        return 1
    parts.append(hearing)
    window = _visitor_window()
    if "WRONG" in window:
        print(f"vitrine self-test: FAILED: {window}", flush=True)
        return 1
    parts.append(window)
    speech = _speech()
    if "BROKEN" in speech:
        print(f"vitrine self-test: FAILED: {speech}", flush=True)
        return 1
    parts.append(speech)
    print(
        f"vitrine self-test: ok ({'; '.join(parts)}; {time.monotonic() - start:.1f} s)", flush=True
    )
    return 0


def _guides(base: object) -> str:
    """Both built-in guides load with their faces, visemes and legs (raises if not)."""
    from app.errors import AssetError
    from app.render.avatar import avatar_path, load_avatar

    found = []
    for name in ("builtin-female", "builtin-male"):
        avatar = load_avatar(avatar_path(name, Path(".")), base.render)  # type: ignore[attr-defined]
        try:
            if avatar.lacks or avatar.mouth != "oculus" or avatar.rig is None:
                raise AssetError(avatar_path(name, Path(".")), f"lacks {avatar.lacks}")
            if not {"thigh_l", "shin_r", "head", "eye_l"} <= set(avatar.rig.joints):
                raise AssetError(avatar_path(name, Path(".")), "misses the joints Vitrine moves")
            found.append(f"{name} ({len(avatar.slider_names)} face shapes)")
        finally:
            avatar.root.removeNode()
    return "guides " + ", ".join(found)


def _visitor_window() -> str:
    """The visitor's window is made (Qt, offscreen) in both languages."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from app.shell.self_check import check_visitor_window

    return check_visitor_window(demo_scene_path())


def _asking() -> str:
    """The guide answers a question in each language from the demo scene's FAQ."""
    from app.scene import load_scene
    from guide.answers import Answerer

    answerer = Answerer(load_scene(demo_scene_path()).scene)
    english = answerer.ask("how long does the vacuum run on one charge?", "en")
    chinese = answerer.ask("这个灯能调光吗", "zh", "lamp")
    if (english.source, chinese.source) != ("exhibits.vacuum.faq[0]", "exhibits.lamp.faq[0]"):
        return f"questions answered WRONG ({english.source or english.intent}, {chinese.source})"
    return "questions answered (en, zh)"


def _lighting() -> str:
    """The studio environment is prefiltered (or read from the cache) and keeps its energy
    (raises if not)."""
    from app.render.shading import default_lighting

    environment = default_lighting().environment
    means = [float(level.mean()) for level in environment.levels]
    if max(means) > 1.05 * min(means) or environment.sh.shape != (9, 3):
        raise RuntimeError(f"the image-based lighting is broken (level means {means})")
    return f"image-based lighting, {len(means)} roughness levels"


def _collecting() -> str:
    """A collectible end to end in a temporary folder: an issuer key, three claims from a
    ledger with an edition of two (the third refused), the poster's QR code read back, the
    take-home package verified, a changed one refused, the ledger audited."""
    import hashlib

    from app.collection import (
        Certificate,
        ClaimRefused,
        Genuine,
        Ledger,
        generate_key,
        load_private_key,
        sign,
        verify,
    )
    from app.collection.package import verify_package, write_package
    from app.collection.poster import make_poster, qr_version, read_qr

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        pem, public = generate_key("self-test passphrase")
        (root / "issuer.pem").write_bytes(pem)
        key = load_private_key(root / "issuer.pem", "self-test passphrase")
        model = root / "object.glb"
        model.write_bytes(b"glTF self-test model")
        digest = hashlib.sha256(model.read_bytes()).hexdigest()
        ledger = Ledger(root / "claims.sqlite")

        def make(serial: int):  # type: ignore[no-untyped-def]
            cert = Certificate("Self-test", public, "object", "Object", digest, serial, 2, 0)
            return sign(cert, key)

        claims = [ledger.claim("object", 2, make) for _ in range(2)]
        try:
            ledger.claim("object", 2, make)
            return "collectibles WRONG: a sold-out edition gave a third copy"
        except ClaimRefused:
            pass
        signed = claims[-1].signed
        make_poster(signed, None).save(root / "poster.png")
        if read_qr(root / "poster.png") != signed:
            return "collectibles WRONG: the poster's QR code did not read back"
        package = write_package(root / "o.vitrine-collectible", signed, model, None, None)
        model.write_bytes(b"glTF changed")
        changed = write_package(root / "c.vitrine-collectible", signed, model, None, None)
        if not isinstance(verify_package(package, {public}), Genuine) or isinstance(
            verify_package(changed), Genuine
        ):
            return "collectibles WRONG: a package verified wrongly"
        if not ledger.audit(public, {"object": 2}).ok or not isinstance(verify(signed), Genuine):
            return "collectibles WRONG: the ledger's audit failed"
        version = qr_version(signed.text())
    return f"collectibles signed, claimed, sold out, QR read back (version {version}), verified"


def _baked(visit: object) -> str:
    """The visit's quality tier, and the hall drawn with its baked light: a lightmap on the
    floor with the plinths' shadows in it (raises if not)."""
    import numpy as np

    from app.render.shading import baked_shader

    quality = visit.quality  # type: ignore[attr-defined]
    floor = visit.stage.root.find("hall/floor")  # type: ignore[attr-defined]
    if quality.baked and floor.getShader() != baked_shader(quality.shadow_texels):
        raise RuntimeError("the hall is not drawn with its baked light")
    texture = floor.getShaderInput("vitrine_lightmap").getTexture()
    light = np.frombuffer(bytes(texture.getRamImage()), np.float32).reshape(-1, 4)[:, :3]
    if light.min() > 0.8 * light.max():
        raise RuntimeError("the hall's baked light has no shadows in it")
    return (
        f"{quality.name} quality tier, hall baked "
        f"({texture.getXSize()}x{texture.getYSize()} floor lightmap)"
    )


def _hearing() -> str:
    """A spoken English question (eSpeak's voice) is recognised with the demo scene's
    language model and answered; says whether this computer has a microphone."""
    import numpy as np

    from app.scene import load_scene
    from guide.answers import Answerer
    from guide.espeak_native import espeak_available, synthesize
    from guide.listen_sphinx import resample, sphinx_available
    from guide.voice_questions import VoiceQuestions

    if not sphinx_available():
        return "voice questions WRONG: PocketSphinx's English model is missing"
    if not espeak_available():
        return "voice questions not checked (no eSpeak NG to speak the question)"
    scene = load_scene(demo_scene_path()).scene
    spoken = synthesize("what is the gooseneck for", "en-us", 1.0)
    samples = resample(np.frombuffer(bytes(spoken.samples), np.int16), spoken.sample_rate)
    heard = VoiceQuestions(scene).finish(samples, "en")
    answer = Answerer(scene).ask(heard, "en")
    if answer.source != "exhibits.kettle.hotspots.spout":
        return f"voice questions WRONG: heard {heard!r}, answered {answer.source or answer.intent}"
    from guide.microphone import microphones

    found = microphones()
    microphone = (found if isinstance(found, str)
                  else f"{found} microphone(s)" if found else "no microphone here")  # fmt: skip
    return f"voice question heard and answered ({microphone})"


def _textures(uploaded_compressed: bool) -> str:
    """Texture block compression works here: the encoder (compiled or not) keeps a picture."""
    import numpy as np

    from app.meshes.block_compression import _compiled, compress_texture, decode_level

    y, x = np.mgrid[0:64, 0:64]
    image = np.stack([x * 4, y * 4, (x + y) * 2, np.full_like(x, 255)], 2).astype(np.uint8)
    decoded = decode_level(compress_texture(image))
    error = float(np.abs(decoded.astype(int) - image).mean())
    if error > 6:
        raise RuntimeError(f"texture compression is broken (mean error {error:.1f})")
    encoder = "compiled" if _compiled() is not None else "NumPy"
    where = "compressed on the card" if uploaded_compressed else "decoded for the card"
    return f"textures BC1/BC3 ({encoder} encoder, {where})"


def _references() -> str:
    """The exhibition rule holds in this installation: a model's texture that lies outside
    its exhibition folder is refused, not read."""
    import base64
    import json

    from app.meshes import load_model_file
    from app.scene.references import References

    with tempfile.TemporaryDirectory() as folder:
        show = Path(folder) / "show"
        show.mkdir()
        (Path(folder) / "secret.png").write_bytes(b"\x89PNG\r\n\x1a\n")
        blob = base64.b64encode(bytes(36)).decode()
        (show / "t.gltf").write_text(
            json.dumps(
                {
                    "asset": {"version": "2.0"},
                    "scenes": [{"nodes": [0]}],
                    "nodes": [{"mesh": 0}],
                    "meshes": [{"primitives": [{"attributes": {"POSITION": 0}, "material": 0}]}],
                    "materials": [{"pbrMetallicRoughness": {"baseColorTexture": {"index": 0}}}],
                    "textures": [{"source": 0}],
                    "images": [{"uri": "../secret.png"}],
                    "buffers": [
                        {"byteLength": 36, "uri": f"data:application/octet-stream;base64,{blob}"}
                    ],
                    "bufferViews": [{"buffer": 0, "byteLength": 36}],
                    "accessors": [
                        {
                            "bufferView": 0,
                            "componentType": 5126,
                            "count": 3,
                            "type": "VEC3",
                            "min": [0, 0, 0],
                            "max": [0, 0, 0],
                        }
                    ],
                }
            ),
            encoding="utf-8",
        )
        try:
            model = load_model_file(show / "t.gltf", References.for_exhibition(show))
        except Exception as exc:  # reported, not fatal: rendering is what the test needs
            return f"references: not checked ({exc})"
        refused = any("outside the exhibition folder" in w for w in model.warnings)
    return "outside files refused" if refused else "references: NOT refused"


def _speech() -> str:
    from guide.speech_service import SpeechService

    with tempfile.TemporaryDirectory() as folder:
        service = SpeechService("auto", cache_dir=Path(folder))
        try:
            utterance = service.speak("Vitrine self test.", "en")
            chinese = service.speak("这款台灯的亮度可调。", "zh")
        finally:
            service.close()
        reading = _chinese_reading()
        if utterance.wav is None:
            note = utterance.notes[0] if utterance.notes else "no speech engine"
            return f"speech: none ({note}); {reading}"
        return (
            f"speech {utterance.backend} {utterance.duration_ms / 1000:.1f} s, "
            f"Mandarin {chinese.duration_ms / 1000:.1f} s; {reading}"
        )


def _chinese_reading() -> str:
    """The Mandarin front-end works here (jieba's dictionary, pypinyin's phrases)."""
    from guide.reading import read_line, readings_text

    got = readings_text(read_line("银行的行长在2025年来过。", "zh"))
    want = "yin2 hang2 de5 hang2 zhang3 zai4 er4 ling2 er4 wu3 nian2 lai2 guo4."
    return "Mandarin readings ok" if got == want else f"Mandarin readings BROKEN: {got!r}"


if __name__ == "__main__":
    sys.exit(self_test())
