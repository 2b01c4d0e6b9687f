"""Long work off the GUI thread: the one helper the window uses for it.

Learned from Anki (``qt/aqt/operations``: one entry point with success and failure callbacks;
``taskman``: all collection work on one background thread, network work on another pool;
``progress``: the progress window's show timer is owned and stopped when the work ends) and
Orange (``concurrent.py``: the work is a plain function that receives a progress/cancel state
object, here the core's ``JobState``; one task per widget).

Three kinds of job (``job.Kind``), one ``Job`` class:

* database jobs, ``run_db_job`` / ``run_job``: one worker thread, so the window's jobs run one
  after another and it never has two writers of its own; a modal progress dialog with Hủy shows
  over the owner after ``SHOW_PROGRESS_AFTER_MS`` and never again once the job ended
  (``dialog.JobDialog``). ``run_db_job`` opens a connection of the job's own on the worker and
  closes it after: the window's ``Database`` belongs to the GUI thread, SQLite's WAL lets it
  keep reading while the worker writes, and ``write_transaction`` queues writers.
* network jobs, ``run_network_job``: a small pool of their own, no dialog; progress arrives as
  ``Job.progressed`` for the page to show (a sync, a login check, a health probe).
* reads for what a page shows, ``run_read_job`` (the dashboard's figures, the status bar's
  count): a thread of their own, no dialog; the page shows "…" until they arrive.
* start-up work: ``run_and_wait`` (the database check before the window exists, a restore the
  clerk agreed to) and ``run_in_background`` (the daily backup).

The rules:

* ``work`` runs on a worker thread and never touches a widget; it reports through
  ``state.set_progress`` and looks at ``state.is_cancelled()``. Raising
  ``desktop_app.core.jobs.Cancelled`` is not an error: the job ends "cancelled".
* ``on_success`` / ``on_failure`` run on the GUI thread, and not at all once the owner is gone.
  Without ``on_failure`` the error goes to ``errors.show_error``.
* One job per owner: while a page's job runs, asking for another returns None and starts
  nothing; ``current_job(page)`` is that job. The owner is free again when the work has ended,
  before the callbacks run, so ``on_success`` may start the next step.
* ``cancel_all_jobs`` when the window closes.
"""

from desktop_app.ui.common.jobs.dialog import SHOW_PROGRESS_AFTER_MS, JobDialog
from desktop_app.ui.common.jobs.job import (
    ACTOR_PROPERTY,
    BACKGROUND,
    CANCELLED,
    DATABASE,
    FAILED,
    NETWORK,
    READ,
    SUCCEEDED,
    Job,
    Kind,
    WorkerState,
    application_pool,
    cancel_all_jobs,
    cancel_jobs,
    current_job,
    database_worker,
    run_and_wait,
    run_db_job,
    run_in_background,
    run_job,
    run_network_job,
    run_read_job,
    running_jobs,
    session_actor_of,
    start_job,
    with_connection,
    worker,
)

__all__ = [
    "ACTOR_PROPERTY",
    "BACKGROUND",
    "CANCELLED",
    "DATABASE",
    "FAILED",
    "NETWORK",
    "READ",
    "SHOW_PROGRESS_AFTER_MS",
    "SUCCEEDED",
    "Job",
    "JobDialog",
    "Kind",
    "WorkerState",
    "application_pool",
    "cancel_all_jobs",
    "cancel_jobs",
    "current_job",
    "database_worker",
    "run_and_wait",
    "run_db_job",
    "run_in_background",
    "run_job",
    "run_network_job",
    "run_read_job",
    "running_jobs",
    "session_actor_of",
    "start_job",
    "with_connection",
    "worker",
]
