"""Drive `qapi-ts serve` with QEMU's own Python QMP library (qemu.qmp).

Usage: python3 qemu_qmp_snapshot.py QEMU_SOURCE_ROOT SOCKET_PATH

Connects with qemu.qmp.QMPClient (from QEMU_SOURCE_ROOT/python; it needs
only the standard library's asyncio), runs snapshot-save, waits for the
JOB_STATUS_CHANGE event that says the job concluded, checks query-jobs,
dismisses the job, and checks that the snapshot is in the image and that
a command error comes back as qemu.qmp.ExecuteError.  Prints one line per
step; exits 0 on success, 1 with a message on the first failure.
"""

import asyncio
import sys


def fail(msg):
    print(f"FAIL: {msg}", flush=True)
    sys.exit(1)


def check(cond, msg):
    if not cond:
        fail(msg)


async def main(socket_path):
    from qemu.qmp import ExecuteError, QMPClient

    qmp = QMPClient("qapi-ts-test")
    await qmp.connect(socket_path)
    greeting = qmp.greeting
    check(greeting is not None, "no greeting")
    print(f"connected: QEMU {greeting.QMP.version['qemu']}", flush=True)

    statuses = []
    concluded = asyncio.Event()

    async def watch():
        async for event in qmp.events:
            if event["event"] == "JOB_STATUS_CHANGE" and event["data"]["id"] == "save0":
                statuses.append(event["data"]["status"])
                if event["data"]["status"] == "concluded":
                    concluded.set()

    # qmp.events is the client's default listener: it buffers every event
    # from the connection on, so nothing sent before the reply is lost.
    watcher = asyncio.create_task(watch())
    ret = await qmp.execute(
        "snapshot-save",
        {"job-id": "save0", "tag": "py-snap", "vmstate": "disk0", "devices": ["disk0"]},
    )
    check(ret == {}, f"snapshot-save returned {ret!r}")
    await asyncio.wait_for(concluded.wait(), 10)
    watcher.cancel()
    print(f"job statuses: {statuses}", flush=True)
    check(
        statuses == ["created", "running", "waiting", "pending", "concluded"],
        f"unexpected job statuses {statuses}",
    )

    jobs = await qmp.execute("query-jobs")
    check(
        jobs
        == [
            {
                "id": "save0",
                "type": "snapshot-save",
                "status": "concluded",
                "current-progress": 1,
                "total-progress": 1,
            }
        ],
        f"query-jobs: {jobs!r}",
    )
    print("query-jobs: concluded", flush=True)

    await qmp.execute("job-dismiss", {"id": "save0"})
    check(await qmp.execute("query-jobs") == [], "job still listed after job-dismiss")
    print("job-dismiss: ok", flush=True)

    nodes = await qmp.execute("query-named-block-nodes", {"flat": True})
    disk0 = [n for n in nodes if n.get("node-name") == "disk0"]
    check(len(disk0) == 1, f"no disk0 in {nodes!r}")
    names = [s["name"] for s in disk0[0]["image"].get("snapshots", [])]
    check(names == ["py-snap"], f"snapshots of disk0: {names}")
    print("snapshot table: py-snap", flush=True)

    try:
        await qmp.execute("job-dismiss", {"id": "save0"})
        fail("job-dismiss of a dismissed job succeeded")
    except ExecuteError as err:
        check(err.error.error.class_ == "GenericError", f"error class {err.error.error.class_}")
        check(err.error.error.desc == "Job not found", f"error text {err.error.error.desc!r}")
    print("error: GenericError 'Job not found'", flush=True)

    status = await qmp.execute("query-status")
    check(status["status"] == "running" and status["running"] is True, f"query-status {status!r}")
    await qmp.disconnect()
    print("OK", flush=True)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        fail("usage: qemu_qmp_snapshot.py QEMU_SOURCE_ROOT SOCKET_PATH")
    sys.path.insert(0, f"{sys.argv[1]}/python")
    try:
        import qemu.qmp  # noqa: F401
    except ImportError as e:
        fail(f"cannot import qemu.qmp from {sys.argv[1]}/python: {e}")
    asyncio.run(main(sys.argv[2]))
