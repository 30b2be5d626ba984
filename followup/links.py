"""Links that open a drafted message in the user's own apps: `mailto:`, WhatsApp, `tel:`.

Every value is percent-encoded whole (RFC 3986 unreserved characters only stay as they are),
so no text in any field can add a header, a parameter or a recipient to a link.
"""

from __future__ import annotations

from urllib.parse import quote


def _encode(text: str) -> str:
    return quote(text, safe="")


def mailto(address: str | None, subject: str | None, body: str) -> str:
    """An RFC 6068 `mailto:` URI; line breaks in the body are sent as CRLF (`%0D%0A`)."""
    crlf = body.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")
    fields = []
    if subject:
        # A subject is one line: any line break in it becomes a space.
        fields.append("subject=" + _encode(" ".join(subject.splitlines())))
    fields.append("body=" + _encode(crlf))
    # '@' is the only character of an address left as it is (RFC 6068 section 2).
    target = quote(address, safe="@") if address else ""
    return f"mailto:{target}?{'&'.join(fields)}"


def phone_digits(phone: str, country: str = "ID") -> str | None:
    """E.164 digits without '+', e.g. Indonesian `0812-3456-7890` -> `6281234567890`.

    None when the text cannot be a phone number. Indonesian numbers written nationally
    (leading 0, or a mobile number starting with 8) get the country code 62.
    """
    text = phone.strip()
    digits = "".join(ch for ch in text if ch.isdigit())
    if not digits or set(text) - set("0123456789+-(). "):
        return None
    if text.startswith("+"):
        pass
    elif digits.startswith("00"):
        digits = digits[2:]  # international call prefix
    elif country == "ID" and digits.startswith("0"):
        digits = "62" + digits[1:]
    elif country == "ID" and digits.startswith("8"):
        digits = "62" + digits
    return digits if 8 <= len(digits) <= 15 else None


def whatsapp(phone: str | None, text: str, country: str = "ID") -> str:
    """`https://wa.me/<digits>?text=…`; without a number WhatsApp lets the user pick the chat."""
    digits = phone_digits(phone, country) if phone else None
    return f"https://wa.me/{digits or ''}?text={_encode(text)}"


def tel(phone: str | None, country: str = "ID") -> str | None:
    digits = phone_digits(phone, country) if phone else None
    return f"tel:+{digits}" if digits else None


def to_myself(link: str, subject: str, body: str) -> tuple[str, str]:
    """A WhatsApp and an e-mail link that send the person their own workspace link (no number,
    no address: they pick themselves in the app): the way back from another device."""
    return whatsapp(None, body), mailto(None, subject, body)
