"""A web worker's memory (issue 17): resident memory (VmRSS) after each piece a gunicorn worker loads.

    python bench/memory.py [--requests 300]

Each measure runs in a fresh process, as a gunicorn worker starts (``webhook:app`` on a temporary data directory,
the schema migrated first by ``python -m bot db upgrade`` as every deployment does):

* the heavy packages a worker loads, imported one by one in about the order the app imports them (each line is
  what that package added on top of the ones before it; packages a started worker never loads are named apart),
  then ``import webhook`` (the rest: the project's own modules);
* the app created (``webhook.app``: config, language packs, flows, texts, knowledge, the classifier and its
  trained model, the channels), then settled as gunicorn.conf.py's ``post_worker_init`` settles a worker
  (bot/worker_memory.py), then the same after ``--requests`` signed WhatsApp webhooks of bench/webhook.py's mix
  through Flask's test client;
* in a second process, the trained model alone (``LinearModel.load``) on top of the same imports.

Under gunicorn the figure bench/webhook.py prints is the same VmRSS, read from the workers after the load.
Figures: bench/README.md.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# the packages that cost most, in about the order webhook.py's imports reach them
PACKAGES = ["yaml", "pydantic", "numpy", "sqlalchemy", "sqlalchemy.orm", "flask", "flask_wtf", "flask_login",
            "babel.dates", "phonenumbers", "rapidfuzz", "tldextract", "prometheus_client", "twilio.rest", "httpx",
            "telegram", "segno", "fpdf", "alembic"]

CHILD = r"""
import importlib, json, os, sys
sys.path.insert(0, os.environ["BENCH_ROOT"])
def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
out = [("python started", rss())]
for name in json.loads(os.environ["BENCH_PACKAGES"]):
    importlib.import_module(name)
    out.append((f"import {name}", rss()))
import webhook
out.append(("import webhook (the project's own modules)", rss()))
if os.environ.get("BENCH_MODEL_ONLY"):
    from bot.nlu.linear import LinearModel
    model = LinearModel.load()
    out.append((f"LinearModel.load() alone ({model.nbytes / 2**20:.1f} MB of arrays)", rss()))
else:
    app = webhook.app
    out.append(("the app created (resources, classifier, model, channels)", rss()))
    from bot import worker_memory
    worker_memory.settle()  # what gunicorn.conf.py's post_worker_init runs next
    out.append(("settled (post_worker_init: collected, frozen, heap trimmed)", rss()))
    import importlib.util
    spec = importlib.util.spec_from_file_location("bench_webhook", os.path.join(os.environ["BENCH_ROOT"], "bench", "webhook.py"))
    bench = importlib.util.module_from_spec(spec); spec.loader.exec_module(bench)
    from twilio.request_validator import RequestValidator
    client, validator = app.test_client(), RequestValidator(bench.AUTH_TOKEN)
    url = f"http://127.0.0.1:8999{bench.PATH}"
    count = int(os.environ["BENCH_REQUESTS"])
    for _n, form in bench.messages(count, max(1, count // 3)):
        response = client.post(bench.PATH, data=form, base_url="http://127.0.0.1:8999",
                               headers={"X-Twilio-Signature": validator.compute_signature(url, form)})
        if response.status_code != 200:
            raise SystemExit(f"webhook answered {response.status_code}")
    out.append((f"after {count} signed webhooks", rss()))
print(json.dumps(out))
"""

PROBE = r"""
import json, os, sys
sys.path.insert(0, os.environ["BENCH_ROOT"])
import webhook
webhook.app
print(json.dumps(sorted(sys.modules)))
"""


def run(env: dict[str, str], code: str = CHILD, flags: str = "") -> list:
    done = subprocess.run([sys.executable, *flags.split(), "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=600)
    if done.returncode != 0:
        raise SystemExit(done.stderr[-3000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def show(title: str, stages: list[tuple[str, float]], packages: bool) -> None:
    print(f"\n{title}")
    before = None
    for name, mb in stages:
        if packages or not name.startswith("import ") or name.startswith("import webhook"):
            added = f"+{mb - before:6.1f}" if before is not None else " " * 7
            print(f"  {name:62s} {added} = {mb:6.1f} MB")
        before = mb


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--python-flags", default=None,
                        help="the interpreter's flags (default: bench/webhook.py's PYTHON_FLAGS, as a worker is started)")
    args = parser.parse_args()
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_webhook", ROOT / "bench" / "webhook.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    directory = Path(tempfile.mkdtemp(prefix="cs-memory-"))
    config = bench.write_config(directory)
    env = {**bench.environment(config, 8999, None), "BENCH_ROOT": str(ROOT), "BENCH_REQUESTS": str(args.requests)}
    subprocess.run([sys.executable, "-m", "bot", "db", "upgrade"], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL, timeout=300)
    loaded = set(run(env, PROBE))
    used = [name for name in PACKAGES if name in loaded]
    print("packages a started worker never loads:", ", ".join(n for n in PACKAGES if n not in loaded) or "none")
    env["BENCH_PACKAGES"] = json.dumps(used)
    flags = bench.PYTHON_FLAGS if args.python_flags is None else args.python_flags
    print(f"interpreter flags: {flags!r}")
    show("a worker: packages, the project's modules, the app, the load", run(env, flags=flags), packages=True)
    show("the model alone, on the same imports", run({**env, "BENCH_MODEL_ONLY": "1"}, flags=flags), packages=False)


if __name__ == "__main__":
    main()
