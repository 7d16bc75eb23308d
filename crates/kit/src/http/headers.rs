//! Header values that carry secrets.

use base64::Engine as _;
use reqwest::header::HeaderValue;
use routerctl_core::Credentials;

/// `Basic base64(user:password)`, marked sensitive so it never shows in
/// debug output or HTTP/2 header tables.
///
/// ```
/// use routerctl_core::Credentials;
/// let v = routerctl_kit::http::basic_auth(&Credentials::new("admin", "admin")).unwrap();
/// assert!(v.is_sensitive());
/// assert_eq!(v.to_str().unwrap(), "Basic YWRtaW46YWRtaW4=");
/// ```
pub fn basic_auth(credentials: &Credentials) -> Result<HeaderValue, String> {
    let token = base64::engine::general_purpose::STANDARD.encode(format!(
        "{}:{}",
        credentials.username,
        credentials.password.expose()
    ));
    sensitive_header(&format!("Basic {token}"))
}

/// A header value holding a secret (a session cookie, a token), marked
/// sensitive. Fails on characters a header cannot carry; the message never
/// repeats the value.
///
/// ```
/// let v = routerctl_kit::http::sensitive_header("bauth=abc").unwrap();
/// assert!(v.is_sensitive());
/// assert!(routerctl_kit::http::sensitive_header("a\nb").is_err());
/// ```
pub fn sensitive_header(value: &str) -> Result<HeaderValue, String> {
    let mut header = HeaderValue::from_str(value)
        .map_err(|_| "a secret holds characters an HTTP header cannot carry".to_string())?;
    header.set_sensitive(true);
    Ok(header)
}
