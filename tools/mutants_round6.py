# ruff: noqa: E501  (a table of source lines, each as it is)
"""Round 6's hand-made mutants (docs/mutation.md): the code added since 13c8148. Run with tools/hand_mutants.py."""

from __future__ import annotations

from typing import Any

AN = "kinemotion-core/src/kinemotion/kinematics/angles.py"
MF = "kinemotion-core/src/kinemotion/kinematics/motion_files.py"
PO = "kinemotion-core/src/kinemotion/jump/posture.py"
SC = "kinemotion-core/src/kinemotion/jump/scale.py"
BA = "kinemotion-core/src/kinemotion/jump/ballistic.py"
DJ = "kinemotion-core/src/kinemotion/jump/dropjump.py"
CM = "kinemotion-core/src/kinemotion/jump/cmj.py"
SH = "kinemotion-core/src/kinemotion/batch/shared.py"
TR = "kinemotion-core/src/kinemotion/tracking/result.py"
KIT = "kinemotion-core/src/kinemotion/testing/__init__.py"
ST = "kinemotion-rtmpose/src/kinemotion_rtmpose/stream_tracker.py"
RE = "kinemotion-core/src/kinemotion/batch/resume.py"
JC = "kinemotion-core/src/kinemotion/cli/jump_cmd.py"
PA = "kinemotion-core/src/kinemotion/cli/_paths.py"
FD = "kinemotion-core/src/kinemotion/file_digest.py"
UT = "kinemotion-core/src/kinemotion/cli/_unicode_twins.py"
AT = "kinemotion-core/src/kinemotion/athletes.py"

TA = ["tests/kinematics/test_angles.py", "tests/jump/test_jump_angles.py"]
TM = ["tests/kinematics/test_motion_files.py", "tests/kinematics/test_cli_angles.py", "tests/kinematics/test_scale.py"]
TP = ["tests/jump/test_jump_angles.py"]
TL = ["tests/jump/test_stand_up_with_the_feet_seen_off.py", "tests/jump/test_steps_and_short_hops.py"]
TU = ["tests/jump/test_uncertainty.py", "-k", "rsi or propagated or force_plates"]
TS = [
    "tests/integration/test_staleness_round19.py",
    "tests/integration/test_review23.py",
    "tests/rtmpose/test_stream_batch.py",
    "-k",
    "model",
]
TK = ["tests/core/test_conformance_kit.py", "-k", "stream"]
TH = ["tests/integration/test_hostile_input_round19.py", "-k", "shares_models"]
TR_ = ["tests/integration/test_review23.py", "tests/integration/test_resume.py", "-k", "model"]
TO = ["tests/integration/test_hostile_input_round18.py", "-k", "read_only"]
TD = ["tests/core/test_identity.py"]
TT = ["tests/integration/test_review23.py", "tests/integration/test_staleness_round19.py", "-k", "unicode"]
TAL = [
    "tests/integration/test_hostile_input_round19.py",
    "tests/report/test_page_content.py",
    "-k",
    "athlete",
]


def m(id: str, file: str, old: str, new: str, tests: list[str]) -> dict[str, Any]:
    """One mutant: ``old`` (found once in ``file``) made ``new``, run against ``tests``."""
    return {"id": id, "file": file, "old": old, "new": new, "tests": tests, "timeout": 600}


