# ruff: noqa: E501  (a table of source lines, each as it is)
"""Round 5's hand-made mutants (docs/mutation.md): the code added since 3ae555d. Run with tools/hand_mutants.py."""

from __future__ import annotations

from typing import Any

B = "kinemotion-core/src/kinemotion/cli/_busy.py"
C = "kinemotion-core/src/kinemotion/models/cache.py"
V = "kinemotion-core/src/kinemotion/versions.py"
R = "kinemotion-core/src/kinemotion/batch/resume.py"
E = "kinemotion-core/src/kinemotion/pose/escapes.py"
S = "kinemotion-core/src/kinemotion/report_html/sources.py"
TB = ["tests/core/test_output_lock_links.py"]
TC = ["tests/core/test_homeless_cache_folder.py", "tests/core/test_model_download.py"]
TV = ["tests/core/test_versions.py", "tests/integration/test_resume.py"]
TE = ["tests/core/test_plugin_misbehaviour.py"]
TS = [
    "tests/integration/test_round20_leftovers.py",
    "tests/integration/test_new_users_round8.py",
    "-k",
    "height or athlete",
]
BA = "kinemotion-core/src/kinemotion/jump/ballistic.py"
AP = "kinemotion-core/src/kinemotion/jump/apex.py"
CM = "kinemotion-core/src/kinemotion/jump/cmj.py"
TG = ["tests/jump/test_ground_shift.py", "tests/jump/test_steps_and_short_hops.py"]
TF = ["tests/jump/test_stand_up_with_the_feet_seen_off.py", "tests/jump/test_steps_and_short_hops.py"]
TH = [
    "tests/jump/test_hand_over_the_feet_at_landing.py",
    "tests/jump/test_apex_gaps.py",
    "tests/jump/test_arm_swing_and_set_endings.py",
]
TU = ["tests/jump/test_unknown_start.py", "tests/jump/test_late_start.py"]
J = "kinemotion-core/src/kinemotion/cli/jump_cmd.py"
K = "kinemotion-core/src/kinemotion/cli/_kept_landmarks.py"
TK = [
    "tests/integration/test_kept_landmarks.py",
    "tests/integration/test_round20_leftovers.py",
    "-k",
    "kept or landmarks",
]


def m(id: str, file: str, old: str, new: str, tests: list[str] | None = None) -> dict[str, Any]:
    """One mutant: ``old`` (found once in ``file``) made ``new``, run against ``tests`` (the kept landmarks' by default)."""
    return {"id": id, "file": file, "old": old, "new": new, "tests": TK if tests is None else tests, "timeout": 600}


