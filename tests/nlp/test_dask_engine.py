"""Pre-annotation and proposals on a Dask cluster give what the local engine gives.

Real spaCy, real SQLite files, real 2-process LocalClusters on loopback (the tests that start
one are marked ``loopback``: the network guard lets them reach 127.0.0.1 and ::1 only).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.nlp.engines import EngineOptions, entity_partition, open_engine, plain_text_warning
from annotator.nlp.model import ModelUnavailable, load_entity_pipeline
from annotator.nlp.suggesters import Suggester, parse_choice, suggest_corpus_with
from annotator.store import Store
from tests.conftest import SAMPLES

pytest.importorskip("distributed", reason="the Dask engine needs dask[distributed]")

ATTRIBUTION_COLUMNS = (
    "doc_id, key, source_start, source_end, cue_start, cue_end, claim_start, claim_end,"
    " stance, source_type, model, model_version, state"
)


def _project(path: Path) -> Path:
    assert main(["--db", str(path), "import", str(SAMPLES)]) == 0
    return path


def _export(db: Path, out: Path) -> bytes:
    args = ["--db", str(db), "export", "--format", "jsonl", "--out", str(out)]
    assert main([*args, "--status", "all", "--include-suggestions"]) == 0
    return out.read_bytes()


def _proposals(db: Path) -> list[tuple]:
    with Store(db) as store:
        sql = f"SELECT {ATTRIBUTION_COLUMNS} FROM attribution_suggestions ORDER BY doc_id, key"
        return [tuple(row) for row in store.db.execute(sql)]


def _marked(db: Path, table: str) -> int:
    with Store(db) as store:
        return store.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


@pytest.mark.loopback
def test_dask_preannotation_exports_byte_for_byte_what_the_local_engine_exports(tmp_path, capsys):
    local, dask = _project(tmp_path / "local.db"), _project(tmp_path / "dask.db")
    assert main(["--db", str(local), "preannotate"]) == 0
    engine = ["--engine", "dask", "--workers", "2", "--partition-size", "2"]
    assert main(["--db", str(dask), "preannotate", *engine]) == 0
    out = capsys.readouterr()
    assert "pre-annotated 4 document(s)" in out.out  # the Arabic article is left alone
    assert "Traceback" not in out.err
    expected = _export(local, tmp_path / "local.jsonl")
    assert b'"suggestions"' in expected or b"GPE" in expected  # entities are in the export
    assert _export(dask, tmp_path / "dask.jsonl") == expected


@pytest.fixture
def cluster() -> str:
    """A 2-process cluster on loopback, as a team's `dask scheduler` would be: by address."""
    from annotator.nlp.dask_engine import local_cluster

    with local_cluster(workers=2) as running:
        yield running.scheduler_address


@pytest.mark.loopback
def test_an_interrupted_cluster_run_keeps_finished_partitions_and_the_next_run_ends_it(
    tmp_path, cluster
):
    assert cluster.startswith("tcp://127.0.0.1:")
    local, dask = _project(tmp_path / "local.db"), _project(tmp_path / "dask.db")
    nlp, info = load_entity_pipeline(None)
    suggester = Suggester(parse_choice("rules"))
    with Store(local) as store:
        from annotator.nlp.entities import preannotate

        preannotate(store, nlp, info)
        suggest_corpus_with(store, suggester)

    def stop(*_args: object) -> None:
        raise KeyboardInterrupt

    options = EngineOptions("dask", scheduler=cluster, partition_size=2)
    with open_engine(options) as engine, Store(dask) as store:
        assert _listening() == {"127.0.0.1"}  # scheduler, nannies, workers; no HTTP anywhere
        on_workers = engine.client.run(lambda: "bokeh" in sys.modules)  # a lambda goes by value
        assert not any(on_workers.values()) and "bokeh" not in sys.modules
        with pytest.raises(KeyboardInterrupt):
            engine.preannotate(store, nlp, info, on_progress=stop)
        assert _marked(dask, "preannotated") == 2  # one partition, written whole
        engine.preannotate(store, nlp, info)
        with pytest.raises(KeyboardInterrupt):
            engine.suggest(store, suggester, on_progress=stop)
        assert _marked(dask, "suggested") == 2
        workers = sorted(engine.client.run(os.getpid).values())
        killed: list[int] = []

        def kill_a_worker(*_args: object) -> None:  # after the first partition is written
            if not killed:
                killed.append(workers[0])
                os.kill(workers[0], signal.SIGKILL)  # its partition goes to the other (or anew)

        assert engine.suggest(store, suggester, on_progress=kill_a_worker) == 3  # the rest
        assert killed
    assert _marked(dask, "preannotated") == 4
    assert _export(dask, tmp_path / "dask.jsonl") == _export(local, tmp_path / "local.jsonl")
    proposals = _proposals(local)
    assert proposals, "the rules propose attributions in the samples"
    assert _proposals(dask) == proposals


def _listening() -> set[str]:
    """The addresses this process and its children (the cluster's workers) listen on."""
    import psutil

    me = psutil.Process()
    return {
        c.laddr.ip
        for process in (me, *me.children(recursive=True))
        for c in process.net_connections("tcp")
        if c.status == psutil.CONN_LISTEN
    }


