"""The optional AI step: reword an approved template in a tone. The one seam to the model.

It never decides and never sees the user's data: the request carries the template with its
`{{placeholders}}` and, only when the user added them, their talking points without the case's
personal data (contract.md, "The LLM step's wire protocol"). `ModelRewriter` is the
`followup.messages.Rewriter` that `render_draft` calls: it only rewrites template text. The
answer must pass `followup.guard` — once more after one re-ask that names the failure — or the
template stands, with the key of the reason. Retries are tenacity's alone (the SDK's are off),
for rate limits, connection errors and 5xx within one overall time budget; a timeout is not
retried: the model hangs. A `CircuitBreaker` remembers a failing or hanging model for the
session, so the failure costs once. No client exists unless configured.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from followup.guard import Flag, review
from followup.messages import Rewritten
from followup.paths import PROMPTS_DIR
from followup.templates import Template
from followup.tone_limits import (
    MAX_ANSWER_BYTES,
    AnswerTooLarge,
    bounded_transport,
    within,
)

log = logging.getLogger("followup.tone")

DEFAULT_MODEL = "gpt-5-mini"
BUDGET_S = 30.0  # after this, the template is the answer
REQUEST_TIMEOUT_S = 12.0
COOLDOWN_S = 600.0  # a failed model is left alone this long, unless the user tries again


class Rewording(BaseModel):
    """What the model must answer (its JSON schema is the response_format)."""

    model_config = ConfigDict(extra="forbid")

    subject: str | None
    body: str


@dataclass(frozen=True)
class Settings:
    """Where the model is. The key is never logged, stored or shown (repr=False)."""

    api_key: str | None = field(default=None, repr=False)
    base_url: str | None = None
    model: str = DEFAULT_MODEL
    timeout_s: float = REQUEST_TIMEOUT_S  # one request; OPENAI_TIMEOUT

    @property
    def configured(self) -> bool:
        return bool(self.api_key or self.base_url)


def _seconds(value: str | None) -> float:
    try:
        seconds = float(value or "")
    except ValueError:
        return REQUEST_TIMEOUT_S
    return seconds if 0 < seconds <= BUDGET_S else REQUEST_TIMEOUT_S


def settings(
    secret: Callable[[str], str | None] = lambda _: None, session_key: str = ""
) -> Settings:
    """Streamlit secrets first, then the environment, then a key typed in this session."""

    def pick(name: str) -> str | None:
        return secret(name) or os.environ.get(name) or None

    return Settings(
        api_key=pick("OPENAI_API_KEY") or (session_key.strip() or None),
        base_url=pick("OPENAI_BASE_URL"),
        model=pick("OPENAI_MODEL") or DEFAULT_MODEL,
        timeout_s=_seconds(pick("OPENAI_TIMEOUT")),
    )


def make_client(config: Settings) -> Any | None:
    """An OpenAI client, or None when nothing is configured (no client, nothing sent)."""
    if not config.configured:
        return None
    import httpx2
    from openai import OpenAI

    # A local server needs no key, but the SDK insists on one.
    return OpenAI(
        api_key=config.api_key or "not-needed",
        base_url=config.base_url,
        max_retries=0,  # tenacity owns retries; SDK retries would multiply them
        timeout=config.timeout_s,
        http_client=httpx2.Client(transport=bounded_transport(), timeout=config.timeout_s),
    )


Outcome = Rewritten  # the subject and body are template text (placeholders), reworded or not


@dataclass
class CircuitBreaker:
    """A failing or hanging model, remembered for the session: once it failed (a timeout, the
    budget spent on errors, a refusal), no request is sent for `cooldown_s` or until `reset`
    (the page's "try AI again"), and the templates are used at once."""

    cooldown_s: float = COOLDOWN_S
    clock: Callable[[], float] = time.monotonic
    opened_at: float | None = None
    reason: str | None = None  # "unavailable" or "refused"

    @property
    def open(self) -> bool:
        return self.opened_at is not None and self.clock() - self.opened_at < self.cooldown_s

    def trip(self, reason: str) -> None:
        self.opened_at, self.reason = self.clock(), reason

    def reset(self) -> None:
        self.opened_at, self.reason = None, None


def system_prompt() -> str:
    return (PROMPTS_DIR / "tone_system.md").read_text(encoding="utf-8")


def messages(template: Template, talking_points: str | None) -> list[dict[str, str]]:
    """The wire protocol: a system message, then one user message that is a JSON object."""
    request = {
        "tone": template.tone,
        "language": template.language,
        "channel": template.channel,
        "subject": template.subject,
        "body": template.body,
        "talking_points": talking_points or None,
    }
    return [
        {"role": "system", "content": system_prompt()},
        {"role": "user", "content": json.dumps(request, ensure_ascii=False)},
    ]


RESPONSE_FORMAT = {
    "type": "json_schema",
    "json_schema": {
        "name": "reworded_message",
        "strict": True,
        "schema": {
            "type": "object",
            "properties": {
                "subject": {"anyOf": [{"type": "string"}, {"type": "null"}]},
                "body": {"type": "string"},
            },
            "required": ["subject", "body"],
            "additionalProperties": False,
        },
    },
}


def _cause(
    error: BaseException, kind: type[BaseException] | tuple[type[BaseException], ...]
) -> bool:
    """`error` is, or was raised from, a `kind` (the SDK wraps what the transport raised)."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, kind):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _transient(error: BaseException) -> bool:
    """Worth another try within the budget: a rate limit, a refused connection, a 5xx. Not a
    timeout: a model that did not answer in time is not asked again (the breaker opens); nor
    an answer cut off for its size."""
    import openai

    if isinstance(error, openai.APITimeoutError) or _cause(error, (AnswerTooLarge, TimeoutError)):
        return False
    if isinstance(error, openai.RateLimitError | openai.APIConnectionError):
        return True
    return isinstance(error, openai.APIStatusError) and error.status_code >= 500


def _unavailable(error: BaseException) -> bool:
    import openai

    return (
        _transient(error)
        or isinstance(error, openai.APITimeoutError | TimeoutError)
        or _cause(error, TimeoutError)
    )


Cache = MutableMapping[tuple[str, ...], Outcome]


def adapt(
    template: Template,
    talking_points: str | None,
    client: Any,
    model: str,
    budget_s: float = BUDGET_S,
    request_timeout_s: float = REQUEST_TIMEOUT_S,
    cache: Cache | None = None,
    breaker: CircuitBreaker | None = None,
) -> Outcome:
    """The template reworded by the model, or the template itself with the reason."""
    key = (
        template.action,
        template.language,
        template.channel,
        template.tone,
        template.subject or "",
        template.body,
        talking_points or "",
    )
    if cache is not None and key in cache:
        return cache[key]
    if breaker is not None and breaker.open:
        return _template(template, "paused", 0)
    outcome = within(
        budget_s,
        lambda: _adapt(template, talking_points, client, model, budget_s, request_timeout_s),
        _template(template, "unavailable", 1),
    )
    if outcome.rejected in ("unavailable", "refused"):
        if breaker is not None:
            breaker.trip(outcome.rejected)  # the next draft uses the template at once
    elif cache is not None:
        cache[key] = outcome  # the same request is not sent twice in a session
    return outcome


@dataclass
class ModelRewriter:
    """The `followup.messages.Rewriter` of an OpenAI-compatible model: `render_draft(case,
    action, options, ModelRewriter(client, model))`."""

    client: Any
    model: str
    budget_s: float = BUDGET_S
    request_timeout_s: float = REQUEST_TIMEOUT_S
    cache: Cache | None = None
    breaker: CircuitBreaker | None = None

    def __call__(self, template: Template, talking_points: str | None) -> Rewritten:
        return adapt(
            template,
            talking_points,
            self.client,
            self.model,
            self.budget_s,
            self.request_timeout_s,
            self.cache,
            self.breaker,
        )


def rewriter(
    config: Settings,
    cache: Cache | None = None,
    breaker: CircuitBreaker | None = None,
    budget_s: float = BUDGET_S,
) -> ModelRewriter | None:
    """The configured model as a rewriter, or None when nothing is configured."""
    client = make_client(config)
    if client is None:
        return None
    return ModelRewriter(
        client,
        config.model,
        budget_s=budget_s,
        request_timeout_s=config.timeout_s,
        cache=cache,
        breaker=breaker,
    )


def _adapt(
    template: Template,
    points: str | None,
    client: Any,
    model: str,
    budget_s: float,
    request_timeout_s: float,
) -> Outcome:
    deadline = time.monotonic() + budget_s
    conversation = messages(template, points)
    sent = 0
    failed: list[Flag] = []
    for _attempt in range(2):  # the first answer, and one re-ask that names what was wrong
        answer, tries, failure = ask(client, model, conversation, deadline, request_timeout_s)
        sent += tries
        if answer is None:
            return _template(template, failure or "unavailable", sent)
        try:
            reworded = Rewording.model_validate_json(answer)
        except ValidationError:
            failed = [Flag("bad_answer")]
        else:
            verdict = review(
                template.subject,
                template.body,
                reworded.subject,
                reworded.body,
                points,
                template.language,
            )
            if not verdict.refused:
                return Rewritten(reworded.subject or None, reworded.body, "llm", None, sent)
            failed = list(verdict.refused)
        if time.monotonic() >= deadline:
            break
        conversation = [
            *conversation,
            {"role": "assistant", "content": answer[:4000]},
            {"role": "user", "content": json.dumps(_re_ask(failed), ensure_ascii=False)},
        ]
    keys = tuple(dict.fromkeys(f.key for f in failed)) or ("bad_answer",)
    return Rewritten(template.subject, template.body, "template", keys[0], sent, keys)


def _re_ask(failed: list[Flag]) -> dict[str, Any]:
    """What the re-ask tells the model: every problem, each with the sentence it is in (its
    own words back, so it fixes that and keeps the rest), never a generic "you added salary"
    that makes it drop the template's own words."""
    problems = [
        {"problem": _PROBLEM.get(f.key, _PROBLEM["bad_answer"]), "where": f.where[:400]}
        if f.where
        else {"problem": _PROBLEM.get(f.key, _PROBLEM["bad_answer"])}
        for f in failed
    ]
    return {
        "problems": problems,
        "instruction": "Answer again, following every rule. Change only what these problems "
        "name; keep everything else the template says, including its own words.",
    }


def _template(template: Template, reason: str, sent: int) -> Outcome:
    return Rewritten(template.subject, template.body, "template", reason, sent)


# What the re-ask tells the model (English: it is an instruction to the model, not UI text).
_PROBLEM = {
    "placeholders": "A {{placeholder}} was changed, dropped, added or repeated.",
    "subject": "The subject must be a string when the template has one, else null.",
    "layout": "A placeholder that must stand alone on its line does not.",
    "new_contact": "You added an e-mail address or phone number.",
    "new_link": "You added a link, a web address or a domain.",
    "new_place": "You added a place or an address.",
    "changed_number": "You changed or added a date, time, day, number or span of time.",
    "injection": "You wrote about instructions or about yourself instead of the message.",
    "new_intent": "You added something the message does not say (withdrawing, declining, "
    "accepting, a condition, salary, another date, cancelling or another offer) in this "
    "sentence; the template's own words on these subjects stay.",
    "junk": "The text contains markdown, HTML or brackets.",
    "new_name": "You added a name or a capitalised word that is not in the template.",
    "language": "The text, or one of its sentences, is not in the requested language.",
    "order": "Keep each placeholder in its paragraph, and the date before the time, the "
    "position before the company and the names in the template's order.",
    "negation": "You dropped a negation (tidak, belum, bukan, not, never): keep the meaning of "
    "this template sentence.",
    "new_format": "You named an interview format (online, in person, video, by phone) the "
    "template does not: the format is in the placeholders.",
    "points_place": "Replace the {{talking_points}} line with one or two sentences of your own, "
    "on their own line in the same place.",
    "points_shape": "Write the talking points as one or two sentences on one line, using only "
    "{{you}}, {{company}}, {{position}} and the placeholders the talking points contain.",
    "points_lost": "Your sentences for the talking points lost these facts of the points; "
    "say each as written:",
    "points_pasted": "Do not paste the talking points or repeat the notes as typed: write what "
    "they say as a sentence to the reader.",
    "length": "The length is too far from the template's.",
    "bad_answer": 'The answer was not a JSON object {"subject": ..., "body": ...}.',
}


def ask(
    client: Any,
    model: str,
    conversation: list[dict[str, str]],
    deadline: float,
    request_timeout_s: float,
    response_format: dict[str, Any] | None = None,
) -> tuple[str | None, int, str | None]:
    """(answer text, requests sent, failure key): tenacity retries transient failures inside
    the budget; any failure of the service leaves the template as the answer. (The message
    reader asks through it too, with its own `response_format`.)"""
    from tenacity import (
        RetryCallState,
        Retrying,
        retry_if_exception,
        stop_after_attempt,
        stop_before_delay,
        wait_random_exponential,
    )

    backoff = wait_random_exponential(multiplier=0.5, max=4)
    tries = 0

    def wait(state: RetryCallState) -> float:
        return max(0.0, min(backoff(state), deadline - time.monotonic()))

    out_of_time = stop_before_delay(max(0.0, deadline - time.monotonic()))

    def before_sleep(state: RetryCallState) -> None:
        error = state.outcome.exception() if state.outcome else None
        seconds = state.next_action.sleep if state.next_action else 0.0
        # No key, no message text, no personal data: the kind of failure and the timing.
        log.warning(
            "AI request failed (%s); retry %d in %.1fs",
            type(error).__name__,
            state.attempt_number,
            seconds,
        )

    def call() -> str:
        nonlocal tries
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("the AI budget is spent")
        tries += 1
        response = client.chat.completions.create(
            model=model,
            messages=conversation,
            response_format=response_format or RESPONSE_FORMAT,
            timeout=min(request_timeout_s, remaining),
        )
        return str(response.choices[0].message.content or "")

    retrying = Retrying(
        retry=retry_if_exception(_transient),
        stop=stop_after_attempt(8) | out_of_time,
        wait=wait,
        before_sleep=before_sleep,
        reraise=True,
    )
    try:
        return retrying(call), tries, None
    except Exception as error:  # noqa: BLE001 - whatever the service did, the template stands
        if _cause(error, AnswerTooLarge):
            log.warning("AI answer cut off at %d bytes", MAX_ANSWER_BYTES)
            return None, tries, "bad_answer"
        return None, tries, "unavailable" if _unavailable(error) else "refused"
