"""Totals of the schemathesis runs in a report folder: requests (each run's HAR) and failed checks by name (NDJSON).

Usage: python3 totals.py <report folder> <comma-separated checks>. Exits 1 when any check failed or nothing was sent.
"""

import json
import sys
from collections import Counter
from pathlib import Path

reports, checks = Path(sys.argv[1]), sys.argv[2].split(",")
requests_total, failed_total = 0, Counter()
for har in sorted(reports.glob("*.har")):
    name = har.stem
    requests = len(json.loads(har.read_text())["log"]["entries"])
    failed = Counter()
    for line in (reports / f"{name}.ndjson").read_text().splitlines():
        event = json.loads(line)
        scenario = event.get("ScenarioFinished")
        if not scenario:
            continue
        for results in scenario["recorder"].get("checks", {}).values():
            failed.update(result["name"] for result in results if result["status"] != "success")
    requests_total += requests
    failed_total.update(failed)
    print(f"{name}: {requests} requests, {sum(failed.values())} failed checks")

print(f"== schemathesis totals: {requests_total} requests; failures by check:")
# With `all`, the checks that ran are not listed up front: print each that failed.
for check in sorted(failed_total) if checks == ["all"] else checks:
    print(f"   {check}: {failed_total[check]}")
sys.exit(1 if requests_total == 0 or sum(failed_total.values()) > 0 else 0)
