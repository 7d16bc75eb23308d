//! How menus, record ids and filters are spelled in a REST URL.
//!
//! RouterOS reads ids literally: `*1A` must go out with a bare `*` (the
//! router does not decode `%2A` and answers "no such command prefix"), while
//! other reserved characters in a name are percent-encoded
//! (`/rest/file/flash%2Fbackup.rsc`). So neither a generic "encode
//! everything" nor "encode nothing" works, and the rules live here.

/// Bytes left as they are in a path segment or a query component: RFC 3986
/// unreserved characters plus `*` (ids) and `,` (id and property lists).
fn is_kept(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'*' | b',')
}

/// Percent-encode one path segment or query component.
///
/// ```
/// use routerctl_mikrotik::rest::path::encode_component;
/// assert_eq!(encode_component("*1A"), "*1A");
/// assert_eq!(encode_component("flash/backup.rsc"), "flash%2Fbackup.rsc");
/// assert_eq!(encode_component("a b&c"), "a%20b%26c");
/// ```
pub fn encode_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for &b in text.as_bytes() {
        if is_kept(b) {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xF)]));
        }
    }
    out
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Normalise a menu or command path to its URL form below `/rest`.
///
/// Accepts the API spelling (`/ip/address`), the console spelling with
/// spaces (`/ip address`) and no leading slash (`ip/address`). Empty
/// segments are dropped. Each segment is percent-encoded.
///
/// ```
/// use routerctl_mikrotik::rest::path::menu_path;
/// assert_eq!(menu_path("/ip/address"), "/ip/address");
/// assert_eq!(menu_path("ip firewall filter"), "/ip/firewall/filter");
/// assert_eq!(menu_path("/"), "");
/// ```
pub fn menu_path(menu: &str) -> String {
    let mut out = String::with_capacity(menu.len() + 1);
    for segment in menu.split(['/', ' ']).filter(|s| !s.is_empty()) {
        out.push('/');
        out.push_str(&encode_component(segment));
    }
    out
}

/// The path of one record: the menu and the record's `.id` or name.
///
/// ```
/// use routerctl_mikrotik::rest::path::record_path;
/// assert_eq!(record_path("/interface", "ether1"), "/interface/ether1");
/// assert_eq!(record_path("/ip/address", "*1"), "/ip/address/*1");
/// ```
pub fn record_path(menu: &str, id: &str) -> String {
    format!("{}/{}", menu_path(menu), encode_component(id))
}

/// A query string (without `?`) from name/value pairs, `.proplist` last.
/// Empty when there is nothing to send.
///
/// ```
/// use routerctl_mikrotik::rest::path::query_string;
/// assert_eq!(query_string(&[("type", "ether"), ("running", "true")], &["name"]),
///            "type=ether&running=true&.proplist=name");
/// assert_eq!(query_string(&[], &[]), "");
/// ```
pub fn query_string(filters: &[(&str, &str)], proplist: &[&str]) -> String {
    let mut parts: Vec<String> = filters
        .iter()
        .map(|(k, v)| format!("{}={}", encode_component(k), encode_component(v)))
        .collect();
    if !proplist.is_empty() {
        let props: Vec<String> = proplist.iter().map(|p| encode_component(p)).collect();
        parts.push(format!(".proplist={}", props.join(",")));
    }
    parts.join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_ascii_is_percent_encoded_per_byte() {
        assert_eq!(encode_component("é"), "%C3%A9");
        assert_eq!(encode_component("%2A"), "%252A");
    }

    #[test]
    fn id_lists_keep_commas() {
        assert_eq!(record_path("ip/address", "*1,*2"), "/ip/address/*1,*2");
    }

    #[test]
    fn query_components_are_encoded() {
        assert_eq!(
            query_string(&[("comment", "a=b&c")], &[".id", "name"]),
            "comment=a%3Db%26c&.proplist=.id,name"
        );
    }
}
