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


def test_the_command_list_says_which_command_measures_a_squat_jump() -> None:
    """A coach reading ``kinemotion --help`` for squat jumps finds ``cmj`` there, not only by typing ``sj``.

    Before: "cmj  Counter-movement jump metrics of every jump in each VIDEO..." and no word of squat jumps in
    ``kinemotion --help`` or ``kinemotion cmj --help``.
    """
    from click.testing import CliRunner

    listing = CliRunner().invoke(cli, ["--help"], terminal_width=100).output
    (line,) = [ln for ln in listing.splitlines() if ln.strip().startswith("cmj ")]
    assert "squat jump" in line, line
    assert '"jump_kind": "squat_jump"' in " ".join(CliRunner().invoke(cli, ["cmj", "--help"]).output.split())
