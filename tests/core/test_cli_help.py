"""Every command spells an option the same way and says what it takes in ``--help``."""

from __future__ import annotations

import click

from kinemotion.cli.main import cli


def _commands() -> dict[str, click.Command]:
    assert isinstance(cli, click.Group)
    return dict(cli.commands)


def test_every_option_of_every_command_has_help() -> None:
    """Before: ``kinemotion bench --help`` listed ``--mode TEXT`` with no word on what it takes."""
    bare = [
        f"kinemotion {name} {'/'.join(param.opts)}"
        for name, command in _commands().items()
        for param in command.params
        if isinstance(param, click.Option) and not param.help and "--help" not in param.opts
    ]
    assert not bare


def test_an_option_shared_by_commands_has_the_same_short_form_in_each() -> None:
    """Before: ``-m balanced`` worked on track, cmj and dropjump, and was 'No such option' on bench and backends."""
    forms: dict[str, set[tuple[str, ...]]] = {}
    for command in _commands().values():
        for param in command.params:
            if isinstance(param, click.Option) and "--help" not in param.opts:
                long = next(o for o in param.opts if o.startswith("--"))
                forms.setdefault(long, set()).add(tuple(sorted(o for o in param.opts if not o.startswith("--"))))
    assert {long: shorts for long, shorts in forms.items() if len(shorts) > 1} == {}
