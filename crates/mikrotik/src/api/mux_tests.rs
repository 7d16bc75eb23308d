//! The connection task's table, driven directly (no socket): draining
//! entries are bounded, and a task that dies fails what it leaves behind.

use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::oneshot;

use super::{MAX_DRAINING, Pending, Task};
use crate::api::budget::ReplyLimits;
use crate::api::failure::Failure;
use crate::api::queue::RowQueue;
use crate::api::shared::ConnState;

const TIMEOUT: Duration = Duration::from_secs(5);

fn task() -> (Task, Arc<ConnState>) {
    let state = Arc::new(ConnState::new("t".into()));
    (
        Task::new(Arc::clone(&state), ReplyLimits::default(), TIMEOUT),
        state,
    )
}

fn draining(task: &Task) -> usize {
    task.pending
        .values()
        .filter(|p| matches!(p, Pending::Draining))
        .count()
}

#[tokio::test(start_paused = true)]
async fn a_cancelled_command_whose_done_never_comes_is_forgotten() {
    let (mut task, state) = task();
    let tag = state.next_tag();
    let queue = Arc::new(RowQueue::new(Arc::clone(&state.held)));
    task.pending.insert(tag, Pending::stream(queue));
    task.cancel(tag, None);
    // The stream and its /cancel both wait for a !done.
    assert_eq!(draining(&task), 2);
    tokio::time::advance(TIMEOUT / 2).await;
    task.forget_stale_drains();
    assert_eq!(draining(&task), 2, "not before the command timeout");
    tokio::time::advance(TIMEOUT).await;
    task.forget_stale_drains();
    assert!(task.pending.is_empty(), "the router never sent !done");
}

#[tokio::test(start_paused = true)]
async fn at_most_max_draining_entries_wait_at_once() {
    let (mut task, state) = task();
    for _ in 0..MAX_DRAINING + 100 {
        let (tx, _rx) = oneshot::channel();
        let tag = state.next_tag();
        task.pending.insert(tag, Pending::run(tx));
        task.cancel(tag, None);
    }
    assert!(draining(&task) <= MAX_DRAINING, "{}", draining(&task));
    assert!(task.drains.len() <= MAX_DRAINING);
}

#[test]
fn a_task_that_panics_fails_its_streams_and_commands() {
    let (mut task, state) = task();
    let queue = Arc::new(RowQueue::new(Arc::clone(&state.held)));
    task.pending.insert(1, Pending::stream(Arc::clone(&queue)));
    let (tx, mut rx) = oneshot::channel();
    task.pending.insert(2, Pending::run(tx));
    let outcome = std::panic::catch_unwind(AssertUnwindSafe(move || {
        let _owned = task;
        panic!("a bug in the connection task");
    }));
    assert!(outcome.is_err());
    assert!(queue.has_ended(), "the stream would wait for ever");
    match rx.try_recv() {
        Ok(Err(Failure::Disconnected(reason))) => assert!(reason.contains("stopped"), "{reason}"),
        other => panic!("{other:?}"),
    }
    assert!(state.closed().is_some(), "later calls fail at once");
}

#[test]
fn commands_are_written_as_command_encode_writes_them() {
    use crate::record::Command;
    let (mut task, _) = task();
    let command = Command::new("/ip/address/print")
        .attr("long", "x".repeat(200))
        .word("?name=ether1");
    for tag in [0, 7, 12_345, u64::MAX] {
        task.wbuf.clear();
        task.queue_command(&command, tag);
        let mut expected = bytes::BytesMut::new();
        command.encode(Some(tag.to_string().as_bytes()), &mut expected);
        assert_eq!(task.wbuf, expected, "tag {tag}");
    }
}
