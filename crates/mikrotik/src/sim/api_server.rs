//! placeholder
#[derive(Debug)]
pub struct ApiServer {}
