//! How table and CSV lay records out, and whether to colour: the run's
//! choices that the renderers share (a leaf module, so they need not
//! import `output/mod.rs`).

/// How table and CSV lay records out, and whether to colour.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Layout {
    /// The command's record fields in model order (the CSV header);
    /// empty for vendor replies, whose columns come from the data.
    pub fields: &'static [&'static str],
    /// `--columns`: exactly these columns, in this order.
    pub columns: Option<Vec<String>>,
    /// Colour the table on stdout.
    pub color: bool,
    /// Colour error lines on stderr.
    pub err_color: bool,
}
