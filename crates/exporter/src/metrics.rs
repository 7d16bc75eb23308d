//! Samples and their exposition: what one scrape found, and how it becomes
//! the OpenMetrics text Prometheus reads.
//!
//! A scrape produces one [`RouterSamples`] per router. Labels every series
//! of a router carries (`routerboard_name`, `routerboard_address`,
//! `vendor`) are kept once per router, not once per sample, so a fleet of
//! thousands of routers costs one string per sample label and no more.
//! [`encode`] groups the samples of all routers by family (the text format
//! wants each family in one block) and writes them with prometheus-client.
//!
//! Label values come from routers and are untrusted: they are escaped here
//! (`\\`, `"`, newline), since the encoder writes them as given.

use std::collections::BTreeMap;
use std::fmt::Write;

use prometheus_client::encoding::{
    DescriptorEncoder, EncodeLabelSet, EncodeMetric, LabelSetEncoder,
};
use prometheus_client::metrics::MetricType;
use prometheus_client::metrics::counter::ConstCounter;
use prometheus_client::metrics::gauge::ConstGauge;

/// How a family behaves; the encoder appends `_total` to counters and
/// `_info` to info families, as Prometheus client libraries do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Only goes up (resets on reboot); exposed as `NAME_total`.
    Counter,
    /// Goes up and down.
    Gauge,
    /// Value 1, the information is in the labels; exposed as `NAME_info`.
    Info,
}

/// A metric family: its name (without `_total`/`_info`), help and kind.
#[derive(Debug, PartialEq, Eq)]
pub struct Family {
    /// Name without the suffix the kind adds.
    pub name: &'static str,
    /// One line for `# HELP`, with the unit.
    pub help: &'static str,
    /// Counter, gauge or info.
    pub kind: Kind,
}

impl Family {
    /// The name as it appears on sample lines (`_total`/`_info` added).
    ///
    /// ```
    /// use routerctl_exporter::metrics::{Family, Kind};
    /// const RX: Family = Family { name: "mktxp_interface_rx_byte", help: "Bytes received", kind: Kind::Counter };
    /// assert_eq!(RX.exposed_name(), "mktxp_interface_rx_byte_total");
    /// ```
    pub fn exposed_name(&self) -> String {
        match self.kind {
            Kind::Counter => format!("{}_total", self.name),
            Kind::Gauge => self.name.to_string(),
            Kind::Info => format!("{}_info", self.name),
        }
    }
}

/// A sample value; integers stay integers in the text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value {
    /// Counters and counts.
    Unsigned(u64),
    /// Signal levels, temperatures below zero.
    Signed(i64),
    /// Durations, ratios.
    Float(f64),
}

/// Labels of one sample: static keys, owned values.
pub type Labels = Vec<(&'static str, String)>;

/// One series value of one router.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    /// Which family it belongs to.
    pub family: &'static Family,
    /// The labels that tell this series from its siblings (`name` ...);
    /// the router's common labels are added when encoding.
    pub labels: Labels,
    /// Ignored for info families (always 1).
    pub value: Value,
}

impl Sample {
    /// A sample of `family` with `labels` and `value`.
    pub fn new(family: &'static Family, labels: Labels, value: Value) -> Self {
        Self {
            family,
            labels,
            value,
        }
    }
}

/// Everything one router contributed to a scrape.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RouterSamples {
    /// Labels on every series of this router (`routerboard_name` ...).
    pub common: Labels,
    /// The router's samples, any order.
    pub samples: Vec<Sample>,
}

