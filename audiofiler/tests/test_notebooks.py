"""The notebooks: committed without outputs, no logic of their own, and they run on
the demo data (the bundled vectors, a few synthesised songs, a tiny training) in a
kernel of this venv's Python."""

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
QUICK = {"AUDIOFILER_NOTEBOOK_QUICK": "1", "AUDIOFILER_NOTEBOOK_CLIP_SECONDS": "5"}


def code_cells(path: Path) -> list[dict]:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    return [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]


def test_there_is_an_exploration_and_a_training_notebook():
    assert [path.name for path in NOTEBOOKS] == ["exploration.ipynb", "training.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_committed_without_outputs_and_without_logic_of_their_own(path):
    cells = code_cells(path)
    assert cells
    for cell in cells:
        assert cell["outputs"] == []
        assert cell["execution_count"] is None
        source = "".join(cell["source"])
        # Functions and classes belong in the package, with tests.
        assert not any(
            line.lstrip().startswith(("def ", "class ", "async def "))
            for line in source.splitlines()
        ), source
    imports = "".join("".join(cell["source"]) for cell in cells)
    assert "from classifier." in imports
    assert "from dataset." in imports


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_the_notebook_runs_on_the_demo_data(path, tmp_path, monkeypatch):
    import nbformat
    from nbclient import NotebookClient

    # The kernel inherits this environment: the package on its path, quick settings.
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    for name, value in QUICK.items():
        monkeypatch.setenv(name, value)
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        kernel_name="python3",
        timeout=600,
        resources={"metadata": {"path": str(tmp_path)}},
    )
    # A last cell asks the kernel which Python it runs.
    probe = nbformat.v4.new_code_cell("import sys; print(sys.executable)")
    notebook.cells.append(probe)
    with client.setup_kernel():
        for index, cell in enumerate(notebook.cells):
            client.execute_cell(cell, index)  # raises CellExecutionError on a failure

    assert probe.outputs[0]["text"].strip() == sys.executable
    outputs = [
        out
        for cell in notebook.cells
        if cell.cell_type == "code"
        for out in cell.outputs
    ]
    assert not [out for out in outputs if out["output_type"] == "error"]
    assert any("image/png" in out.get("data", {}) for out in outputs)  # the plots
    text = "".join(
        out.get("text", "") + out.get("data", {}).get("text/plain", "")
        for out in outputs
    )
    if path.stem == "exploration":
        assert "'Blues': 100" in text
        assert "'Rock': 92" in text
    else:
        assert "accuracy per fold:" in text
        assert "macro-F1" in text
