"""The plugin contract's version and its rules, each with the contract version that introduced it.

The contract is versioned ``MAJOR.MINOR`` (:data:`CONTRACT_VERSION`). A minor
release only adds (an optional attribute, a helper); anything a plugin relies
on is removed or changed only in a new major, after a minor release in which
it warned as deprecated. A plugin may say which version it was written for in
its optional ``contract_version`` attribute: one for a newer major is refused
(:func:`version_problems`), one for an older minor of this major keeps
working. When a plugin breaks a rule, the registry and the conformance kit
name the rule and the version it dates from (:func:`tagged`, :func:`rule_for_exception`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "CONTRACT_VERSION",
    "RULES",
    "ContractRule",
    "declared_before",
    "explain",
    "newer_minor",
    "parse_version",
    "rule_for_exception",
    "tagged",
    "version_problems",
]

CONTRACT_VERSION = "1.5"
"""The plugin contract this kinemotion implements (``MAJOR.MINOR``); history in CHANGELOG.md."""


@dataclass(frozen=True)
class ContractRule:
    """One rule of the plugin contract: its id, the contract version that introduced it, and what it says."""

    id: str
    since: str
    text: str

    def cite(self) -> str:
        """``contract rule ID, since VERSION``: how messages name a rule."""
        return f"contract rule {self.id}, since {self.since}"


_RULE_LIST = (
    ContractRule("plugin.name", "1.0", "`name` is a non-empty str, lower case with dashes, not `auto`"),
    ContractRule("plugin.priority", "1.0", "`priority` is an int from -1,000,000 to 1,000,000; higher wins in auto"),
    ContractRule(
        "plugin.modes", "1.0", "`modes` is a non-empty tuple (or list) of mode names that includes 'lightweight'"
    ),
    ContractRule("plugin.probe", "1.0", "`probe()` takes no argument, returns an Availability and never raises"),
    ContractRule(
        "plugin.create",
        "1.0",
        "`create(mode='lightweight', **options)` returns a PoseTracker; an unknown mode raises ValueError, "
        "an unknown option TypeError",
    ),
    ContractRule(
        "plugin.contract_version",
        "1.1",
        "the optional `contract_version` is the 'MAJOR.MINOR' the plugin was written for; a newer major than "
        "this kinemotion's is refused",
    ),
    ContractRule(
        "tracker.process_frame",
        "1.0",
        "`process_frame(frame, timestamp_ms=0)` takes a BGR uint8 frame and returns {name: (x, y, visibility)} "
        "or None; timestamp_ms=0 on every call must work",
    ),
    ContractRule(
        "tracker.landmarks",
        "1.0",
        "landmark names come from the canonical vocabulary, the required ones present, x and y normalised to "
        "the frame, visibility in [0, 1]",
    ),
    ContractRule("tracker.close", "1.0", "`close()` may be called twice; the tracker is a context manager"),
    ContractRule(
        "tracker.provider",
        "1.0",
        "the optional `provider` (str) may be assigned in __init__, a class attribute or a property",
    ),
    ContractRule(
        "tracker.model_time_s",
        "1.0",
        "the optional `model_time_s` (cumulative float seconds) may be assigned and added to per frame, a class "
        "attribute or a property",
    ),
    ContractRule(
        "tracker.stage_times_s",
        "1.1",
        "the optional `stage_times_s` (str -> cumulative float seconds) may be assigned, a class attribute or "
        "a property",
    ),
    ContractRule(
        "tracker.reset",
        "1.2",
        "the optional `reset()` forgets the video seen so far, so that the next video's frames give what a new "
        "tracker gives; a tracker without it is closed and created anew for each video of a batch",
    ),
    ContractRule(
        "tracker.foot_timing_bias_s",
        "1.3",
        "the optional `foot_timing_bias_s` is (take-off, landing): how many seconds later (positive) or earlier "
        "than RTMPose the tracker's foot points are seen to leave the ground and to touch it again, each a finite "
        "number within 0.05 s; the jump analysis takes them off its events",
    ),
    ContractRule(
        "tracker.streams",
        "1.4",
        "the optional `streams(count)` returns `count` trackers (or None: not offered), one for each of `count` "
        "threads, each with its own state and reset()/close(), sharing this tracker's models, their model calls "
        "batched together; a later call joins the same batch. A plugin whose trackers offer it says so with "
        "`shares_models = True` (kinemotion asks only those, and the backends that run on an accelerator)",
    ),
    ContractRule(
        "tracker.model_files",
        "1.5",
        "the optional `model_files` is a list or tuple of the paths (str or os.PathLike) of the files the tracker "
        "loaded its models from; every output records each one's size and sha256, and a re-run tracks again "
        "when one of them is no longer the file recorded",
    ),
)

RULES: dict[str, ContractRule] = {rule.id: rule for rule in _RULE_LIST}
"""Every rule of the contract, by id."""

_VERSION = re.compile(r"^(\d+)\.(\d+)$")
_NEAR_VERSION = re.compile(r"^[vV]?(\d+)(?:\.(\d+)(?:\.\d+)*)?$")
"""A version written as a package's (``"1.3.0"``, ``"v1.3"``) or as its major alone (``"1"``): its MAJOR.MINOR is
named as the fix (``"1.0"`` for a major alone)."""


def parse_version(version: str) -> tuple[int, int]:
    """``"1.1"`` -> ``(1, 1)``.

    Raises:
        ValueError: not ``MAJOR.MINOR`` with whole numbers.
    """
    match = _VERSION.match(version.strip()) if isinstance(version, str) else None
    if isinstance(version, int | float) and not isinstance(version, bool):  # `contract_version = 1.2`: 1.20 is 1.2
        quoted = f"{version}" if isinstance(version, float) else f"{version}.0"  # `= 1`: "1" is no MAJOR.MINOR
        raise ValueError(
            f"a contract version is text, 'MAJOR.MINOR' (like {CONTRACT_VERSION!r}), got the number {version!r}: "
            f'write it in quotes, contract_version = "{quoted}"'
        )
    if match is None:
        near = _NEAR_VERSION.match(version.strip()) if isinstance(version, str) else None
        fix = f': write contract_version = "{near[1]}.{near[2] or 0}"' if near is not None else ""
        raise ValueError(f"a contract version is 'MAJOR.MINOR' (like {CONTRACT_VERSION!r}), got {version!r}{fix}")
    return int(match[1]), int(match[2])


def tagged(problem: str, rule_id: str) -> str:
    """``problem`` followed by the rule it breaks: ``... [contract rule plugin.modes, since 1.0]``."""
    return f"{problem} [{RULES[rule_id].cite()}]"


def version_problems(plugin: object) -> list[str]:
    """Why this kinemotion cannot load ``plugin`` for the contract version it declares (empty: it can).

    No ``contract_version`` means a plugin written before 1.1 declared it: it
    is held to contract 1.0, which this kinemotion keeps.
    """
    declared = getattr(plugin, "contract_version", None)
    if declared is None:
        return []
    try:
        major, _minor = parse_version(declared)
    except ValueError as exc:
        return [tagged(f"`contract_version`: {exc}", "plugin.contract_version")]
    ours = parse_version(CONTRACT_VERSION)
    if major > ours[0]:
        return [
            tagged(
                f"written for plugin contract {declared}, but this kinemotion implements contract "
                f"{CONTRACT_VERSION}: upgrade kinemotion (pip install --upgrade kinemotion) to a release "
                f"implementing contract {major}.x",
                "plugin.contract_version",
            )
        ]
    if major < ours[0]:
        return [
            tagged(
                f"written for plugin contract {declared}, which this kinemotion (contract {CONTRACT_VERSION}) no "
                f"longer supports: upgrade the plugin to contract {ours[0]}.x (CHANGELOG.md lists what changed)",
                "plugin.contract_version",
            )
        ]
    return []


def newer_minor(plugin: object) -> str | None:
    """The declared version when it is a newer minor of this major (it loads; features after ours are unused)."""
    declared = getattr(plugin, "contract_version", None)
    try:
        major, minor = parse_version(declared) if declared is not None else (0, 0)
    except ValueError:
        return None
    ours = parse_version(CONTRACT_VERSION)
    return declared if major == ours[0] and minor > ours[1] else None


def declared_before(plugin: object, rule_id: str) -> bool:
    """True when ``plugin`` declares a contract version older than the one that introduced rule ``rule_id``.

    Such a plugin was written knowing a contract without that feature: an attribute of the same name on it
    (a ``reset()`` of its own, written before 1.2 gave the name its meaning) is not the contract's, and is
    not used. A plugin that declares nothing is not judged by this (its features are used when present).
    """
    declared = getattr(plugin, "contract_version", None)
    if declared is None:
        return False
    try:
        return parse_version(declared) < parse_version(RULES[rule_id].since)
    except ValueError:
        return False


_OPTIONAL_ATTRIBUTES = ("model_time_s", "stage_times_s", "provider")
_METHODS = {"process_frame": "tracker.process_frame", "create": "plugin.create", "probe": "plugin.probe"}


def rule_for_exception(exc: BaseException) -> ContractRule | None:
    """The contract rule an exception from a plugin's own code points at, when it is about the contract.

    An ``AttributeError`` naming one of the optional tracker attributes (a
    kinemotion base class refusing a form the contract allows, or a plugin
    reading one that is not there) and a ``TypeError`` about the positional
    arguments of ``process_frame``, ``create`` or ``probe`` (a signature that
    cannot be called the way the contract says kinemotion calls it) are
    contract failures; anything else (an unknown keyword option included) is
    not.
    """
    message = str(exc)
    if isinstance(exc, AttributeError):
        for name in _OPTIONAL_ATTRIBUTES:
            if re.search(rf"\b{name}\b", message):
                return RULES[f"tracker.{name}"]
    if isinstance(exc, TypeError) and "positional argument" in message:
        for method, rule_id in _METHODS.items():
            if f"{method}()" in message:
                return RULES[rule_id]
    return None


def explain(exc: BaseException) -> str:
    """``Type: message``, with the contract rule it breaks and since which version when there is one."""
    rule = rule_for_exception(exc)
    text = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__  # not "MemoryError: " with nothing
    return text if rule is None else f"{text} [{rule.cite()}: {rule.text}]"
