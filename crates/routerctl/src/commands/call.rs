//! `call TARGET WORDS...`: one vendor command, the router's own reply.
//!
//! The words go to the driver exactly as typed (`?query` and `=attr=value`
//! words included); the reply is the vendor's, wrapped in the usual output
//! contract.

use std::sync::Arc;

use crate::cli::CallArgs;
use crate::fleet::Fleet;
use crate::output::Payload;

pub async fn run(fleet: &Fleet, args: CallArgs) -> anyhow::Result<u8> {
    let words = Arc::new(args.words);
    fleet
        .run(std::slice::from_ref(&args.target), "raw", move |router| {
            let words = words.clone();
            Box::pin(async move { router.raw(&words).await.map(Payload::Raw) })
        })
        .await
}