def _closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.loopback
def test_an_unreachable_scheduler_is_one_sentence(tmp_path, capsys):
    import dask

    db = _project(tmp_path / "p.db")
    address = f"tcp://127.0.0.1:{_closed_port()}"
    with dask.config.set({"distributed.comm.timeouts.connect": "2s"}):
        code = main(["--db", str(db), "preannotate", "--engine", "dask", "--scheduler", address])
    assert code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    assert err[0].startswith(f"annotator: cannot reach the Dask scheduler at {address}")


def test_a_plain_tcp_address_off_this_machine_warns_and_nothing_leaves_it(tmp_path, capsys):
    """Unmarked: the guard refuses the connection; the user reads a warning and one error."""
    import dask

    db = _project(tmp_path / "p.db")
    address = "tcp://10.255.255.1:8786"
    with dask.config.set({"distributed.comm.timeouts.connect": "2s"}):
        code = main(["--db", str(db), "preannotate", "--engine", "dask", "--scheduler", address])
    assert code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2, err
    assert err[0].startswith("warning: ") and "in clear" in err[0]
    assert err[1].startswith(f"annotator: cannot reach the Dask scheduler at {address}")


def test_which_addresses_send_text_in_clear():
    assert plain_text_warning("tcp://10.0.0.5:8786")
    assert plain_text_warning("192.168.1.20:8786")  # dask's default protocol is tcp
    assert plain_text_warning("tcp://[2001:db8::1]:8786")
    for safe in ("tls://10.0.0.5:8786", "tcp://127.0.0.1:8786", "tcp://[::1]:8786"):
        assert plain_text_warning(safe) is None, safe
    assert plain_text_warning("tcp://localhost:8786") is None


def test_without_dask_the_engine_is_one_sentence(tmp_path, capsys, monkeypatch):
    """As in the packaged build, which leaves dask and distributed out."""
    db = _project(tmp_path / "p.db")
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed -> ImportError
    monkeypatch.delitem(sys.modules, "annotator.nlp.dask_engine", raising=False)
    assert main(["--db", str(db), "preannotate", "--engine", "dask"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--engine local" in err[0], err


def test_a_worker_without_the_model_says_which_machine_and_what_to_install():
    with pytest.raises(ModelUnavailable) as caught:
        entity_partition("no_such_pipeline_here", [(1, "Ms Varga said so.")])
    message = str(caught.value)
    assert socket.gethostname() in message and "no_such_pipeline_here" in message


def test_the_local_engine_and_the_command_line_never_import_dask():
    code = (
        "import sys\n"
        "from annotator.cli import _parser\n"
        "import annotator.nlp.engines\n"
        "_parser().parse_args(['preannotate', '--engine', 'dask', '--workers', '3'])\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed'))\n"
        "assert not loaded, loaded\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


def _certificates(folder: Path) -> tuple[Path, Path, Path]:
    """A throw-away CA, and one certificate it signed for 127.0.0.1 (scheduler, worker, us)."""
    ca, ca_key = folder / "ca.pem", folder / "ca.key"
    cert, key, request = folder / "node.pem", folder / "node.key", folder / "node.csr"
    san = folder / "san.cnf"
    san.write_text("subjectAltName=IP:127.0.0.1\n")
    for command in (
        f"req -x509 -newkey rsa:2048 -nodes -keyout {ca_key} -out {ca} -days 2 -subj /CN=test-CA",
        f"req -newkey rsa:2048 -nodes -keyout {key} -out {request} -subj /CN=127.0.0.1",
        f"x509 -req -in {request} -CA {ca} -CAkey {ca_key} -CAcreateserial -out {cert} -days 2"
        f" -extfile {san}",
    ):
        subprocess.run(["openssl", *command.split()], check=True, capture_output=True)
    return ca, cert, key


@pytest.mark.loopback
def test_a_tls_cluster_runs_with_the_certificate_flags_and_refuses_a_client_without(
    tmp_path, capsys
):
    import shutil

    import dask
    from distributed import LocalCluster
    from distributed.security import Security

    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make the test certificates")
    ca, cert, key = _certificates(tmp_path)
    node = {"tls_ca_file": str(ca), "require_encryption": True}
    for role in ("scheduler", "worker", "client"):
        node[f"tls_{role}_cert"], node[f"tls_{role}_key"] = str(cert), str(key)
    db = _project(tmp_path / "p.db")
    with LocalCluster(
        n_workers=1,
        threads_per_worker=1,
        host="127.0.0.1",
        protocol="tls://",
        security=Security(**node),
        dashboard_address=None,
    ) as cluster:
        address = cluster.scheduler_address
        assert address.startswith("tls://127.0.0.1:")
        pre = ["--db", str(db), "preannotate", "--scheduler", address]
        with dask.config.set({"distributed.comm.timeouts.connect": "3s"}):
            assert main(pre) == 2  # no certificates: refused, in one sentence
            refused = capsys.readouterr().err.strip().splitlines()
            tls = ["--tls-ca", str(ca), "--tls-cert", str(cert), "--tls-key", str(key)]
            assert main([*pre, *tls]) == 0
    assert len(refused) == 1 and refused[0].startswith("annotator: cannot reach"), refused
    out = capsys.readouterr()
    assert "warning" not in out.err and "Traceback" not in out.err
    assert "pre-annotated 4 document(s) with en_core_web_sm" in out.out
    assert f"on the Dask cluster at {address}" in out.out
