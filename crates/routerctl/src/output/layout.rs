//! [`Layout`]: how table and CSV lay records out. A leaf module, so the
//! formats need not import the module that dispatches to them.

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
