"""The Dockerfile, compose file and proxy configuration, checked by reading them.

No container engine runs where these tests run, so nothing here builds an image: the
tests hold the files to what the deployment guide promises, and to the commands and
settings the app really has.
"""

from __future__ import annotations

import re
import shlex

import pytest
import yaml

from inclusion.cli import main
from inclusion.config_check import configuration_problems
from inclusion.settings import PROJECT_ROOT, Settings

DOCKERFILE = (PROJECT_ROOT / "Dockerfile").read_text()
NGINX = (PROJECT_ROOT / "deploy" / "nginx.conf").read_text()
APP_SERVICES = ("app1", "app2")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((PROJECT_ROOT / "compose.yaml").read_text())


def _instructions(name: str) -> list[str]:
    return re.findall(rf"^{name}\s+(.+)$", DOCKERFILE, flags=re.MULTILINE)


def _command(service: dict) -> list[str]:
    command = service["command"]
    return shlex.split(command) if isinstance(command, str) else command


def test_the_image_is_built_in_two_stages_on_python_311_slim():
    assert [line.split()[0] for line in _instructions("FROM")] == [
        "python:3.11-slim",
        "python:3.11-slim",
    ]


def test_the_image_runs_as_an_unprivileged_user():
    users = _instructions("USER")
    assert users, "the image must name a USER"
    assert users[-1].split(":")[0] not in {"root", "0"}
    last_user = DOCKERFILE.rindex("\nUSER ")
    assert DOCKERFILE.rindex("\nCMD ") > last_user
    assert not re.search(r"^RUN ", DOCKERFILE[last_user:], flags=re.MULTILINE)


def test_the_image_holds_what_runs_and_no_dev_tools():
    copied = {line.split()[-2] for line in _instructions("COPY") if "--from" not in line}
    assert {"src", "templates", "static", "locales"} <= copied
    for source in copied:
        assert (PROJECT_ROOT / source.rstrip("/")).exists(), source
    assert "[dev]" not in DOCKERFILE and "tests" not in copied
    ignored = set((PROJECT_ROOT / ".dockerignore").read_text().split())
    assert {".git", ".venv", "var", "tests", ".env"} <= ignored


def test_the_image_checks_its_health_on_healthz():
    healthcheck = DOCKERFILE[DOCKERFILE.index("\nHEALTHCHECK ") : DOCKERFILE.index("\nCMD ")]
    assert "http://127.0.0.1:8000/healthz" in healthcheck
    assert "--interval" in healthcheck


def test_compose_runs_the_whole_topology(compose):
    services = compose["services"]
    assert {"postgres", "redis", "migrate", *APP_SERVICES, "worker", "proxy"} <= set(services)
    for name in (*APP_SERVICES, "worker"):
        assert services[name]["depends_on"]["migrate"]["condition"] == (
            "service_completed_successfully"
        )
    assert services["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert services["migrate"]["restart"] == "no"
    for name in ("postgres", "redis", "proxy"):
        assert services[name]["healthcheck"]["test"], name


def test_the_app_instances_share_postgresql_and_redis(compose):
    for name in (*APP_SERVICES, "worker", "migrate"):
        environment = compose["services"][name]["environment"]
        assert environment["DATABASE_URL"].startswith("postgresql://"), name
        assert environment["REDIS_URL"].startswith("redis://"), name
        assert "?" in environment["INCLUSION_SECRET_KEY"], "a missing secret key stops compose"


def test_every_setting_compose_passes_is_one_the_app_reads(compose):
    read_by_the_app = "".join(
        (PROJECT_ROOT / "src" / "inclusion" / name).read_text()
        for name in ("settings.py", "processes.py")
    )
    environment = compose["services"]["app1"]["environment"]
    unknown = [name for name in environment if f'"{name}"' not in read_by_the_app]
    assert unknown == []


def test_the_compose_settings_pass_the_production_checks(compose, monkeypatch):
    """Filled in as deploy/example.env suggests, compose starts a valid production site."""
    filled_in = {
        "POSTGRES_PASSWORD": "a-database-password",
        "INCLUSION_SECRET_KEY": "k" * 48,
        "INCLUSION_BASE_URL": "https://getonline.northtyneside.gov.uk",
        "INCLUSION_NOTIFY_SENDER": "smtp",
        "INCLUSION_SMTP_HOST": "smtp.example.org",
    }

    def substitute(value: str) -> str:
        return re.sub(
            r"\$\{(\w+):[?-]([^}]*)\}",
            lambda m: filled_in.get(m.group(1), "" if "?" in m.group(0) else m.group(2)),
            str(value),
        )

    for service in (*APP_SERVICES, "worker", "migrate"):
        for name, value in compose["services"][service]["environment"].items():
            monkeypatch.setenv(name, substitute(value))
        settings = Settings.from_environment()
        assert settings.environment == "production"
        assert configuration_problems(settings) == [], service


def test_every_command_compose_runs_exists(compose):
    for name, service in compose["services"].items():
        command = _command(service) if "command" in service else None
        if not command or command[0] != "inclusion":
            continue
        words = [word for word in command[1:] if not word.startswith("-")]
        group = main
        for word in words:
            if not hasattr(group, "get_command"):
                break
            found = group.get_command(None, word)
            assert found is not None, f"{name}: 'inclusion {' '.join(words)}' does not exist"
            group = found


def test_only_the_proxy_is_trusted_for_forwarded_headers(compose):
    services = compose["services"]
    proxy_address = services["proxy"]["networks"]["backend"]["ipv4_address"]
    for name in APP_SERVICES:
        assert _command(services[name])[:2] == ["inclusion", "serve"]
        assert services[name]["environment"]["FORWARDED_ALLOW_IPS"] == proxy_address
        assert "ports" not in services[name], "app instances are reached through the proxy"


def test_the_proxy_balances_both_instances_and_forwards_the_client(compose):
    upstream = re.search(r"upstream inclusion \{(.*?)\}", NGINX, flags=re.DOTALL).group(1)
    assert sorted(re.findall(r"server (\w+):8000", upstream)) == list(APP_SERVICES)
    for header in ("Host", "X-Forwarded-For", "X-Forwarded-Proto"):
        assert re.search(rf"proxy_set_header {header} \$", NGINX), header
    mounted = compose["services"]["proxy"]["volumes"][0].split(":")[0]
    assert (PROJECT_ROOT / mounted).resolve() == PROJECT_ROOT / "deploy" / "nginx.conf"


def test_the_example_environment_names_every_required_setting(compose):
    example = (PROJECT_ROOT / "deploy" / "example.env").read_text()
    required = set(re.findall(r"\$\{(\w+):\?", (PROJECT_ROOT / "compose.yaml").read_text()))
    assert required == {
        "POSTGRES_PASSWORD",
        "INCLUSION_SECRET_KEY",
        "INCLUSION_BASE_URL",
        "INCLUSION_NOTIFY_SENDER",
    }
    for name in required:
        assert re.search(rf"^{name}=", example, flags=re.MULTILINE), name


def test_the_guide_says_the_files_were_not_built_here():
    guide = (PROJECT_ROOT / "docs" / "deployment.md").read_text()
    assert "not been built" in guide
