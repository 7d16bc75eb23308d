//! RouterOS replies as JSON, in the shape the REST API uses, so raw calls
//! look the same whichever transport served them.

use serde_json::Value;

use crate::record::{Attributes, CommandOutput};
use crate::rest::json::attributes_to_object;

/// One row as an object of strings. Names and values that are not UTF-8
/// (cp1251 comments, binary `/file/read` chunks) are converted lossily.
pub fn attributes_to_json(attributes: &Attributes) -> Value {
    Value::Object(attributes_to_object(attributes))
}

/// `!re` rows as an array; else the `!done` attributes as one object when
/// there are any (`{"ret": "*3"}`); else `[]`.
///
/// ```
/// use routerctl_mikrotik::record::CommandOutput;
/// use routerctl_mikrotik::driver::json::output_to_json;
/// let mut out = CommandOutput::default();
/// assert_eq!(output_to_json(&out), serde_json::json!([]));
/// out.done = [("ret", "*3")].into_iter().collect();
/// assert_eq!(output_to_json(&out), serde_json::json!({"ret": "*3"}));
/// ```
pub fn output_to_json(output: &CommandOutput) -> Value {
    if !output.rows.is_empty() {
        Value::Array(output.rows.iter().map(attributes_to_json).collect())
    } else if !output.done.is_empty() {
        attributes_to_json(&output.done)
    } else {
        Value::Array(Vec::new())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;
    use serde_json::json;

    #[test]
    fn rows_win_over_done_attributes() {
        let out = CommandOutput {
            rows: vec![[("address", "10.0.0.1/24")].into_iter().collect()],
            done: [("ret", "x")].into_iter().collect(),
            empty: false,
        };
        assert_eq!(output_to_json(&out), json!([{"address": "10.0.0.1/24"}]));
    }

    #[test]
    fn non_utf8_is_converted_lossily() {
        let mut a = Attributes::new();
        a.push(
            Bytes::from_static(b"comment"),
            Bytes::from_static(b"caf\xE9"),
        );
        assert_eq!(attributes_to_json(&a), json!({"comment": "caf\u{FFFD}"}));
    }

    #[test]
    fn empty_rows_stay_objects() {
        let out = CommandOutput {
            rows: vec![Attributes::new(), Attributes::new()],
            ..CommandOutput::default()
        };
        assert_eq!(output_to_json(&out), json!([{}, {}]));
    }
}
