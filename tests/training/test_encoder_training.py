"""The encoder training command's second stage (``--init-from``): options reach the recipe, and a missing
weights file is an error naming it before anything is read or imported (no torch needed here)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ficlens.cli import app
from ficlens.errors import DataError
from ficlens.training import encoder
from ficlens.training.encoder import Recipe


def test_missing_init_weights_name_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "best.pt"
    with pytest.raises(DataError, match=r"nowhere/best\.pt"):
        encoder.train(tmp_path, tmp_path / "out", recipe=Recipe(init_from=str(missing)))
    assert not (tmp_path / "out").exists()


def test_cli_second_stage_options_reach_the_recipe(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "entities").mkdir()
    seen: dict[str, Any] = {}

    def fake_train(data: Path, out: Path, *, recipe: Recipe, threads: int) -> Path:
        seen["recipe"] = recipe
        return out / "model"

    monkeypatch.setattr(encoder, "train", fake_train)
    init = tmp_path / "best.pt"
    args = ["train", "encoder", "--data", str(tmp_path), "--out", str(tmp_path / "run"), "--epochs", "5"]
    result = CliRunner().invoke(
        app, [*args, "--init-from", str(init), "--lr", "2e-5", "--head-lr", "4e-4", "--warmup", "0.1"]
    )
    assert result.exit_code == 0, result.output
    assert seen["recipe"] == Recipe(epochs=5, init_from=str(init), encoder_lr=2e-5, head_lr=4e-4, warmup=0.1)
    provenance = json.loads((tmp_path / "run" / "model" / "provenance.json").read_text(encoding="utf-8"))
    assert provenance["command"] == (
        "ficlens train encoder --epochs 5 --init-from FIRST_STAGE/best.pt --lr 2e-05 --head-lr 0.0004 "
        "--warmup 0.1 --data DATA --out DIR"
    )
    # without the second-stage options the recipe is the first stage's defaults
    CliRunner().invoke(app, args)
    assert seen["recipe"] == Recipe(epochs=5)
    provenance = json.loads((tmp_path / "run" / "model" / "provenance.json").read_text(encoding="utf-8"))
    assert provenance["command"] == "ficlens train encoder --data DATA --out DIR"


@pytest.mark.slow
def test_span_pool_starts_as_the_model_without_it(tmp_path: Path) -> None:
    # the second stage's --span-pool projection starts at zero: from a first-stage model's weights the
    # pooled model gives the same span logits, and only the pool's weights are new. Needs the train
    # extra and the base model (slow, like the other training tests): it fails, not skips, without them
    import torch

    torch.manual_seed(0)
    base = encoder.base_model_dir(tmp_path)
    plain = encoder.build_model(base, Recipe())
    pooled = encoder.build_model(base, Recipe(span_pool=True))
    missing, unexpected = pooled.load_state_dict(plain.state_dict(), strict=False)
    assert sorted(missing) == ["pool.bias", "pool.weight"] and not unexpected
    plain.eval()
    pooled.eval()
    inputs = encoder.example_inputs(14)
    with torch.no_grad():
        assert torch.allclose(plain(*inputs), pooled(*inputs))
        # and the pool adds the mean of the span's tokens once it has weights
        torch.nn.init.normal_(pooled.pool.weight, std=0.1)
        assert not torch.allclose(plain(*inputs), pooled(*inputs))
