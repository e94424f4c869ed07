"""The control file as the backend reads it: commands at their line, bad lines refused with a
reason (and reading goes on), a file created anew read from its start, a FIFO never opened,
and every command applied by the trainer answered with a notice."""

import json
import os

import pytest

from asf_torch.control import Control, check


def append(folder, *lines):
    with open(os.path.join(folder, "control.jsonl"), "a") as f:
        for line in lines:
            f.write((line if isinstance(line, str) else json.dumps(line)) + "\n")


def test_lines_before_the_run_are_skipped_unless_read_from_the_start(tmp_path):
    append(tmp_path, {"command": "stop"})
    assert Control(str(tmp_path)).take() == ([], [])
    assert Control(str(tmp_path), from_start=True).take()[0] == [{"command": "stop"}]


def test_bad_lines_are_refused_and_reading_goes_on(tmp_path):
    control = Control(str(tmp_path))
    append(tmp_path, {"command": "pause"}, "not json", {"command": "threshold", "value": "2"},
           '{"command": "lr", "value": Infinity}', {"command": "T", "value": 2.5},
           {"command": "threshold", "layer": True, "by": 0.1}, {"command": "fly"},
           {"command": "switch", "change": "mask"})
    with open(tmp_path / "control.jsonl", "a") as f:
        f.write('{"command": "resume"')  # not ended: read when it is
    commands, refusals = control.take()
    assert commands == [{"command": "pause"}, {"command": "switch", "change": "mask"}]
    assert len(refusals) == 6
    assert refusals[0] == "control line 2 is not JSON: refused"
    assert "value must be a finite number" in refusals[1]
    assert "positive finite number" in refusals[2] and "line 4" in refusals[2]
    assert "whole number" in refusals[3]
    assert "layer index" in refusals[4]
    assert "unknown command 'fly'" in refusals[5]
    with open(tmp_path / "control.jsonl", "a") as f:
        f.write("}\n")
    assert control.take() == ([{"command": "resume"}], [])


def test_a_file_made_anew_is_read_from_its_first_line(tmp_path):
    control = Control(str(tmp_path))
    append(tmp_path, {"command": "pause"}, {"command": "resume"}, {"command": "save"})
    assert len(control.take()[0]) == 3
    os.remove(tmp_path / "control.jsonl")
    append(tmp_path, {"command": "stop"})  # shorter than what was read, and a new file
    assert control.take()[0] == [{"command": "stop"}]
    assert control.lines == 1


def test_a_fifo_is_not_opened(tmp_path):
    os.mkfifo(tmp_path / "control.jsonl")
    control = Control(str(tmp_path))
    commands, refusals = control.take()
    assert commands == [] and refusals == []  # said once, at the start
    assert control.identity == "not a file"


@pytest.mark.parametrize("command", [
    {"command": "threshold", "layer": 0, "by": 0.1}, {"command": "threshold", "value": 1.5},
    {"command": "T", "value": 30}, {"command": "T", "longer": False},
    {"command": "lr", "factor": 0.5}, {"command": "switch", "change": "smoothing", "by": 0.1},
])
def test_well_formed_commands_pass(command):
    assert check(command) is None


def test_the_trainer_answers_every_command_with_a_notice(tmp_path, data_dir):
    from test_training import lines, make, stop_when
    trainer = make(tmp_path, data_dir, epochs=2)
    append(trainer.folder.path, {"command": "threshold", "layer": 0, "by": 0.25},
           {"command": "T", "value": 6}, {"command": "lr", "factor": 0.5}, "garbage",
           {"command": "switch", "change": "reset"})
    trainer.stopping = None
    stop_when(trainer, lambda t: t.batch == 1)
    assert trainer.run() == "stopped"
    notices = [r["text"] for r in lines(trainer.folder.path, "notice")]
    assert notices == [
        "control line 4 is not JSON: refused",
        "conv1 Vth 1.00 → 1.25 from the next batch", "T 8 → 6 from the next batch",
        "learning rate 0.002 → 0.001 from the next batch", "reset hard → subtract from the next batch"]
    assert trainer.net.thresholds[0] == 1.25 and trainer.net.time_steps == 6
    batches = lines(trainer.folder.path, "batch")
    assert [b["T"] for b in batches] == [8, 6], "applied at the batch boundary"


