"""The bench's stacks: a template deployed into one of the bench's MiniStacks with the bench's overrides."""

from __future__ import annotations

from pathlib import Path

from scripts.bench.config import MINISTACK_OVERRIDES


def deploy_bench_stack(
    endpoint_url: str, *, repo_root: Path, stack_name: str, state_dir: Path, label: str = ""
) -> dict[str, str]:
    """`sam build` (clean, in `state_dir/build`) and deploy `repo_root`'s template with `MINISTACK_OVERRIDES`;
    the stack's outputs. Each step's duration is printed, after `label` when given."""
    from scripts.local_stack.deploy import deploy

    prefix = f"bench: {label} " if label else "bench: "
    return deploy(
        endpoint_url,
        repo_root=repo_root,
        stack_name=stack_name,
        state_dir=state_dir,
        build_dir=state_dir / "build",
        cached=False,
        parameter_overrides=MINISTACK_OVERRIDES,
        progress=lambda line: print(f"{prefix}{line}", flush=True),
    )
