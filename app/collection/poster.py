"""The take-home poster (a render of the object, its title, its number, the issuer, and the
certificate as a QR code) and reading certificates back from QR images."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from app.collection.certificate import Certificate, CollectionError, SignedCertificate

__all__ = ["POSTER_SIZE", "make_poster", "qr_image", "qr_version", "read_qr"]

POSTER_SIZE = (1080, 1440)
_PAPER = (246, 243, 236)
_INK = (34, 32, 30)
_MUTED = (110, 104, 96)


def _segno(text: str):  # type: ignore[no-untyped-def]
    import segno

    return segno.make(text, error="m", micro=False)


def qr_version(text: str) -> int:
    """The QR code version (1-40) the certificate needs at error correction level M."""
    return int(_segno(text).version)


def qr_image(text: str, scale: int = 6) -> Image.Image:
    """The certificate's QR code as an image (black on white, with its quiet zone)."""
    stream = io.BytesIO()
    _segno(text).save(stream, kind="png", scale=scale, border=4)
    stream.seek(0)
    return Image.open(stream).convert("RGB")


def read_qr(path: Path) -> SignedCertificate:
    """The certificate in a QR image (a poster, a photo of one, the QR PNG alone)."""
    try:
        import zxingcpp
    except ImportError as exc:  # pragma: no cover - a dependency
        raise CollectionError(
            "QR codes cannot be read here (the zxing-cpp package is missing)"
        ) from exc
    try:
        with Image.open(path) as image:
            results = zxingcpp.read_barcodes(image.convert("RGB"))
    except OSError as exc:
        raise CollectionError(f"{path.name}: not an image Vitrine can read ({exc})") from exc
    texts = [r.text for r in results if r.text.startswith("VTC1.")]
    if not texts:
        found = "a QR code that is not a Vitrine certificate" if results else "no QR code"
        raise CollectionError(f"{path.name}: {found}")
    return SignedCertificate.from_text(texts[0])


def _font(path: Path | None, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    if path is not None:
        try:
            return ImageFont.truetype(str(path), size)
        except OSError:
            pass
    return ImageFont.load_default(size)


def _centred(
    draw: ImageDraw.ImageDraw, y: int, text: str, font: object, fill: tuple[int, ...]
) -> int:
    box = draw.textbbox((0, 0), text, font=font)  # type: ignore[arg-type]
    draw.text(((POSTER_SIZE[0] - (box[2] - box[0])) // 2, y), text, font=font, fill=fill)  # type: ignore[arg-type]
    return int(y + (box[3] - box[1]))


def _cover(picture: Image.Image, frame: tuple[int, int]) -> Image.Image:
    """``picture`` scaled to cover ``frame`` and cut to it around its middle."""
    scale = max(frame[0] / picture.width, frame[1] / picture.height)
    size = (
        max(frame[0], round(picture.width * scale)),
        max(frame[1], round(picture.height * scale)),
    )
    scaled = picture.resize(size, Image.Resampling.LANCZOS)
    left, top = (size[0] - frame[0]) // 2, (size[1] - frame[1]) // 2
    return scaled.crop((left, top, left + frame[0], top + frame[1]))


def make_poster(
    signed: SignedCertificate, render: Image.Image | None, font: Path | None = None
) -> Image.Image:
    """The poster: the object's render on paper, the title, "No. 017/500", the issuer and
    date, and the QR code that carries the signed certificate."""
    cert: Certificate = signed.certificate
    poster = Image.new("RGB", POSTER_SIZE, _PAPER)
    draw = ImageDraw.Draw(poster)
    margin = 60
    if render is not None:
        frame = (POSTER_SIZE[0] - 2 * margin, 720)
        picture = _cover(render.convert("RGB"), frame)
        poster.paste(picture, (margin, margin))
    y = margin + 760
    y = _centred(draw, y, cert.title, _font(font, 64), _INK) + 30
    y = _centred(draw, y, cert.number, _font(font, 48), _INK) + 24
    when = datetime.fromtimestamp(cert.issued).strftime("%Y-%m-%d")
    line = f"{cert.issuer} · {when}" + (f" · {cert.holder}" if cert.holder else "")
    _centred(draw, y, line, _font(font, 30), _MUTED)
    side = 300
    code = qr_image(signed.text(), scale=4).resize((side, side), Image.Resampling.NEAREST)
    poster.paste(code, (POSTER_SIZE[0] - margin - side, POSTER_SIZE[1] - margin - side))
    small = _font(font, 24)
    draw.text((margin, POSTER_SIZE[1] - margin - 90), "Signed certificate: scan it, or run",
              font=small, fill=_MUTED)  # fmt: skip
    draw.text((margin, POSTER_SIZE[1] - margin - 56), "vitrine collection verify poster.png",
              font=small, fill=_MUTED)  # fmt: skip
    return poster