MUTANTS = [
    m("busy-nofollow", B, "os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW |", "os.O_RDWR | os.O_CREAT |", TB),
    m(
        "busy-trunc",
        B,
        "os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW |",
        "os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW |",
        TB,
    ),
    m("busy-nlink0", B, "if status.st_nlink == 0:", "if False:", TB),
    m(
        "busy-hardlink",
        B,
        "if not stat.S_ISREG(status.st_mode) or status.st_nlink != 1:",
        "if not stat.S_ISREG(status.st_mode):",
        TB,
    ),
    m("busy-isreg", B, "if not stat.S_ISREG(status.st_mode) or status.st_nlink != 1:", "if status.st_nlink != 1:", TB),
    m(
        "busy-chmod-owner",
        B,
        "if status.st_uid == os.geteuid() and stat.S_IMODE(status.st_mode) != mode:",
        "if stat.S_IMODE(status.st_mode) != mode:",
        TB,
    ),
    m("busy-chmod-del", B, "                os.fchmod(fd, mode)  #", "                pass  #", TB),
    m(
        "busy-samefile-after-lock",
        B,
        "            if _same_file(path, fd):\n                return _Held(fd, path)",
        "            if True:\n                return _Held(fd, path)",
        TB,
    ),
    m(
        "busy-release-unlink-always",
        B,
        "            if _same_file(self._path, self._fd):\n                self._path.unlink()",
        "            if True:\n                self._path.unlink()",
        TB,
    ),
    m(
        "busy-release-no-unlink",
        B,
        "            if _same_file(self._path, self._fd):\n                self._path.unlink()",
        "            if False:\n                self._path.unlink()",
        TB,
    ),
    m("busy-reopens-1", B, "_REOPENS = 16", "_REOPENS = 1", TB),
    m(
        "busy-shared-mode-check",
        B,
        "if not stat.S_ISDIR(status.st_mode) or stat.S_IMODE(status.st_mode) != _SHARED_MODE:",
        "if not stat.S_ISDIR(status.st_mode):",
        TB,
    ),
    m(
        "busy-shared-isdir",
        B,
        "if not stat.S_ISDIR(status.st_mode) or stat.S_IMODE(status.st_mode) != _SHARED_MODE:",
        "if stat.S_IMODE(status.st_mode) != _SHARED_MODE:",
        TB,
    ),
    m("busy-shared-chmod-del", B, "            _MACHINE_FOLDER.chmod(_SHARED_MODE)", "            pass", TB),
    m("busy-shared-filemode", B, "return shared, 0o666", "return shared, 0o600", TB),
    m("busy-private-mode", B, "folder.mkdir(mode=0o700, exist_ok=True)", "folder.mkdir(mode=0o777, exist_ok=True)", TB),
    m(
        "busy-samefile-ino",
        B,
        "return (named.st_dev, named.st_ino) == (opened.st_dev, opened.st_ino)",
        "return named.st_dev == opened.st_dev",
        TB,
    ),
    m("busy-samefile-follow", B, "named = os.stat(path, follow_symlinks=False)", "named = os.stat(path)", TB),
    m(
        "busy-posix-flock",
        B,
        '    if os.name == "posix":\n        return _flock(folder / name, mode)',
        "    if False:\n        return _flock(folder / name, mode)",
        TB,
    ),
    m("busy-nonblock", B, "fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)", "fcntl.flock(fd, fcntl.LOCK_EX)", TB),
    m(
        "busy-blocked-none",
        B,
        "        except BlockingIOError:\n            os.close(fd)\n            return None",
        "        except BlockingIOError:\n            os.close(fd)\n            raise OSError('x')",
        TB,
    ),
    m(
        "busy-posix-only",
        B,
        '    if os.name != "posix" or not _MACHINE_FOLDER.parent.is_dir():',
        "    if not _MACHINE_FOLDER.parent.is_dir():",
        TB,
    ),
    m(
        "cache-notdir",
        C,
        '    if not stat.S_ISDIR(status.st_mode):\n        return "it is not a folder"',
        '    if False:\n        return "it is not a folder"',
        TC,
    ),
    m("cache-uid", C, 'if hasattr(os, "geteuid") and status.st_uid != os.geteuid():', "if False:", TC),
    m("cache-wgrp", C, "status.st_mode & (stat.S_IWGRP | stat.S_IWOTH)", "status.st_mode & stat.S_IWOTH", TC),
    m("cache-woth", C, "status.st_mode & (stat.S_IWGRP | stat.S_IWOTH)", "status.st_mode & stat.S_IWGRP", TC),
    m("cache-mkdir-mode", C, "        folder.mkdir(mode=0o700)", "        folder.mkdir(mode=0o777)", TC),
    m(
        "cache-once",
        C,
        "    if key in _HOMELESS:\n        return _HOMELESS[key]",
        "    if False:\n        return _HOMELESS[key]",
        TC,
    ),
    m("cache-no-atexit", C, "        atexit.register(shutil.rmtree, base, ignore_errors=True)\n", "", TC),
    m("cache-unfit-none", C, "    unfit = _private_folder(base)", "    unfit = None", TC),
    m("cache-remember", C, "    _HOMELESS[key] = base\n", "", TC),
    m("cache-key-tmp", C, "    key = (root, tempfile.gettempdir())", '    key = (root, "")', TC),
    m(
        "cache-offline-tilde",
        C,
        "    except RuntimeError:  # a `~user` of no user here: a folder that is not here, as the messages say\n        return Path(root)",
        "    except RuntimeError:  # a `~user` of no user here: a folder that is not here, as the messages say\n        return None",
        TC,
    ),
    m(
        "cache-homeless-catch",
        C,
        "    except RuntimeError as exc:  # Path.expanduser's",
        "    except ZeroDivisionError as exc:  # Path.expanduser's",
        TC,
    ),
    m(
        "ver-self",
        V,
        "if name is None or name in found or name == _normalized(distribution):",
        "if name is None or name in found:",
        TV,
    ),
    m(
        "ver-dup",
        V,
        "if name is None or name in found or name == _normalized(distribution):",
        "if name is None or name == _normalized(distribution):",
        TV,
    ),
    m(
        "ver-norm-dot",
        V,
        'return re.sub(r"[-_.]+", "-", name).lower()',
        'return re.sub(r"[-_]+", "-", name).lower()',
        TV,
    ),
    m("ver-norm-lower", V, 'return re.sub(r"[-_.]+", "-", name).lower()', 'return re.sub(r"[-_.]+", "-", name)', TV),
    m(
        "ver-none",
        V,
        "        if version is not None:\n            found[name] = version",
        "        if True:\n            found[name] = version",
        TV,
    ),
    m(
        "ver-copy",
        V,
        "    return dict(_requirement_versions(distribution))",
        "    return _requirement_versions(distribution)",
        TV,
    ),
    m("ver-sorted", V, "    return tuple(sorted(found.items()))", "    return tuple(found.items())", TV),
    m(
        "ver-regex-space",
        V,
        're.compile(r"^\\s*([A-Za-z0-9][A-Za-z0-9._-]*)")',
        're.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)")',
        TV,
    ),
    m(
        "ver-regex-dot",
        V,
        're.compile(r"^\\s*([A-Za-z0-9][A-Za-z0-9._-]*)")',
        're.compile(r"^\\s*([A-Za-z0-9][A-Za-z0-9_-]*)")',
        TV,
    ),
    m(
        "ver-notfound",
        V,
        "    except PackageNotFoundError:\n        return ()",
        "    except PackageNotFoundError:\n        return (('x', '1'),)",
        TV,
    ),
    m("resume-runtime", R, '        and used.get("runtime") == requirement_versions(distribution)\n', "", TV),
    m("resume-version", R, '        and recorded_version(distribution) == used.get("version")\n', "", TV),
    m("esc-exit", E, "    if isinstance(exc, SystemExit):", "    if False:", TE),
    m("esc-code", E, "sys.exit({exc.code!r})", "sys.exit()", TE),
    m("esc-explain", E, "{who} {failed}: {explain(exc)} (a BaseException", "{who} {failed}: (a BaseException", TE),
    m("esc-togo", E, 'leaked from its own code). {to_go_on}"', 'leaked from its own code)."', TE),
    m("esc-togo-exit", E, 'not exit. {to_go_on}"', 'not exit."', TE),
    m("esc-during", E, "sys.exit({exc.code!r}) {during}:", "sys.exit({exc.code!r}):", TE),
    m("h-comma", S, "        if _DECIMAL_COMMA.match(cell):", "        if False:", TS),
    m(
        "h-comma-anchor",
        S,
        '_DECIMAL_COMMA = re.compile(r"^\\d+,\\d+$")',
        '_DECIMAL_COMMA = re.compile(r"\\d+,\\d+")',
        TS,
    ),
    m("h-twocols", S, "    if header.count(HEIGHT_COLUMN) > 1:", "    if header.count(HEIGHT_COLUMN) > 2:", TS),
    m("h-novideo", S, "        if not video or not cell:", "        if not cell:", TS),
    m("h-nocell", S, "        if not video or not cell:", "        if not video:", TS),
    m("h-two-heights", S, "        if heights.get(video, height) != height:", "        if False:", TS),
    m(
        "h-listchecks",
        S,
        "    _athletes_of(path, rows)  # the list's own checks first",
        "    # the list's own checks first",
        TS,
    ),
    m("h-nocol", S, "    if HEIGHT_COLUMN not in header:\n        return {}", "    if False:\n        return {}", TS),
    m(
        "h-check",
        S,
        "height = check_athlete_height(float(cell)) if _is_number(cell) else None",
        "height = float(cell) if _is_number(cell) else None",
        TS,
    ),
    m(
        "h-row",
        S,
        "    for number, cells in enumerate(rows, start=2):\n        video, cell",
        "    for number, cells in enumerate(rows, start=1):\n        video, cell",
        TS,
    ),
    m("gc-sign-boundary", BA, "    if hips_moved * feet_moved <= 0:", "    if hips_moved * feet_moved < 0:", TG),
    m(
        "gc-opposite-feet",
        BA,
        "    if hips_moved * feet_moved <= 0:\n        return 0.0",
        "    if hips_moved * feet_moved <= 0:\n        return feet_moved",
        TG,
    ),
    m(
        "gc-max",
        BA,
        "return math.copysign(min(abs(feet_moved), abs(hips_moved)), feet_moved)",
        "return math.copysign(max(abs(feet_moved), abs(hips_moved)), feet_moved)",
        TG,
    ),
    m(
        "gc-hips-only",
        BA,
        "return math.copysign(min(abs(feet_moved), abs(hips_moved)), feet_moved)",
        "return hips_moved",
        TG,
    ),
    m(
        "gc-unseen-zero",
        BA,
        "        return feet_moved  # the hips not seen on a side",
        "        return 0.0  # the hips not seen on a side",
        TG,
    ),
    m("gc-airborne-kept", BA, "        hips = s.hip[idx[~airborne[idx]]]", "        hips = s.hip[idx]", TG),
    m(
        "gc-window-after",
        BA,
        "        (flight.last_index + 1, flight.last_index + 1 + window),",
        "        (flight.last_index + 1, flight.last_index + 2),",
        TG,
    ),
    m("gc-unused", BA, "    moved = ground_change(s, flight)", "    moved = flight.ground_shift", TG),
    m("gc-flag", BA, "    shift = moved if abs(moved) > CAMERA_SHIFT_FLAG else 0.0", "    shift = moved", TG),
    m(
        "vel-drop",
        BA,
        "    if a - SIGMAS * se < LOW * g_low:  # a parabola that cannot show the fall",
        "    if False:  # a parabola that cannot show the fall",
        TF,
    ),
    m(
        "vel-plus",
        BA,
        "    if a - SIGMAS * se < LOW * g_low:  # a parabola that cannot show the fall",
        "    if a + SIGMAS * se < LOW * g_low:  # a parabola that cannot show the fall",
        TF,
    ),
    m(
        "vel-g",
        BA,
        "    if a - SIGMAS * se < LOW * g_low:  # a parabola that cannot show the fall",
        "    if a - SIGMAS * se < LOW * LOW * g_low:  # a parabola that cannot show the fall",
        TF,
    ),
    m(
        "vel-always",
        BA,
        "    if a - SIGMAS * se < LOW * g_low:  # a parabola that cannot show the fall",
        "    if True:  # a parabola that cannot show the fall",
        [*TF, "tests/jump/test_ground_shift.py"],
    ),
    m(
        "hov-false",
        AP,
        "    return bool(float(np.mean(HOVER_SHARE * hips - feet)) > CLEAR_SIGMAS * spread)",
        "    return False",
        TH,
    ),
    m("hov-share", AP, "HOVER_SHARE = 0.5\n", "HOVER_SHARE = 0.25\n", TH),
    m("hov-share-high", AP, "HOVER_SHARE = 0.5\n", "HOVER_SHARE = 0.9\n", TH),
    m(
        "hov-above",
        AP,
        "after = np.flatnonzero((s.t > seen) & (s.t <= takeoff_s) & (s.foot > level))",
        "after = np.flatnonzero((s.t > seen) & (s.t <= takeoff_s))",
        TH,
    ),
    m("hov-bias", AP, "    seen = flight.takeoff_s + s.timing_bias_s[0]  #", "    seen = flight.takeoff_s  #", TH),
    m("hov-level", AP, "    level = flight.level_before + contact_level(s)", "    level = flight.level_before", TH),
    m("hov-spread", AP, "/ math.sqrt(int(inside.sum()))", "* math.sqrt(int(inside.sum()))", TH),
    m(
        "hov-sigmas",
        AP,
        "    return bool(float(np.mean(HOVER_SHARE * hips - feet)) > CLEAR_SIGMAS * spread)",
        "    return bool(float(np.mean(HOVER_SHARE * hips - feet)) > 0)",
        TH,
    ),
    m(
        "hov-hips-ref",
        AP,
        "    hips = s.hip[inside] - float(np.interp(seen, s.t, s.hip_smooth))",
        "    hips = s.hip[inside] - float(np.interp(takeoff_s, s.t, s.hip_smooth))",
        TH,
    ),
    m("hov-nocall", AP, "    if _hovered(s, flight, takeoff):", "    if False:", TH),
    m(
        "hov-empty-true",
        AP,
        "    if not len(after):\n        return False",
        "    if not len(after):\n        return True",
        TH,
    ),
    m(
        "hov-why",
        AP,
        '        why = "the feet then hovered, rising far less than the hips"',
        '        why = "the hips were still pushed up by the legs then"',
        TH,
    ),
    m(
        "us-drop",
        CM,
        "        held_s >= SQUAT_HOLD_S\n        if unseen_start\n",
        "        held_s >= SQUAT_HOLD_S\n        if False\n",
        TU,
    ),
    m(
        "us-any-hold",
        CM,
        "        held_s >= SQUAT_HOLD_S\n        if unseen_start\n",
        "        held_s > 0\n        if unseen_start\n",
        TU,
    ),
    m(
        "us-always-cmj",
        CM,
        "        held_s >= SQUAT_HOLD_S\n        if unseen_start\n",
        "        False\n        if unseen_start\n",
        TU,
    ),
    m(
        "us-start0",
        CM,
        "        start == 0 and started_low and _still_stretch",
        "        started_low and _still_stretch",
        TU,
    ),
    m(
        "us-msg",
        CM,
        '                if squat\n                else " and it is counted',
        '                if not squat\n                else " and it is counted',
        TU,
    ),
    m(
        "kp-input",
        J,
        "    if any(path.resolve() == given.resolve() for given in inputs) or path.is_symlink():\n        return None\n    if path.exists()",
        "    if path.is_symlink():\n        return None\n    if path.exists()",
    ),
    m(
        "kp-symlink",
        J,
        "    if any(path.resolve() == given.resolve() for given in inputs) or path.is_symlink():\n        return None\n    if path.exists()",
        "    if any(path.resolve() == given.resolve() for given in inputs):\n        return None\n    if path.exists()",
    ),
    m(
        "kp-vouch",
        J,
        "    if path.exists() and not (path.is_file() and _vouched_for(earlier_report, path)):",
        "    if path.exists() and not path.is_file():",
    ),
    m(
        "kp-exists",
        J,
        "    if path.exists() and not (path.is_file() and _vouched_for(earlier_report, path)):",
        "    if False:",
    ),
    m(
        "kp-meanwhile",
        J,
        "        if keep is not None and (keep[1].is_symlink() or _found_at(keep[1]) != keep[2]):",
        "        if keep is not None and keep[1].is_symlink():",
    ),
    m(
        "kp-busy",
        J,
        "            except OutputBusyError:  # another run is writing it: not kept\n                keep = None",
        "            except OutputBusyError:  # another run is writing it: not kept\n                pass",
    ),
    m(
        "kl-whole",
        K,
        '    return tracking_problem(data) is None and data.get("complete") is True',
        "    return tracking_problem(data) is None",
    ),
    m(
        "kl-force",
        K,
        "    holds = [_held(path) if path.is_file() and not batch.force else None for path in kept]",
        "    holds = [_held(path) if path.is_file() else None for path in kept]",
    ),
    m(
        "kl-complete",
        K,
        "    if not tracking.complete or path.exists() or path.is_symlink():",
        "    if path.exists() or path.is_symlink():",
    ),
    m(
        "kl-inputs",
        K,
        "    if any(path.resolve() == given.resolve() for given in inputs):\n        return None\n    try:",
        "    try:",
    ),
    m(
        "kl-meanwhile",
        K,
        "            if path.exists() or path.is_symlink():  # written meanwhile\n                return None",
        "            if False:  # written meanwhile\n                return None",
    ),
    m(
        "kl-held-close",
        K,
        "        elif hold is not None:\n            hold.close()",
        "        elif hold is not None:\n            pass",
    ),
]
