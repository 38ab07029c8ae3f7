"""How long checking an upload takes: images decoded and re-encoded, a large PDF, an Office file.

    .venv/bin/python tests/benchmarks/bench_uploads.py

Prints, for each file, its size, the size stored and the median of 3 runs of
``fotostudio.documents.files.inspect_upload`` (what an upload request spends on the file itself;
no database needed). The images are noisy, like a phone's photos, so they compress as real ones do.
"""

from __future__ import annotations

import io
import os
import statistics
import sys
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402, F401  (Django's settings)
import django  # noqa: E402

django.setup()

from PIL import Image  # noqa: E402

from fotostudio.documents.files import inspect_upload  # noqa: E402


class Upload(io.BytesIO):
    def __init__(self, data: bytes, name: str):
        super().__init__(data)
        self.name, self.size = name, len(data)


def photo(width: int, height: int, fmt: str) -> bytes:
    noise = Image.effect_noise((width // 4, height // 4), 60).resize((width, height))
    image = Image.merge(
        "RGB", (noise, noise.rotate(90, expand=False), noise.transpose(Image.Transpose.FLIP_LEFT_RIGHT))
    )
    exif = Image.Exif()
    exif[0x0112] = 6
    exif.get_ifd(0x8825)[2] = (0.0, 10.0, 30.0)
    out = io.BytesIO()
    image.save(out, fmt, **({"exif": exif, "quality": 92} if fmt in ("JPEG", "WEBP") else {}))
    return out.getvalue()


def pdf(size: int) -> bytes:
    body = b"%PDF-1.7\n" + b"% relleno " * (size // 10)
    return body + b"\nstartxref\n0\n%%EOF\n"


def docx(size: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr("word/document.xml", "<document/>")
        archive.writestr("word/media/image1.jpeg", os.urandom(size))  # pictures do not compress
    return out.getvalue()


def main() -> None:
    cases = [
        ("JPEG 12 MP (4000×3000), EXIF + GPS", photo(4000, 3000, "JPEG"), "foto.jpg"),
        ("JPEG 24 MP (6000×4000)", photo(6000, 4000, "JPEG"), "foto.jpg"),
        ("PNG 4 MP (2000×2000)", photo(2000, 2000, "PNG"), "escaneo.png"),
        ("WebP 12 MP (4000×3000)", photo(4000, 3000, "WEBP"), "foto.webp"),
        ("PDF 19 MB", pdf(19 * 1024 * 1024), "certificado.pdf"),
        ("DOCX 5 MB", docx(5 * 1024 * 1024), "informe.docx"),
    ]
    print(f"{'file':40} {'uploaded':>10} {'stored':>10} {'median s':>9}")
    for label, data, name in cases:
        timings = []
        for _ in range(3):
            start = time.perf_counter()
            result = inspect_upload(Upload(data, name), max_bytes=64 * 1024 * 1024)
            timings.append(time.perf_counter() - start)
        print(f"{label:40} {len(data) / 1e6:>8.2f}MB {result.size / 1e6:>8.2f}MB {statistics.median(timings):>9.3f}")


if __name__ == "__main__":
    main()
