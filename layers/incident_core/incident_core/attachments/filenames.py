"""What an uploader declares, made safe: filenames, content types, and the download disposition.

A filename is only ever metadata (shown, and offered on download); object keys are made of
ids. No pydantic here: the read paths (lists with download links) use this module too, and
the request model (`attachments/models.py`) turns these `ValueError`s into field errors.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

MAX_FILENAME_CHARS = 200
MEDIA_TYPE = re.compile(r"^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$")
# Kept in a filename besides letters, digits and combining marks; anything else becomes `_`.
FILENAME_PUNCTUATION = frozenset(" ._-()[]+,@=")
WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(1, 10)), *(f"lpt{n}" for n in range(1, 10))}
)


def sanitize_filename(name: str) -> str:
    """A filename safe to show and to offer on download: no path, no control or bidi
    characters, no leading dots, at most 200 characters (the extension kept)."""
    text = unicodedata.normalize("NFKC", name)  # a fullwidth solidus becomes `/` before the split
    text = re.split(r"[/\\]", text)[-1]
    kept = []
    for character in text:
        category = unicodedata.category(character)
        if category[0] == "C":  # controls, format (bidi overrides, zero-width), unassigned
            continue
        if category[0] == "Z":
            kept.append(" ")
        elif category[0] in "LNM" or character in FILENAME_PUNCTUATION:
            kept.append(character)
        else:
            kept.append("_")
    text = re.sub(r"\s+", " ", "".join(kept))
    text = re.sub(r"_{2,}", "_", text).strip(" .")
    if not any(unicodedata.category(character)[0] in "LN" for character in text):
        raise ValueError("filename must contain letters or digits")
    stem, dot, extension = text.rpartition(".")
    if not dot:
        stem, extension = text, ""
    if stem.lower() in WINDOWS_RESERVED:
        stem = f"_{stem}"
    if len(extension) > 20:
        stem, extension = f"{stem}.{extension}" if stem else extension, ""
    room = MAX_FILENAME_CHARS - (len(extension) + 1 if extension else 0)
    stem = stem[:room].rstrip(" .") or "file"
    return f"{stem}.{extension}" if extension else stem


def normalize_content_type(value: str, allowed: tuple[str, ...]) -> str:
    """The media type without parameters, lower case, if the allow-list has it (`type/*` entries too)."""
    media_type = value.split(";", 1)[0].strip().lower()
    if not MEDIA_TYPE.match(media_type):
        raise ValueError("content_type must be a media type like application/pdf")
    family = media_type.split("/", 1)[0] + "/*"
    if media_type not in allowed and family not in allowed:
        raise ValueError(f"content_type must be one of: {', '.join(allowed)}")
    return media_type


def content_disposition(filename: str) -> str:
    """`attachment` with an ASCII fallback name and the UTF-8 name (RFC 6266 / 5987)."""

    def ascii_only(text: str) -> str:
        return re.sub(r'["\\]', "_", unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode())

    stem, dot, extension = filename.rpartition(".")
    if not dot:
        stem, extension = filename, ""
    ascii_stem = ascii_only(stem).strip(" .")
    ascii_extension = ascii_only(extension).strip(" .")
    if not any(character.isalnum() for character in ascii_stem):
        ascii_stem = "attachment"
    fallback = f"{ascii_stem}.{ascii_extension}" if ascii_extension else ascii_stem
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"
