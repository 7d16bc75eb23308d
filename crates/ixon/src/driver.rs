//! placeholder
pub struct IxonRouter;
pub async fn connect() {}
