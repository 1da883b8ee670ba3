"""Rules and their registry: what a compliance run checks, explicitly listed.

A :class:`Rule` has an id, a version, a title, a jurisdiction, tags, a default severity,
the domain it reads and a check. A check receives a :class:`RuleContext` (the office's
public services, the day the run is "as of", and the run's parameters) and yields
:class:`Result` items, one per subject; yielding nothing means the rule passed for the
whole book. A :class:`RuleRegistry` holds rules by id (an id registered twice is an
error) and has a digest, so two runs are comparable only when they used the same rules.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from typing import Any

import attrs

from backoffice_core.compliance.models import Outcome, Severity
from backoffice_core.errors import InvalidInputError, NotFoundError

__all__ = ["Check", "Result", "Rule", "RuleContext", "RuleRegistry", "severity"]

_RULE_ID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")


def severity(value: Severity | str) -> Severity:
    """Return ``value`` as a Severity.

    Raises:
        InvalidInputError: If it names no severity.
    """
    try:
        return Severity(value)
    except ValueError:
        raise InvalidInputError(
            f"severity {value!r} is unknown: use one of {[s.value for s in Severity]}"
        ) from None


@attrs.frozen
class Result:
    """What a check concluded about one subject.

    Args:
        outcome: Pass, fail, not applicable or needs review.
        subject: What it is about (an account, an entry id, a month).
        evidence: A few lines that show why (bounded in the finding).
        due: When the matter must be settled, where a deadline applies.
        severity: A severity for this subject only (the rule's otherwise).
    """

    outcome: Outcome
    subject: str = "*"
    evidence: tuple[str, ...] | list[str] | str = ()
    due: date | None = None
    severity: Severity | None = None

    @classmethod
    def fail(cls, subject: str, *evidence: str, due: date | None = None) -> Result:
        """Return a failure about ``subject``."""
        return cls(Outcome.FAIL, subject, evidence, due)

    @classmethod
    def review(cls, subject: str, *evidence: str, due: date | None = None) -> Result:
        """Return a matter about ``subject`` that a person must look at."""
        return cls(Outcome.NEEDS_REVIEW, subject, evidence, due)

    @classmethod
    def passed(cls, subject: str = "*", *evidence: str) -> Result:
        """Return a pass about ``subject``."""
        return cls(Outcome.PASS, subject, evidence)

    @classmethod
    def not_applicable(cls, why: str) -> Result:
        """Return "not applicable" to the whole book, saying why."""
        return cls(Outcome.NOT_APPLICABLE, "*", (why,))


@attrs.frozen
class RuleContext:
    """What a check reads: the office's public services, the day, the parameters.

    Args:
        office: The office whose books are checked (read through its public services).
        as_of: The day the run judges (deadlines after it are not yet missed).
        params: Parameters of the run (thresholds, account codes…), by name.
    """

    office: Any
    as_of: date
    params: Mapping[str, Any] = attrs.field(factory=dict)
    _read: dict[str, Any] = attrs.field(factory=dict, init=False, repr=False, eq=False)

    def param(self, name: str, default: Any = None) -> Any:
        """Return parameter ``name``, or ``default``."""
        return self.params.get(name, default)

    def shared(self, name: str, read: Callable[[], Any]) -> Any:
        """Return what ``read()`` returns, read once per run and shared by every rule.

        Args:
            name: What is read (rules that share a read use the same name).
            read: Reads it; called the first time ``name`` is asked for in the run.
        """
        if name not in self._read:
            self._read[name] = read()
        return self._read[name]


Check = Callable[[RuleContext], Iterable[Result]]
"""A rule's check: yields one result per subject (nothing at all means a pass)."""


def _tags(values: Iterable[str]) -> frozenset[str]:
    if isinstance(values, str):
        raise InvalidInputError(f"tags {values!r} must be a collection of names, not one string")
    return frozenset(values)


@attrs.frozen
class Rule:
    """One compliance rule.

    Args:
        id: Dotted lower case, such as ``"ledger.audit_chain"``; unique in a registry.
        version: Bumped when the rule's logic changes.
        title: What it checks, in one line.
        domain: The domain it reads (``"ledger"``, ``"documents"``, ``"payroll"``,
            ``"assets"``, ``"inventory"``, ``"tax"``).
        check: The check.
        severity: The default severity of a failure.
        jurisdiction: ``"*"`` for every jurisdiction, or a country code (``"ID"``).
        tags: Free labels to select rules by.
        remediation: What to do when it fails.

    Raises:
        InvalidInputError: If the id, version or severity is malformed.
    """

    id: str
    version: int
    title: str
    domain: str
    check: Check = attrs.field(eq=False, repr=False)
    severity: Severity = attrs.field(default=Severity.MEDIUM, converter=severity)
    jurisdiction: str = "*"
    tags: frozenset[str] = attrs.field(default=frozenset(), converter=_tags)
    remediation: str = ""

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.id, str) or not _RULE_ID.match(self.id):
            raise InvalidInputError(
                f"rule id {self.id!r} must be dotted lower-case words, such as 'ledger.audit_chain'"
            )
        if not isinstance(self.version, int) or isinstance(self.version, bool) or self.version < 1:
            raise InvalidInputError(f"rule {self.id!r}: version {self.version!r} must be >= 1")
        if not callable(self.check):
            raise InvalidInputError(f"rule {self.id!r}: check must be callable")

    def describe(self) -> dict[str, Any]:
        """Return the rule's identity as data (what the registry digest covers)."""
        return {
            "id": self.id,
            "version": self.version,
            "title": self.title,
            "domain": self.domain,
            "severity": self.severity.value,
            "jurisdiction": self.jurisdiction,
            "tags": sorted(self.tags),
        }