# Lines of the right shape with values of the wrong type, not finite or beyond a float, and
# what the notice that refuses each must name (the command, the value, what is allowed).
WRONG_VALUES = [
    ('{"command":"threshold","value":"abc"}', ['threshold value "abc"', "finite number"]),
    ('{"command":"threshold","value":[1,2]}', ["threshold value [1, 2]", "finite number"]),
    ('{"command":"threshold","by":true}', ["threshold by true", "finite number"]),
    ('{"command":"threshold","value":Infinity}', ["threshold value Infinity", "finite number"]),
    ('{"command":"threshold","layer":"0","by":0.1}', ['threshold layer "0"', "layer index"]),
    ('{"command":"lr","value":1e999}', ["lr value Infinity", "positive finite number"]),
    ('{"command":"lr","factor":-0.5}', ["lr factor -0.5", "positive finite number"]),
    ('{"command":"T","value":NaN}', ["T value NaN", "whole number of steps"]),
    ('{"command":"T","value":1' + "0" * 400 + "}", ["T value 1000", "whole number of steps"]),
    ('{"command":"T","value":2.5}', ["T value 2.5", "whole number of steps"]),
    ('{"command":"T","longer":"yes"}', ['T longer "yes"', "true or false"]),
    ('{"command":"switch","change":"smoothing","by":{}}', ["switch smoothing by {}",
                                                          "finite number"]),
    ('{"command":"switch","change":7}', ["switch change 7", "one of scale-mode"]),
    ('{"command":"lr","factor":' + "9" * 5000 + "}", ["is not JSON"]),
    ("[" * 5000 + "]" * 5000, ["is not JSON"]),
]


def test_wrong_values_are_refused_with_a_notice_and_the_run_goes_on(tmp_path, data_dir):
    from test_training import lines, make, stop_when
    trainer = make(tmp_path, data_dir, epochs=2)
    append(trainer.folder.path, *[line for line, _ in WRONG_VALUES],
           # Finite values past every limit are taken within the limits.
           {"command": "switch", "change": "smoothing", "by": 1e308},
           {"command": "threshold", "layer": 0, "by": -1e308}, {"command": "T", "value": 6})
    stop_when(trainer, lambda t: t.batch == 1)
    assert trainer.run() == "stopped"
    notices = [r["text"] for r in lines(trainer.folder.path, "notice")]
    assert len(notices) == len(WRONG_VALUES) + 3
    for k, ((line, fragments), notice) in enumerate(zip(WRONG_VALUES, notices)):
        assert notice.startswith(f"control line {k + 1}") and notice.endswith("refused")
        assert "\n" not in notice and len(notice) < 200
        for fragment in fragments:
            assert fragment in notice, (line[:60], notice)
    assert notices[-3:] == ["scale-factor EMA weight 0.6 → 1.0 from the next batch",
                            "conv1 Vth 1.00 → 0.05 from the next batch",
                            "T 8 → 6 from the next batch"]
    assert [b["T"] for b in lines(trainer.folder.path, "batch")] == [8, 6]


@pytest.mark.parametrize("rewrite", ["truncated", "written again in place"])
def test_a_control_file_written_anew_in_place_is_read_from_its_start(tmp_path, rewrite):
    """The same inode (as a file deleted and made again often gets): shorter than the place
    kept, or as long or longer with other lines before it."""
    control = Control(str(tmp_path))
    append(tmp_path, {"command": "pause"}, {"command": "resume"}, {"command": "save"})
    assert len(control.take()[0]) == 3
    inode = os.stat(tmp_path / "control.jsonl").st_ino
    new = ([{"command": "stop"}] if rewrite == "truncated" else
           [{"command": "T", "value": 30}, {"command": "lr", "factor": 0.5},
            {"command": "threshold", "value": 2}, {"command": "stop"}])
    with open(tmp_path / "control.jsonl", "w") as f:
        f.write("".join(json.dumps(command) + "\n" for command in new))
    assert os.stat(tmp_path / "control.jsonl").st_ino == inode
    assert control.take() == (new, [])
    assert control.lines == len(new)
    append(tmp_path, {"command": "resume"})
    assert control.take() == ([{"command": "resume"}], [])