impl RouterSamples {
    /// Drop samples whose family and labels repeat an earlier one, keeping
    /// the last (as mktxp does): two series with the same labels would make
    /// Prometheus reject the scrape.
    ///
    /// ```
    /// use routerctl_exporter::metrics::{Family, Kind, RouterSamples, Sample, Value};
    /// static F: Family = Family { name: "x", help: "x", kind: Kind::Gauge };
    /// let mut r = RouterSamples { common: vec![], samples: vec![
    ///     Sample::new(&F, vec![("name", "a".into())], Value::Unsigned(1)),
    ///     Sample::new(&F, vec![("name", "a".into())], Value::Unsigned(2)),
    ///     Sample::new(&F, vec![("name", "b".into())], Value::Unsigned(3)),
    /// ]};
    /// r.dedup();
    /// assert_eq!(r.samples.len(), 2);
    /// assert_eq!(r.samples[0].value, Value::Unsigned(2));
    /// ```
    pub fn dedup(&mut self) {
        let mut seen = std::collections::HashSet::with_capacity(self.samples.len());
        let mut kept: Vec<Sample> = Vec::with_capacity(self.samples.len());
        for sample in std::mem::take(&mut self.samples).into_iter().rev() {
            if seen.insert((sample.family.name, sample.labels.clone())) {
                kept.push(sample);
            }
        }
        kept.reverse();
        self.samples = kept;
    }
}

/// Label values as the text format wants them: backslash, double quote
/// and newline escaped.
///
/// ```
/// assert_eq!(routerctl_exporter::metrics::escape("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
/// ```
pub fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

/// A sample's own labels followed by its router's common ones.
struct LabelChain<'a> {
    own: &'a Labels,
    common: &'a Labels,
}

impl EncodeLabelSet for LabelChain<'_> {
    fn encode(&self, encoder: &mut LabelSetEncoder) -> Result<(), std::fmt::Error> {
        for (key, value) in self.own.iter().chain(self.common.iter()) {
            let mut label = encoder.encode_label();
            let mut key_encoder = label.encode_label_key()?;
            key_encoder.write_str(key)?;
            let mut value_encoder = key_encoder.encode_label_value()?;
            if value.contains(['\\', '"', '\n']) {
                value_encoder.write_str(&escape(value))?;
            } else {
                value_encoder.write_str(value)?;
            }
            value_encoder.finish()?;
        }
        Ok(())
    }
}

/// The samples of one family across routers, in router order.
type Grouped<'a> = BTreeMap<&'static str, (&'static Family, Vec<(&'a Sample, &'a Labels)>)>;

fn group<'a>(routers: impl Iterator<Item = &'a RouterSamples>) -> Grouped<'a> {
    let mut grouped: Grouped<'a> = BTreeMap::new();
    for router in routers {
        for sample in &router.samples {
            grouped
                .entry(sample.family.name)
                .or_insert_with(|| (sample.family, Vec::new()))
                .1
                .push((sample, &router.common));
        }
    }
    grouped
}

fn encode_family(
    encoder: &mut DescriptorEncoder,
    family: &Family,
    samples: &[(&Sample, &Labels)],
) -> Result<(), std::fmt::Error> {
    let kind = match family.kind {
        Kind::Counter => MetricType::Counter,
        Kind::Gauge => MetricType::Gauge,
        Kind::Info => MetricType::Info,
    };
    let mut metric = encoder.encode_descriptor(family.name, family.help, None, kind)?;
    for (sample, common) in samples {
        let labels = LabelChain {
            own: &sample.labels,
            common,
        };
        if family.kind == Kind::Info {
            metric.encode_info(&labels)?;
            continue;
        }
        let series = metric.encode_family(&labels)?;
        match (family.kind, sample.value) {
            (Kind::Counter, Value::Unsigned(v)) => ConstCounter::new(v).encode(series)?,
            (Kind::Counter, Value::Signed(v)) => {
                ConstCounter::new(u64::try_from(v).unwrap_or(0)).encode(series)?
            }
            (Kind::Counter, Value::Float(v)) => ConstCounter::new(v.max(0.0)).encode(series)?,
            (_, Value::Unsigned(v)) => ConstGauge::new(v).encode(series)?,
            (_, Value::Signed(v)) => ConstGauge::new(v).encode(series)?,
            (_, Value::Float(v)) => ConstGauge::new(v).encode(series)?,
        }
    }
    Ok(())
}

/// The snapshot of one scrape, as a prometheus-client collector.
#[derive(Debug)]
struct Snapshot(Vec<RouterSamples>);

impl prometheus_client::collector::Collector for Snapshot {
    fn encode(&self, mut encoder: DescriptorEncoder) -> Result<(), std::fmt::Error> {
        for (family, samples) in group(self.0.iter()).values() {
            encode_family(&mut encoder, family, samples)?;
        }
        Ok(())
    }
}

