//! The same workloads as `codec_peers`, timed interleaved and in CPU
//! time: every round runs each workload once, in turn, and the median of
//! each is reported. On a loaded machine wall time counts the time other
//! processes ran (a short pass often escapes preemption, a long one never
//! does, which biases wall-clock medians towards short workloads), and load
//! comes and goes over seconds (which skews criterion's one-after-the-other
//! means against each other). The thread's CPU time per pass, with every
//! workload measured in every round, is fair to all of them. Prints one
//! JSON object: workload → median CPU nanoseconds per pass. bench/codec.sh
//! takes its ratios from it.

use std::hint::black_box;

use routerctl_codec_peers as w;

fn main() {
    let rounds: usize = std::env::var("CODEC_PEERS_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(200);
    let wire = w::lease_reply(true);
    let untagged = w::lease_reply(false);
    w::check(&wire);
    if let Some(path) = std::env::var_os("CODEC_PEERS_WIRE") {
        std::fs::write(path, &untagged).expect("write the wire file");
    }
    type Pass<'a> = Box<dyn Fn() + 'a>;
    let sized = |f: fn(&[u8]) -> usize, buf: &'static [u8]| -> Pass<'static> {
        Box::new(move || {
            black_box(f(black_box(buf)));
        })
    };
    let typed =
        |f: fn(&[u8]) -> Vec<routerctl_core::DhcpLease>, buf: &'static [u8]| -> Pass<'static> {
            Box::new(move || {
                black_box(f(black_box(buf)));
            })
        };
    let wire: &'static [u8] = Box::leak(wire.into_boxed_slice());
    let untagged: &'static [u8] = Box::leak(untagged.into_boxed_slice());
    let workloads: Vec<(&str, Pass)> = vec![
        ("frame_view", sized(w::ours_frame_view, wire)),
        ("frame_owned", sized(w::ours_frame_owned, wire)),
        ("peer_frame", sized(w::peer_frame, wire)),
        ("view_words", sized(w::ours_view_words, wire)),
        ("peer_words", sized(w::peer_words, wire)),
        ("reply_view", sized(w::ours_reply_view, wire)),
        ("response_view", sized(w::ours_response_view, wire)),
        ("response_owned", sized(w::ours_response_owned, wire)),
        ("peer_response", sized(w::peer_response, wire)),
        ("leases_view", typed(w::ours_leases_view, wire)),
        ("leases_owned", typed(w::ours_leases_owned, wire)),
        ("peer_leases", typed(w::peer_leases, wire)),
        ("leases_view_untagged", typed(w::ours_leases_view, untagged)),
    ];
    // Warm-up: caches, allocator, branch predictors.
    for _ in 0..5 {
        for (_, pass) in &workloads {
            pass();
        }
    }
    let mut times: Vec<Vec<u64>> = vec![Vec::with_capacity(rounds); workloads.len()];
    for _ in 0..rounds {
        for ((_, pass), t) in workloads.iter().zip(&mut times) {
            let started = thread_cpu_ns();
            pass();
            t.push(thread_cpu_ns().saturating_sub(started));
        }
    }
    let fields: Vec<String> = workloads
        .iter()
        .zip(&mut times)
        .map(|((name, _), t)| {
            t.sort_unstable();
            format!("\"{name}\": {}", t[t.len() / 2])
        })
        .collect();
    println!("{{{}}}", fields.join(", "));
}

/// CPU time this thread has used, in nanoseconds.
fn thread_cpu_ns() -> u64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec; the clock id is a
    // constant Linux and the BSDs define.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID)");
    (ts.tv_sec as u64) * 1_000_000_000 + ts.tv_nsec as u64
}