MUTANTS = [
    # kinematics/angles.py
    m(
        "an-cross-sign",
        AN,
        "cross = u[:, 0] * v[:, 1] - u[:, 1] * v[:, 0]",
        "cross = u[:, 0] * v[:, 1] + u[:, 1] * v[:, 0]",
        TA,
    ),
    m("an-abs-cross", AN, "np.arctan2(np.abs(cross), dot)", "np.arctan2(cross, dot)", TA),
    m(
        "an-zero-or",
        AN,
        "zero = (np.hypot(u[:, 0], u[:, 1]) == 0) | (np.hypot(v[:, 0], v[:, 1]) == 0)",
        "zero = (np.hypot(u[:, 0], u[:, 1]) == 0) & (np.hypot(v[:, 0], v[:, 1]) == 0)",
        TA,
    ),
    m(
        "an-flex-180",
        AN,
        "return 180.0 - _between(a - vertex, b - vertex)",
        "return _between(a - vertex, b - vertex)",
        TA,
    ),
    m(
        "an-flex-vertex",
        AN,
        "return 180.0 - _between(a - vertex, b - vertex)",
        "return 180.0 - _between(a - vertex, b - a)",
        TA,
    ),
    m(
        "an-dorsi-90",
        AN,
        "return 90.0 - _between(knee - ankle, toe - heel)",
        "return _between(knee - ankle, toe - heel) - 90.0",
        TA,
    ),
    m(
        "an-dorsi-heel",
        AN,
        "return 90.0 - _between(knee - ankle, toe - heel)",
        "return 90.0 - _between(knee - ankle, heel - toe)",
        TA,
    ),
    m("an-trunk-up", AN, "np.array([0.0, -1.0])", "np.array([0.0, 1.0])", TA),
    m(
        "an-trunk-mid",
        AN,
        "trunk = (left_shoulder + right_shoulder) / 2 - (left_hip + right_hip) / 2",
        "trunk = (left_shoulder + right_shoulder) / 2 - left_hip",
        TA,
    ),
    m(
        "an-aspect-x",
        AN,
        "xy = np.stack([series[:, 0] * aspect, series[:, 1]], axis=1)",
        "xy = np.stack([series[:, 0], series[:, 1]], axis=1)",
        TA,
    ),
    m("an-aspect-inv", AN, "aspect = width / height", "aspect = height / width", TA),
    m("an-vis-ge", AN, "unseen = ~(series[:, 2] >= min_visibility)", "unseen = ~(series[:, 2] > min_visibility)", TA),
    m("an-vis-nan", AN, "unseen = ~(series[:, 2] >= min_visibility)", "unseen = series[:, 2] < min_visibility", TA),
    m("an-size-and", AN, "if not (width > 0 and height > 0):", "if not (width > 0 or height > 0):", TA),
    m(
        "an-missing-super",
        AN,
        "for a in ANGLES if not have.issuperset(a.points)}",
        "for a in ANGLES if have.issuperset(a.points)}",
        TA,
    ),
    m(
        "an-time-ms",
        AN,
        "np.asarray(result.timestamps_ms, dtype=np.float64) / 1000.0",
        "np.asarray(result.timestamps_ms, dtype=np.float64) / 100.0",
        TA,
    ),
    m("an-minvis", AN, "MIN_VISIBILITY = 0.3", "MIN_VISIBILITY = 0.5", TA + TM),
    # kinematics/motion_files.py
    m("mf-ncols", MF, 'f"nColumns={len(angles.names) + 1}"', 'f"nColumns={len(angles.names)}"', TM),
    m(
        "mf-trc-y",
        MF,
        "y = np.where(unseen, np.nan, (1.0 - points[:, :, 1]) * scale_y)",
        "y = np.where(unseen, np.nan, points[:, :, 1] * scale_y)",
        TM,
    ),
    m(
        "mf-trc-scale-x",
        MF,
        "scale_x, scale_y = metres_per_frame_height * width / height, float(metres_per_frame_height)",
        "scale_x, scale_y = float(metres_per_frame_height), float(metres_per_frame_height)",
        TM,
    ),
    m("mf-trc-frame1", MF, "row = [str(i + 1), f", "row = [str(i), f", TM),
    m("mf-trc-vis", MF, "unseen = ~(points[:, :, 2] >= min_visibility)", "unseen = points[:, :, 2] < 0", TM),
    m("mf-trc-z", MF, '"0" if seen else ""', '"0"', TM),
    m(
        "mf-marker-side",
        MF,
        'for prefix, letter in (("left_", "L"), ("right_", "R")):',
        'for prefix, letter in (("left_", "R"), ("right_", "L")):',
        TM,
    ),
    m("mf-scale-pos", MF, "metres_per_frame_height > 0):", "metres_per_frame_height >= 0):", TM),
    m("mf-csv-blank", MF, 'return "" if math.isnan(value) else', 'return "nan" if math.isnan(value) else', TM),
    m(
        "sc-nose",
        SC,
        "return height * NOSE_TO_FEET_PER_HEIGHT / signals.body_height",
        "return height / signals.body_height",
        TM,
    ),
    # jump/posture.py
    m("po-both-mean", PO, "(right + left) / 2", "right", TP),
    m(
        "po-both-swap",
        PO,
        "both = np.where(np.isnan(right), left, np.where(np.isnan(left), right,",
        "both = np.where(np.isnan(right), right, np.where(np.isnan(left), left,",
        TP,
    ),
    m("po-at-upper", PO, "if not (0 <= frame <= len(series) - 1):", "if not (0 <= frame <= len(series)):", TP),
    m(
        "po-at-share",
        PO,
        "float(series[below] * (1 - share) + series[above] * share)",
        "float(series[below] * share + series[above] * (1 - share))",
        TP,
    ),
    m("po-at-floor", PO, "below = math.floor(frame)", "below = round(frame)", TP),
    m(
        "po-noise-near",
        PO,
        "return robust_noise(residual[np.abs(t - time_s) <= NOISE_NEAR_S])",
        "return robust_noise(residual)",
        TP,
    ),
    m(
        "po-kept-share",
        PO,
        "residual = (series - smooth) / math.sqrt(1.0 - kept_share(window))",
        "residual = series - smooth",
        TP,
    ),
    m(
        "po-slope-sd",
        PO,
        'sd = sds.get("lowest_point" if event == "lowest" else event, 0.0)',
        "sd = sds.get(event, 0.0)",
        TP,
    ),
    m(
        "po-slope-drop",
        PO,
        "math.hypot(noise, slope * (sd if math.isfinite(sd) else 0.0))",
        "math.hypot(noise, 0.0)",
        TP,
    ),
    m(
        "po-landing-ge",
        PO,
        "after = (s.t >= landing_s) & (s.t <= landing_s + LANDING_WINDOW_S)",
        "after = s.t >= landing_s",
        TP,
    ),
    m("po-landing-max", PO, "float(seen.max()) if len(seen)", "float(seen.min()) if len(seen)", TP),
    m("po-window", PO, "LANDING_WINDOW_S = 0.5", "LANDING_WINDOW_S = 0.1", TP),
    m(
        "po-spread-finite",
        PO,
        "for name in ANGLE_METRICS if math.isfinite(ordered[name])}",
        "for name in ANGLE_METRICS}",
        TP,
    ),
    m(
        "po-lowest-argmax",
        PO,
        "return float(s.t[inside[int(np.nanargmin(hips))]])",
        "return float(s.t[inside[int(np.nanargmax(hips))]])",
        TP,
    ),
    m(
        "po-lowest-none",
        PO,
        "    if not np.isfinite(hips).any():\n        return None",
        "    if not np.isfinite(hips).all():\n        return None",
        TP,
    ),
    m(
        "po-dj-lowest-args",
        DJ,
        "lowest = lowest_hip_between(s, drop.landing_s, flight.takeoff_s)",
        "lowest = lowest_hip_between(s, drop.takeoff_s, flight.takeoff_s)",
        TP,
    ),
    m(
        "po-cmj-lowest",
        CM,
        "angles, angle_spreads = jump_angles(s, flight.takeoff_s, flight.landing_s, float(s.t[lowest_i]), event_sds)",
        "angles, angle_spreads = jump_angles(s, flight.takeoff_s, flight.landing_s, float(s.t[lowest_i]), {})",
        TP,
    ),
    m(
        "po-cmj-landing",
        CM,
        "angles, angle_spreads = jump_angles(s, flight.takeoff_s, flight.landing_s, float(s.t[lowest_i]), event_sds)",
        "angles, angle_spreads = jump_angles(s, flight.takeoff_s, flight.takeoff_s, float(s.t[lowest_i]), event_sds)",
        TP,
    ),
    # jump/ballistic.py: the landing velocity and _require_landing_fall
    m(
        "bl-landing-v",
        BA,
        "landing_velocity_bh_s=float(c1 + 2 * c2 * duration),",
        "landing_velocity_bh_s=float(c1 - 2 * c2 * duration),",
        TL,
    ),
    m(
        "bl-landing-lin",
        BA,
        "at_landing = np.array([0.0, 1.0, 0.0]), np.array([2 * duration, 1.0, 0.0])",
        "at_landing = np.array([0.0, 1.0, 0.0]), np.array([duration, 1.0, 0.0])",
        TL,
    ),
    m("bl-short-sign", BA, "short = down + LANDING_SPEED_SHARE * up", "short = down - LANDING_SPEED_SHARE * up", TL),
    m("bl-up-pos", BA, "if up > 0 and short > SIGMAS * spread:", "if short > SIGMAS * spread:", TL),
    m("bl-sigmas", BA, "if up > 0 and short > SIGMAS * spread:", "if up > 0 and short > spread:", TL),
    m(
        "bl-cov-sign",
        BA,
        "var_down + 2 * LANDING_SPEED_SHARE * cov +",
        "var_down - 2 * LANDING_SPEED_SHARE * cov +",
        TL,
    ),
    m("bl-cov-order", BA, "var_up, cov, var_down = fit.velocity_cov", "var_down, cov, var_up = fit.velocity_cov", TL),
    m("bl-call-del", BA, "    _require_landing_fall(fit, where)\n", "", TL),
    m("bl-gt-ge", BA, "if up > 0 and short > SIGMAS * spread:", "if up > 0 and short >= SIGMAS * spread:", TL),
    m("bl-share", BA, "LANDING_SPEED_SHARE = 0.25", "LANDING_SPEED_SHARE = 0.5", TL),
    # RSI / RSImod uncertainty
    m(
        "rsi-dj-flight2",
        DJ,
        "(2 * flight.duration_sd_s / flight.duration_s) ** 2",
        "(flight.duration_sd_s / flight.duration_s) ** 2",
        TU,
    ),
    m(
        "rsi-dj-shared-sign",
        DJ,
        "        + 2 * (2 / flight.duration_s) * (1 / contact) * flight.takeoff_sd_s**2",
        "        - 2 * (2 / flight.duration_s) * (1 / contact) * flight.takeoff_sd_s**2",
        TU,
    ),
    m(
        "rsi-dj-shared-del",
        DJ,
        "        + 2 * (2 / flight.duration_s) * (1 / contact) * flight.takeoff_sd_s**2",
        "",
        TU,
    ),
    m("rsi-dj-contact", DJ, "        + (contact_sd / contact) ** 2\n", "", TU),
    m(
        "rsi-dj-z",
        DJ,
        '"reactive_strength_index": COVERAGE_Z * rsi * rsi_relative_sd,',
        '"reactive_strength_index": rsi * rsi_relative_sd,',
        TU,
    ),
    m(
        "rsi-cmj-shared-del",
        CM,
        "+ (ttt_sd / time_to_takeoff) ** 2 + shared)",
        "+ (ttt_sd / time_to_takeoff) ** 2)",
        TU,
    ),
    m(
        "rsi-cmj-shared-2",
        CM,
        "shared = 2 * (2 / flight_time) * (1 / time_to_takeoff) * flight.takeoff_sd_s**2",
        "shared = (2 / flight_time) * (1 / time_to_takeoff) * flight.takeoff_sd_s**2",
        TU,
    ),
    m(
        "rsi-cmj-shared-sd",
        CM,
        "shared = 2 * (2 / flight_time) * (1 / time_to_takeoff) * flight.takeoff_sd_s**2",
        "shared = 2 * (2 / flight_time) * (1 / time_to_takeoff) * flight.takeoff_sd_s",
        TU,
    ),
    # streams' model files
    m("sh-share-base-del", SH, "        share_model_files(base, streams or [])  #", "        pass  #", TS),
    m("sh-share-more-del", SH, "                share_model_files(self._base, more)  #", "                pass  #", TS),
    m("sh-models-of", SH, "models_of=self._base.tracker)", "models_of=None)", TS),
    m(
        "tr-models-of-cond",
        TR,
        "if selection.models_of is not None and model_files_of(tracker) is None:",
        "if selection.models_of is not None:",
        TS,
    ),
    m("tr-models-of-del", TR, "        tracker = selection.models_of  #", "        pass  #", TS),
    m(
        "tr-share-ne",
        TR,
        "            if model_files_of(stream) != own:\n                continue",
        "            if model_files_of(stream) == own:\n                continue",
        TS,
    ),
    m(
        "tr-share-declared",
        TR,
        '    if declared_before(selection.info.plugin, "tracker.model_files"):\n        return\n    try:\n        records',
        "    if False:\n        return\n    try:\n        records",
        TS,
    ),
    m("st-model-files", ST, "            model_files=tracker.model_files,  #", "            #", TS),
    m(
        "sh-shares-raises",
        SH,
        "        return False\n    return shares and",
        "        return True\n    return shares and",
        TH,
    ),
    m(
        "kit-files-del",
        KIT,
        "    if files_problem:\n        return [files_problem]",
        "    if False:\n        return [files_problem]",
        TK,
    ),
    m(
        "kit-files-ne",
        KIT,
        "differing = [k for k, stream in enumerate(streams) if model_files_of(stream) != own]",
        "differing = [k for k, stream in enumerate(streams) if model_files_of(stream) is None]",
        TK,
    ),
    m(
        "kit-declared",
        KIT,
        '    if declared_before(plugin, "tracker.model_files"):\n        return ""\n    try:\n        own',
        '    if False:\n        return ""\n    try:\n        own',
        TK,
    ),
    # resume: relative model option
    m(
        "re-abs-continue",
        RE,
        "            if given.is_absolute():\n                continue",
        "            if given.is_absolute():\n                pass",
        TR_,
    ),
    m(
        "re-isfile",
        RE,
        "            if not here.is_file():\n                continue",
        "            if here.is_file():\n                continue",
        TR_,
    ),
    m(
        "re-name-eq",
        RE,
        "if any(model.name == here.name and not _same_place(model, here) for model in loaded):",
        "if any(not _same_place(model, here) for model in loaded):",
        TR_,
    ),
    m(
        "re-same-place",
        RE,
        "if any(model.name == here.name and not _same_place(model, here) for model in loaded):",
        "if any(model.name == here.name for model in loaded):",
        TR_,
    ),
    m(
        "re-call-del",
        RE,
        "    if not (_same_model_files(used) and _options_name_the_model_files(used)):",
        "    if not _same_model_files(used):",
        TR_,
    ),
    m(
        "re-samefile-except",
        RE,
        "        return os.path.samefile(a, b)\n    except (OSError, ValueError):\n        return False",
        "        return os.path.samefile(a, b)\n    except (OSError, ValueError):\n        return True",
        TR_,
    ),
    m("re-strip", RE, "if not isinstance(value, str) or not value.strip():", "if not isinstance(value, str):", TR_),
    # the read-only all-done exit
    m(
        "ro-page",
        JC,
        "if page is not None or len(found) < len(videos) or edited or any(f is None for f in found.values()):",
        "if len(found) < len(videos) or edited or any(f is None for f in found.values()):",
        TO,
    ),
    m(
        "ro-none",
        JC,
        "if page is not None or len(found) < len(videos) or edited or any(f is None for f in found.values()):",
        "if page is not None or len(found) < len(videos) or edited:",
        TO,
    ),
    m(
        "ro-table-diff",
        JC,
        'if there is None or there.replace("\\r\\n", "\\n") != text.replace("\\r\\n", "\\n"):',
        "if there is None:",
        TO,
    ),
    m("ro-refusal", JC, "if twins or targets.refusal.exists():  # an earlier", "if twins:  # an earlier", TO),
    m(
        "ro-unwritable-first",
        PA,
        "        except OutputError as exc:\n            return exc\n    return None",
        "        except OutputError as exc:\n            return None\n    return None",
        TO,
    ),
    # file_digest
    m("fd-settled", FD, "settled = before.st_ctime_ns < started_ns - int(RECENT_CHANGE_S * 1e9)", "settled = True", TD),
    m(
        "fd-unchanged",
        FD,
        "if unchanged and settled and _CTIME_IS_CHANGE_TIME:",
        "if settled and _CTIME_IS_CHANGE_TIME:",
        TD,
    ),
    m(
        "fd-known-return",
        FD,
        "        if known is not None:\n            return known",
        "        if False:\n            return known",
        TD,
    ),
    m(
        "fd-settled-sign",
        FD,
        "settled = before.st_ctime_ns < started_ns - int(RECENT_CHANGE_S * 1e9)",
        "settled = before.st_ctime_ns < started_ns + int(RECENT_CHANGE_S * 1e9)",
        TD,
    ),
    # Unicode twins and the athlete list
    m(
        "ut-oserror",
        UT,
        "    except OSError:  # a name the folder cannot hold (decomposed, it takes more bytes): no such file there\n        return None",
        "    except ValueError:  # a name the folder cannot hold (decomposed, it takes more bytes): no such file there\n        return None",
        TT,
    ),
    m("at-normpath", AT, "    posix = posixpath.normpath(posix) if posix else posix\n", "", TAL),
    m(
        "at-landmarks",
        AT,
        "    return athlete_match(given, athletes) if isinstance(given, str) else None",
        "    return None",
        TAL,
    ),
    m(
        "at-found-first",
        AT,
        "    if found is not None:\n        return found",
        "    if False:\n        return found",
        TAL,
    ),
]