/// The OpenMetrics text of `routers` (ending in `# EOF`), families in name
/// order, each family's samples in router order.
///
/// ```
/// use routerctl_exporter::metrics::{encode, Family, Kind, RouterSamples, Sample, Value};
/// static UP: Family = Family { name: "routerctl_up", help: "1 when the router answered", kind: Kind::Gauge };
/// let r = RouterSamples {
///     common: vec![("router", "r1".into())],
///     samples: vec![Sample::new(&UP, vec![], Value::Unsigned(1))],
/// };
/// let text = encode(vec![r]);
/// assert!(text.contains("routerctl_up{router=\"r1\"} 1\n"), "{text}");
/// assert!(text.ends_with("# EOF\n"));
/// ```
pub fn encode(routers: Vec<RouterSamples>) -> String {
    let mut registry = prometheus_client::registry::Registry::default();
    let samples: usize = routers.iter().map(|r| r.samples.len()).sum();
    registry.register_collector(Box::new(Snapshot(routers)));
    let mut text = String::with_capacity(samples * 96 + 64);
    // Writing into a String cannot fail; a collector never returns an error.
    if prometheus_client::encoding::text::encode(&mut text, &registry).is_err() {
        text.clear();
        text.push_str("# EOF\n");
    }
    text
}

/// The content type of [`encode`]'s text.
pub const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

#[cfg(test)]
mod tests {
    use super::*;

    static RX: Family = Family {
        name: "mktxp_interface_rx_byte",
        help: "Number of received bytes",
        kind: Kind::Counter,
    };
    static RUNNING: Family = Family {
        name: "mktxp_interface_running",
        help: "Current running status of the interface",
        kind: Kind::Gauge,
    };
    static COMMENT: Family = Family {
        name: "mktxp_interface_comment",
        help: "The interface comment",
        kind: Kind::Info,
    };
    static SIGNAL: Family = Family {
        name: "mktxp_wlan_clients_signal_strength",
        help: "Average strength of the client signal received by AP (dBm)",
        kind: Kind::Gauge,
    };

    fn router(name: &str, rx: u64) -> RouterSamples {
        RouterSamples {
            common: vec![
                ("routerboard_name", name.to_string()),
                ("routerboard_address", "192.0.2.1".to_string()),
            ],
            samples: vec![
                Sample::new(&RX, vec![("name", "ether1".into())], Value::Unsigned(rx)),
                Sample::new(
                    &RUNNING,
                    vec![("name", "ether1".into())],
                    Value::Unsigned(1),
                ),
                Sample::new(
                    &COMMENT,
                    vec![
                        ("name", "ether1".into()),
                        ("comment", "uplink \"isp\"\\a\nb".into()),
                    ],
                    Value::Unsigned(1),
                ),
                Sample::new(
                    &SIGNAL,
                    vec![("mac_address", "AA:BB:CC:DD:EE:FF".into())],
                    Value::Signed(-61),
                ),
            ],
        }
    }

    #[test]
    fn a_small_registry_encodes_as_openmetrics_text() {
        let text = encode(vec![router("edge-1", 1234), router("edge-2", 5)]);
        insta::assert_snapshot!(text);
    }

    #[test]
    fn families_are_grouped_across_routers() {
        let text = encode(vec![router("a", 1), router("b", 2)]);
        assert_eq!(
            text.matches("# TYPE mktxp_interface_rx_byte counter")
                .count(),
            1
        );
        let first = text.find("routerboard_name=\"a\"").unwrap();
        let rx_b = text
            .find("mktxp_interface_rx_byte_total{name=\"ether1\",routerboard_name=\"b\"")
            .unwrap();
        assert!(first < rx_b);
    }

    #[test]
    fn hostile_label_values_cannot_break_the_line() {
        let text = encode(vec![router("x\"} 1\nevil 2", 1)]);
        assert!(!text.lines().any(|l| l.starts_with("evil")), "{text}");
        assert!(text.contains("x\\\"} 1\\nevil 2"));
    }

    #[test]
    fn an_empty_scrape_is_just_eof() {
        assert_eq!(encode(Vec::new()), "# EOF\n");
    }
}
