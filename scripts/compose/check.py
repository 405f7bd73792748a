"""Asserts what README and docs/operations.md promise of docker/compose.yml, on `docker-compose config` output."""
import sys

import yaml

ROSTER_IMAGE = "roster:local"
SHARED = [
    "ROSTER_SECRET",
    "ROSTER_BOOTSTRAP_API_KEY",
    "ROSTER_BOOTSTRAP_ADMIN_USERNAME",
    "ROSTER_BOOTSTRAP_ADMIN_PASSWORD",
    "ROSTER_BOOTSTRAP_ADMIN_TENANT",
    "ROSTER_EGOV_AUTH",
]
# The processes that send OTPs (the user-service role) or publish changes (the relay role) need Kafka.
NEEDS_KAFKA = {"all-in-one": ["roster"], "split": ["user-service", "relay"]}
PUBLISHED = {"all-in-one": {"roster": 3000}, "split": {"gateway": 3100}}


def main(profile: str, path: str) -> None:
    with open(path, encoding="utf-8") as file:
        services = yaml.safe_load(file)["services"]
    problems = []
    for name, service in services.items():
        image = service.get("image", "")
        tag = image.rsplit(":", 1)[1] if ":" in image.rsplit("/", 1)[-1] else ""
        if not tag or tag == "latest":
            problems.append(f"{name}: image {image!r} is not pinned to a version")
        if image != ROSTER_IMAGE:
            continue
        environment = service.get("environment") or {}
        secrets = {key: environment.get(key) for key in SHARED}
        missing = [key for key, value in secrets.items() if value is None]
        if missing:
            problems.append(f"{name}: not given {', '.join(missing)}")
        if environment.get("ROSTER_SECRET") != "compose-check-secret-of-32-characters":
            problems.append(f"{name}: ROSTER_SECRET is not the one from the shell")
    for name in NEEDS_KAFKA[profile]:
        if not (services.get(name, {}).get("environment") or {}).get("KAFKA_BROKERS"):
            problems.append(f"{name}: no KAFKA_BROKERS")
    for name, port in PUBLISHED[profile].items():
        published = [int(p["published"]) for p in services.get(name, {}).get("ports", []) if isinstance(p, dict)]
        if port not in published:
            problems.append(f"{name}: port {port} (as README and docs/operations.md say) is not published")
    problems += unscraped(services)
    if problems:
        print(f"docker/compose.yml, profile {profile}:", *problems, sep="\n  ", file=sys.stderr)
        sys.exit(1)
    roster = sorted(name for name, service in services.items() if service.get("image") == ROSTER_IMAGE)
    print(f"docker/compose.yml, profile {profile}: parses; images pinned; {', '.join(roster)} share the settings")


def unscraped(services: dict) -> list:
    """Every Roster process is a Prometheus target, and every target is a service of the file."""
    with open("docker/prometheus/prometheus.yml", encoding="utf-8") as file:
        jobs = yaml.safe_load(file)["scrape_configs"]
    targets = {t.split(":")[0] for job in jobs for c in job["static_configs"] for t in c["targets"]}
    roster = {name for name, service in services.items() if service.get("image") == ROSTER_IMAGE}
    problems = [f"{name}: not scraped by docker/prometheus/prometheus.yml" for name in sorted(roster - targets)]
    problems += [f"prometheus.yml: target {host} is no service" for host in sorted(targets - set(services))]
    return problems


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
