//! The README's metric table and the Grafana dashboard name only metrics
//! the exporter emits, and the table lists every one of them.

use std::collections::BTreeSet;

use routerctl_exporter::families::ALL;

fn workspace_file(path: &str) -> String {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../");
    std::fs::read_to_string(format!("{root}{path}")).unwrap()
}

/// Every `mktxp_...` / `routerctl_...` word in `text`.
fn metric_words(text: &str) -> BTreeSet<String> {
    let mut words = BTreeSet::new();
    for (i, _) in text.match_indices(['m', 'r']) {
        let rest = &text[i..];
        if !(rest.starts_with("mktxp_") || rest.starts_with("routerctl_")) {
            continue;
        }
        let before = text[..i].chars().next_back();
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
            continue;
        }
        let word: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        words.insert(word);
    }
    words
}

fn exposed() -> BTreeSet<String> {
    ALL.iter().map(|f| f.exposed_name()).collect()
}

#[test]
fn the_readme_table_lists_exactly_the_emitted_metrics() {
    let readme = workspace_file("README.md");
    let start = readme.find("### Metrics").expect("a Metrics section");
    let table: String = readme[start..]
        .lines()
        .filter(|l| l.starts_with("| `"))
        .map(|l| format!("{l}\n"))
        .collect();
    let listed: BTreeSet<String> = table
        .lines()
        .filter_map(|l| l.strip_prefix("| `")?.split('`').next().map(str::to_string))
        .collect();
    assert_eq!(listed, exposed());
}

#[test]
fn the_dashboard_is_grafana_json_over_emitted_metrics() {
    let text = workspace_file("examples/grafana-dashboard.json");
    let dashboard: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert!(
        dashboard["schemaVersion"].as_u64().unwrap() >= 36,
        "Grafana 10"
    );
    let variables = dashboard["templating"]["list"].as_array().unwrap();
    assert!(variables.iter().any(|v| v["name"] == "router"));
    let panels = dashboard["panels"].as_array().unwrap();
    assert!(panels.len() >= 10);
    let mut ids = BTreeSet::new();
    for p in panels {
        assert!(
            ids.insert(p["id"].as_u64().unwrap()),
            "panel ids are unique"
        );
        for t in p["targets"].as_array().unwrap() {
            let expr = t["expr"].as_str().unwrap();
            assert!(
                expr.contains("$router"),
                "{expr} follows the router variable"
            );
        }
    }
    let known = exposed();
    for word in metric_words(&text) {
        if word == "routerctl_up" || known.contains(&word) {
            continue;
        }
        // `routerctl-fleet` (the uid) has a dash, not an underscore; any
        // other `routerctl_`/`mktxp_` word must be a metric.
        panic!("the dashboard uses {word}, which the exporter does not emit");
    }
}