class RuleRegistry:
    """An explicit, ordered set of rules.

    Args:
        rules: Rules to register, in order.

    Raises:
        InvalidInputError: If a rule id is registered twice.
    """

    def __init__(self, rules: Iterable[Rule] = ()) -> None:
        self._rules: dict[str, Rule] = {}
        for rule in rules:
            self.register(rule)

    def register(self, rule: Rule) -> Rule:
        """Add ``rule``; return it (so this works as a decorator's last step).

        Raises:
            InvalidInputError: If its id is registered already.
        """
        if not isinstance(rule, Rule):
            raise InvalidInputError(f"{rule!r} is not a Rule")
        if rule.id in self._rules:
            raise InvalidInputError(
                f"rule id {rule.id!r} is registered twice: give the new rule another id, "
                "or bump the version of the existing one"
            )
        self._rules[rule.id] = rule
        return rule

    def extend(self, other: RuleRegistry) -> RuleRegistry:
        """Return a registry with this one's rules, then ``other``'s."""
        return RuleRegistry([*self, *other])

    def get(self, rule_id: str) -> Rule:
        """Return the rule registered as ``rule_id``.

        Raises:
            NotFoundError: If there is none.
        """
        try:
            return self._rules[rule_id]
        except KeyError:
            raise NotFoundError(f"no rule {rule_id!r} is registered") from None

    def select(self, *, tags: Iterable[str] = (), domains: Iterable[str] = ()) -> RuleRegistry:
        """Return the rules that carry every tag in ``tags`` and read one of ``domains``."""
        wanted, only = set(tags), set(domains)
        return RuleRegistry(r for r in self if wanted <= r.tags and (not only or r.domain in only))

    def digest(self) -> str:
        """Return a SHA-256 over every rule's identity: equal digests, comparable runs."""
        data = json.dumps([r.describe() for r in self], sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(data.encode()).hexdigest()

    def to_markdown(self) -> str:
        """Return a Markdown section per rule (the reference page is generated from it)."""
        out = []
        for rule in self:
            doc = inspect.getdoc(rule.check) or ""
            out += [
                f"### `{rule.id}`",
                "",
                f"**{rule.title}** (version {rule.version})",
                "",
                "| domain | default severity | jurisdiction | tags |",
                "|---|---|---|---|",
                f"| {rule.domain} | {rule.severity.value} | {rule.jurisdiction} | "
                f"{', '.join(sorted(rule.tags)) or '-'} |",
                "",
            ]
            if doc:
                out += [doc, ""]
            if rule.remediation:
                out += [f"*Remedy:* {rule.remediation}", ""]
        return "\n".join(out)

    def __iter__(self) -> Iterator[Rule]:
        return iter(self._rules.values())

    def __len__(self) -> int:
        return len(self._rules)

    def __contains__(self, rule_id: object) -> bool:
        return rule_id in self._rules
