"""TypeScript types generated from the served document type-check the calls a front-end makes.

Web and mobile teams generate types with openapi-typescript and call the platform through
openapi-fetch. Both, and TypeScript, are pinned exactly in clients/typescript/package.json and
installed there on first use (no lock file: it would record download URLs). The generator must print
no warning, and clients/typescript/calls.ts (a vacancy created with only its required fields, a
match listing, a conditional GET, the token endpoint's form body) must pass ``tsc --strict``; the
same file with a required field left out, or a header of the wrong type, must not.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from deploy_files import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import openapi_doc

HARNESS = ROOT / "clients" / "typescript"
NODE_MODULES = HARNESS / "node_modules"
PINNED: dict[str, str] = json.loads((HARNESS / "package.json").read_text(encoding="utf-8"))["devDependencies"]
NPM = shutil.which("npm")

pytestmark = pytest.mark.skipif(
    NPM is None or shutil.which("node") is None,
    reason="node and npm are not installed: the TypeScript client check needs them (CI has both)",
)


def installed() -> dict[str, str | None]:
    """The version of each pinned package in clients/typescript/node_modules (None: missing)."""
    versions: dict[str, str | None] = {}
    for name in PINNED:
        manifest = NODE_MODULES / name / "package.json"
        versions[name] = (
            json.loads(manifest.read_text(encoding="utf-8"))["version"] if manifest.exists() else None
        )
    return versions


def run(command: list[str], cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "FORCE_COLOR": "0"}
    return subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env, check=False
    )


@pytest.fixture(scope="module")
def toolchain() -> Path:
    """The pinned packages, installed once per checkout (later runs find them in place)."""
    if installed() != PINNED:
        assert NPM is not None
        result = run([NPM, "install", "--no-package-lock", "--no-audit", "--no-fund"], HARNESS, timeout=600)
        assert result.returncode == 0, result.stdout + result.stderr
    assert installed() == PINNED
    return NODE_MODULES / ".bin"


@pytest.fixture(scope="module")
def generation(toolchain: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """(what openapi-typescript printed, the generated api.d.ts)."""
    workdir = tmp_path_factory.mktemp("typescript")
    (workdir / "openapi.json").write_text(openapi_doc.render(), encoding="utf-8")
    result = run([str(toolchain / "openapi-typescript"), "openapi.json", "--output", "api.d.ts"], workdir)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr, workdir / "api.d.ts"


def type_check(
    toolchain: Path, types: Path, folder: Path, sources: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    """One ``tsc --strict --noEmit`` over the generated types and ``sources`` (file name: text)."""
    folder.mkdir()
    shutil.copy(types, folder / "api.d.ts")
    config = json.loads((HARNESS / "tsconfig.json").read_text(encoding="utf-8"))
    config["files"] = ["api.d.ts", *sources]
    (folder / "tsconfig.json").write_text(json.dumps(config), encoding="utf-8")
    for name, text in sources.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "node_modules").symlink_to(NODE_MODULES, target_is_directory=True)
    return run([str(toolchain / "tsc"), "-p", "tsconfig.json", "--strict", "--noEmit"], folder)


CALLS = (HARNESS / "calls.ts").read_text(encoding="utf-8")


class TestGeneration:
    def test_prints_no_warning(self, generation: tuple[str, Path]) -> None:
        output, _ = generation
        assert "warn" not in output.lower() and "⚠" not in output, output
        assert "openapi-typescript " + PINNED["openapi-typescript"] in output

    def test_request_bodies_leave_server_defaults_optional(self, generation: tuple[str, Path]) -> None:
        types = generation[1].read_text(encoding="utf-8")
        vacancy_create = types[types.index("        VacancyCreate: {") :]
        vacancy_create = vacancy_create[: vacancy_create.index("\n        };")]
        assert "employer_pays_travel?: boolean" in vacancy_create


# Each a change to calls.ts that must not type-check, and what tsc must say about it.
WRONG = {
    "required-field-left-out": (('      title: "Specialist nurse",\n', ""), "Property 'title' is missing"),
    "header-of-the-wrong-type": (
        ('"If-None-Match": etag', '"If-None-Match": 42'),
        "'number' is not assignable",
    ),
    "code-of-the-wrong-type": (
        ('destination_country: "IT"', "destination_country: 39"),
        "'number' is not assignable",
    ),
    "query-of-the-wrong-type": (("limit: 20,", 'limit: "20",'), "'string' is not assignable to type 'number"),
}


class TestTypeCheck:
    def test_the_calls_a_front_end_makes_type_check(
        self, toolchain: Path, generation: tuple[str, Path], tmp_path: Path
    ) -> None:
        result = type_check(toolchain, generation[1], tmp_path / "calls", {"calls.ts": CALLS})
        assert result.returncode == 0, result.stdout + result.stderr

    def test_a_wrong_call_fails(self, toolchain: Path, generation: tuple[str, Path], tmp_path: Path) -> None:
        """All in one tsc run (one program, each wrong call in a file of its own): CI time."""
        sources = {}
        for name, ((before, after), _) in WRONG.items():
            assert before in CALLS, name
            sources[f"{name}.ts"] = CALLS.replace(before, after, 1)
        result = type_check(toolchain, generation[1], tmp_path / "wrong", sources)
        assert result.returncode != 0
        errors: dict[str, list[str]] = {}  # file name: its error messages (each with its continuation lines)
        for line in result.stdout.splitlines():
            if line.startswith((" ", "\t")) and errors:
                messages = errors[list(errors)[-1]]
                messages[-1] += "\n" + line
            else:
                file_name = line.split("(", 1)[0].removesuffix(".ts")
                errors.setdefault(file_name, []).append(line)
        assert {name: len(messages) for name, messages in errors.items()} == dict.fromkeys(WRONG, 1), (
            result.stdout
        )
        for name, (_, expected) in WRONG.items():
            assert expected in errors[name][0], (name, errors[name])
