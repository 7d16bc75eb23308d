//! Link state words.

/// Whether a vendor's link-state word means the link is up (`Some(true)`),
/// down (`Some(false)`), or says neither (`None`, for example `unknown`
/// or `testing`): the neutral `is_up` field is a plain boolean, and this is
/// the one table of words that fill it. Case and surrounding blanks do not
/// matter.
///
/// - up: `up`, `running`, `connected`, `true`, `yes`, `on`, `1`, `link-ok`,
///   `online`, `active`, `lower-up`
/// - down: `down`, `disconnected`, `false`, `no`, `off`, `0`, `no-link`,
///   `offline`, `inactive`, `not-running`, `lowerlayerdown`, `notpresent`,
///   `no-carrier`, `unplugged`, `dormant`
///
/// Administrative words (`enabled`, `disabled`) are not link state and give
/// `None`: they belong in `is_enabled`.
///
/// ```
/// use routerctl_core::vocab::link_is_up;
/// assert_eq!(link_is_up("Connected"), Some(true));
/// assert_eq!(link_is_up("no-link"), Some(false));
/// assert_eq!(link_is_up("disabled"), None);
/// ```
pub fn link_is_up(word: &str) -> Option<bool> {
    match word.trim().to_ascii_lowercase().as_str() {
        "up" | "running" | "connected" | "true" | "yes" | "on" | "1" | "link-ok" | "online"
        | "active" | "lower-up" => Some(true),
        "down" | "disconnected" | "false" | "no" | "off" | "0" | "no-link" | "offline"
        | "inactive" | "not-running" | "lowerlayerdown" | "notpresent" | "no-carrier"
        | "unplugged" | "dormant" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words() {
        for w in ["up", "RUNNING", " connected ", "true", "link-ok"] {
            assert_eq!(link_is_up(w), Some(true), "{w:?}");
        }
        for w in ["down", "disconnected", "False", "no-link", "LowerLayerDown"] {
            assert_eq!(link_is_up(w), Some(false), "{w:?}");
        }
        for w in ["", "unknown", "enabled", "connecting"] {
            assert_eq!(link_is_up(w), None, "{w:?}");
        }
    }
}
