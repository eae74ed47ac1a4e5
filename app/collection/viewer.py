"""The little exhibition ``vitrine collection open`` shows: the collectible's object alone on
a turntable, its certificate on its card."""

from __future__ import annotations

import json
from datetime import datetime

from app.collection.certificate import Certificate

__all__ = ["viewer_scene"]


def viewer_scene(cert: Certificate, model_file: str, status: str) -> str:
    """Scene-file text for one object on a turntable (strings written as JSON, which YAML
    reads as they are)."""
    when = datetime.fromtimestamp(cert.issued).strftime("%Y-%m-%d")
    holder = f" Held by {cert.holder}." if cert.holder else ""
    text = f"{cert.number}, issued by {cert.issuer} on {when}.{holder} {status}."
    q = json.dumps
    return f"""format: 1
title: {{en: {q(cert.title + " " + cert.number)}}}
languages: [en]
hall:
  size: [7, 7, 3.2]
  lighting: spotlight
exhibits:
  - id: collectible
    model: {q(model_file)}
    position: [0, 0.8]
    fit: 0.55
    turntable: 18
    plinth: {{height: 0.95, size: [0.8, 0.8], label: false}}
    info:
      title: {{en: {q(cert.title)}}}
      text: {{en: {q(text)}}}
"""
