//! One criterion run, every workload of `routerctl_codec_peers` on the same
//! buffer (a 1000-row lease reply), throughput in sentences. bench/codec.sh
//! reads the estimates and prints the ratios.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use routerctl_codec_peers as w;

fn bench(c: &mut Criterion) {
    let wire = w::lease_reply(true);
    let untagged = w::lease_reply(false);
    w::check(&wire);
    // bench/codec.sh hands the same rows to librouteros.
    if let Some(path) = std::env::var_os("CODEC_PEERS_WIRE") {
        std::fs::write(path, &untagged).expect("write the wire file");
    }
    let mut group = c.benchmark_group("lease1000");
    group.throughput(Throughput::Elements(w::SENTENCES as u64));
    let sized: [(&str, fn(&[u8]) -> usize); 9] = [
        ("frame_view", w::ours_frame_view),
        ("frame_owned", w::ours_frame_owned),
        ("peer_frame", w::peer_frame),
        ("view_words", w::ours_view_words),
        ("peer_words", w::peer_words),
        ("response_owned", w::ours_response_owned),
        ("reply_view", w::ours_reply_view),
        ("response_view", w::ours_response_view),
        ("peer_response", w::peer_response),
    ];
    for (name, f) in sized {
        group.bench_function(name, |b| b.iter(|| f(black_box(&wire))));
    }
    let typed: [(&str, fn(&[u8]) -> Vec<routerctl_core::DhcpLease>, &[u8]); 4] = [
        ("leases_view", w::ours_leases_view, &wire),
        ("leases_owned", w::ours_leases_owned, &wire),
        ("peer_leases", w::peer_leases, &wire),
        // The buffer librouteros reads (it sends no tags, so its replies
        // have none): bench/codec.sh compares this one with it.
        ("leases_view_untagged", w::ours_leases_view, &untagged),
    ];
    for (name, f, buf) in typed {
        group.bench_function(name, |b| b.iter(|| f(black_box(buf))));
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
