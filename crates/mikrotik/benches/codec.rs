//! Codec throughput on a realistic big reply: `/ip/dhcp-server/lease/print`
//! with 1000 leases (the field set of a 6.x/7.x lease row), tagged, as a
//! router sends it.
//!
//! `view_only` / `view_and_parse` are the borrowed path (`api::view`);
//! bench/codec.sh compares both paths with mikrotik-proto and librouteros.
//!
//! Two views of each direction: bytes/s (criterion `Throughput::Bytes`) and
//! sentences/s (`Throughput::Elements`, 1001 sentences: the rows and the
//! `!done`).

use std::hint::black_box;

use bytes::{Bytes, BytesMut};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use routerctl_mikrotik::api::proto::{Attributes, Decoder, Limits, Reply, Response};
use routerctl_mikrotik::api::view::FrameDecoder;

const ROWS: usize = 1000;

/// One lease row; every tenth is static (no expiry, no active-* fields),
/// some carry a comment, host names vary in length.
fn lease(i: usize) -> Attributes {
    let mac = format!(
        "E0:D9:E3:{:02X}:{:02X}:{:02X}",
        (i >> 16) & 0xFF,
        (i >> 8) & 0xFF,
        i & 0xFF
    );
    let ip = format!("10.70.{}.{}", i / 250, i % 250 + 2);
    let mut a: Vec<(String, String)> = vec![
        (".id".into(), format!("*{:X}", i + 1)),
        ("address".into(), ip.clone()),
        ("mac-address".into(), mac.clone()),
        ("address-lists".into(), String::new()),
        ("server".into(), "dhcp-lan".into()),
        ("dhcp-option".into(), String::new()),
    ];
    if i % 10 == 0 {
        a.push(("status".into(), "waiting".into()));
        a.push(("last-seen".into(), "never".into()));
        a.push(("dynamic".into(), "false".into()));
    } else {
        a.push(("status".into(), "bound".into()));
        a.push(("expires-after".into(), format!("{}m{}s", i % 60, i % 59)));
        a.push(("last-seen".into(), format!("{}s", i % 300)));
        a.push(("active-address".into(), ip));
        a.push(("active-mac-address".into(), mac.clone()));
        a.push((
            "active-client-id".into(),
            format!("1:{}", mac.to_lowercase()),
        ));
        a.push(("active-server".into(), "dhcp-lan".into()));
        a.push((
            "host-name".into(),
            format!(
                "android-{:016x}",
                (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
            ),
        ));
        a.push(("dynamic".into(), "true".into()));
    }
    if i % 7 == 0 {
        a.push(("comment".into(), format!("desk {i} / 2nd floor")));
    }
    a.push(("radius".into(), "false".into()));
    a.push(("blocked".into(), "false".into()));
    a.push(("disabled".into(), "false".into()));
    a.into_iter().collect()
}

fn replies() -> Vec<Response> {
    let tag = Some(Bytes::from_static(b"42"));
    let mut out: Vec<Response> = (0..ROWS)
        .map(|i| Response {
            tag: tag.clone(),
            reply: Reply::Re(lease(i)),
        })
        .collect();
    out.push(Response {
        tag,
        reply: Reply::Done {
            ret: None,
            attributes: Attributes::new(),
        },
    });
    out
}

fn encode_all(replies: &[Response], out: &mut BytesMut) {
    for r in replies {
        r.encode(out);
    }
}

fn bench(c: &mut Criterion) {
    let replies = replies();
    let mut wire = BytesMut::new();
    encode_all(&replies, &mut wire);
    let wire = wire.freeze();
    let sentences = replies.len() as u64;

    for (label, throughput) in [
        ("bytes", Throughput::Bytes(wire.len() as u64)),
        ("sentences", Throughput::Elements(sentences)),
    ] {
        let mut group = c.benchmark_group(format!("lease_print_1000/{label}"));
        group.throughput(throughput);
        group.bench_function("decode_and_parse", |b| {
            b.iter(|| {
                let mut buf = BytesMut::from(&wire[..]);
                let mut dec = Decoder::new(Limits::default());
                let mut n = 0;
                while let Some(s) = dec.decode(&mut buf).expect("valid stream") {
                    let r = Response::parse(&s).expect("valid reply");
                    black_box(&r);
                    n += 1;
                }
                assert_eq!(n, sentences);
            })
        });
        group.bench_function("decode_only", |b| {
            b.iter(|| {
                let mut buf = BytesMut::from(&wire[..]);
                let mut dec = Decoder::new(Limits::default());
                while let Some(s) = dec.decode(&mut buf).expect("valid stream") {
                    black_box(&s);
                }
            })
        });
        // The borrowed view (`api::view`): spans into the buffer, no copy
        // in, nothing allocated per word.
        group.bench_function("view_only", |b| {
            let mut frames = FrameDecoder::new(Limits::default());
            b.iter(|| {
                let mut at = 0;
                while let Some(s) = frames.decode(&wire[at..]).expect("valid stream") {
                    at += s.frame_len();
                    black_box(s.len());
                }
            })
        });
        group.bench_function("view_and_parse", |b| {
            let mut frames = FrameDecoder::new(Limits::default());
            b.iter(|| {
                let mut at = 0;
                let mut n = 0;
                while let Some(s) = frames.decode(&wire[at..]).expect("valid stream") {
                    at += s.frame_len();
                    let r = s.reply().expect("valid reply");
                    black_box((r.kind(), r.tag()));
                    n += 1;
                }
                assert_eq!(n, sentences);
            })
        });
        group.bench_function("encode", |b| {
            let mut out = BytesMut::with_capacity(wire.len());
            b.iter(|| {
                out.clear();
                encode_all(black_box(&replies), &mut out);
                black_box(out.len());
            })
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
