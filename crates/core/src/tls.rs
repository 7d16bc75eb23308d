//! How a client decides to trust a router's certificate.
//!
//! Routers usually carry self-signed certificates, so besides the normal
//! web-PKI check routerctl can pin the SHA-256 fingerprint of the exact
//! certificate (what you see in `openssl x509 -fingerprint -sha256`, and
//! what `routerctl sim` prints). Turning verification off is possible but
//! explicit, and callers are expected to warn when they do it.

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;
use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, WebPkiSupportedAlgorithms};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};
use sha2::{Digest, Sha256};

/// A SHA-256 certificate fingerprint.
///
/// Parses hex with or without `:` separators and an optional `sha256:` prefix;
/// prints uppercase with colons.
///
/// ```
/// use routerctl_core::Fingerprint;
/// let fp: Fingerprint = "sha256:00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff".parse().unwrap();
/// assert!(fp.to_string().starts_with("00:11:22"));
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fingerprint(pub [u8; 32]);

impl Fingerprint {
    /// The fingerprint of a DER certificate.
    pub fn of_der(der: &[u8]) -> Self {
        Self(Sha256::digest(der).into())
    }
}

impl FromStr for Fingerprint {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        // Accepted spellings: bare hex with or without colons, `sha256:`
        // (routerctl's own), `sha256=` (what `routerctl sim` prints) and
        // `SHA256 Fingerprint=` (what `openssl x509 -fingerprint -sha256`
        // prints), in any letter case.
        let trimmed = s.trim();
        let lower = trimmed.to_ascii_lowercase();
        let body = ["sha256 fingerprint=", "sha256:", "sha256="]
            .iter()
            .find(|p| lower.starts_with(*p))
            .and_then(|p| trimmed.get(p.len()..))
            .unwrap_or(trimmed)
            .trim();
        let hex_digits: String = body.chars().filter(|c| *c != ':').collect();
        let bytes = hex::decode(&hex_digits).map_err(|_| {
            format!(
                "TLS fingerprint {s:?} is not hexadecimal (expected 64 hex digits, colons allowed)"
            )
        })?;
        let arr: [u8; 32] = bytes.try_into().map_err(|b: Vec<u8>| {
            format!(
                "TLS fingerprint has {} bytes; a SHA-256 fingerprint has 32",
                b.len()
            )
        })?;
        Ok(Self(arr))
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, b) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(":")?;
            }
            write!(f, "{b:02X}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Fingerprint({self})")
    }
}

/// Which certificates a client accepts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum TlsPolicy {
    /// The web PKI (Mozilla's root set, bundled) and the host name.
    #[default]
    SystemRoots,
    /// Certificates issued by the CA(s) in this PEM file, and the host name.
    CaFile(PathBuf),
    /// Exactly the certificate with this SHA-256 fingerprint; the host name
    /// is not checked (routers are addressed by IP and self-signed).
    Pinned(Fingerprint),
    /// Anything. Only on explicit request; callers warn.
    Insecure,
}

impl TlsPolicy {
    /// True when the policy skips verification entirely.
    pub fn is_insecure(&self) -> bool {
        matches!(self, TlsPolicy::Insecure)
    }

    /// Build a rustls client configuration honouring this policy.
    ///
    /// ```
    /// use routerctl_core::TlsPolicy;
    /// let cfg = TlsPolicy::Insecure.client_config().unwrap();
    /// assert!(cfg.alpn_protocols.is_empty());
    /// ```
    ///
    /// The web-PKI configuration is built once per process and shared
    /// (with its TLS session cache): a fleet of thousands of routers would
    /// otherwise copy the root set and build a verifier per router, plain
    /// HTTP ones included (their HTTP client needs a TLS config too).
    pub fn client_config(&self) -> Result<Arc<rustls::ClientConfig>, String> {
        if *self == TlsPolicy::SystemRoots {
            static SYSTEM_ROOTS: std::sync::OnceLock<Result<Arc<rustls::ClientConfig>, String>> =
                std::sync::OnceLock::new();
            return SYSTEM_ROOTS
                .get_or_init(|| self.build_client_config())
                .clone();
        }
        self.build_client_config()
    }

    fn build_client_config(&self) -> Result<Arc<rustls::ClientConfig>, String> {
        let provider = crypto_provider();
        let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
            .with_safe_default_protocol_versions()
            .map_err(|e| format!("TLS setup: {e}"))?;
        let config = match self {
            TlsPolicy::SystemRoots => {
                let roots = rustls::RootCertStore {
                    roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
                };
                builder
                    .dangerous()
                    .with_custom_certificate_verifier(ExplainingVerifier::new(roots, &provider)?)
                    .with_no_client_auth()
            }
            TlsPolicy::CaFile(path) => {
                use rustls::pki_types::pem::PemObject;
                let mut roots = rustls::RootCertStore::empty();
                let certs = CertificateDer::pem_file_iter(path)
                    .map_err(|e| format!("cannot read CA file {}: {e}", path.display()))?;
                for cert in certs {
                    let cert =
                        cert.map_err(|e| format!("bad certificate in {}: {e}", path.display()))?;
                    roots
                        .add(cert)
                        .map_err(|e| format!("unusable CA in {}: {e}", path.display()))?;
                }
                if roots.is_empty() {
                    return Err(format!("CA file {} holds no certificate", path.display()));
                }
                builder
                    .dangerous()
                    .with_custom_certificate_verifier(ExplainingVerifier::new(roots, &provider)?)
                    .with_no_client_auth()
            }
            TlsPolicy::Pinned(fp) => builder
                .dangerous()
                .with_custom_certificate_verifier(Arc::new(PinnedVerifier {
                    expected: Some(*fp),
                    algorithms: provider.signature_verification_algorithms,
                }))
                .with_no_client_auth(),
            TlsPolicy::Insecure => builder
                .dangerous()
                .with_custom_certificate_verifier(Arc::new(PinnedVerifier {
                    expected: None,
                    algorithms: provider.signature_verification_algorithms,
                }))
                .with_no_client_auth(),
        };
        Ok(Arc::new(config))
    }
}

/// Turns a host string into the name rustls checks (IP addresses allowed).
pub fn server_name(host: &str) -> Result<ServerName<'static>, String> {
    ServerName::try_from(host.to_string())
        .map_err(|_| format!("{host:?} is not a valid TLS server name"))
}

/// The web-PKI (or CA file) check, unchanged, except that a refused
/// certificate's error carries its SHA-256 fingerprint and the three ways
/// to trust it. A router's certificate is usually self-signed, and the
/// bare `UnknownIssuer` leaves the user to dig the fingerprint out with
/// openssl; the handshake is the one moment routerctl holds it.
#[derive(Debug)]
struct ExplainingVerifier {
    inner: Arc<rustls::client::WebPkiServerVerifier>,
}

impl ExplainingVerifier {
    fn new(
        roots: rustls::RootCertStore,
        provider: &Arc<CryptoProvider>,
    ) -> Result<Arc<Self>, String> {
        let inner = rustls::client::WebPkiServerVerifier::builder_with_provider(
            Arc::new(roots),
            provider.clone(),
        )
        .build()
        .map_err(|e| format!("TLS setup: {e}"))?;
        Ok(Arc::new(Self { inner }))
    }
}

/// Why `err` refused the certificate with fingerprint `presented`, and how
/// to trust that certificate anyway.
fn untrusted_certificate(err: &rustls::Error, presented: Fingerprint) -> String {
    use rustls::{CertificateError, Error as E};
    let why = match err {
        E::InvalidCertificate(CertificateError::UnknownIssuer) => {
            "the certificate is not issued by a trusted CA (UnknownIssuer)".to_string()
        }
        E::InvalidCertificate(CertificateError::NotValidForName) => {
            "the certificate is not valid for this host name (NotValidForName)".to_string()
        }
        other => other.to_string(),
    };
    format!(
        "{why}; the router presented the certificate with SHA-256 fingerprint {presented}. \
         To trust it: pin it with tls_fingerprint = \"{presented}\" in the inventory, \
         trust the CA that issued it with ca_file = \"FILE.pem\", or skip verification \
         with insecure = true"
    )
}

impl ServerCertVerifier for ExplainingVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        self.inner
            .verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
            .map_err(|e| {
                let presented = Fingerprint::of_der(end_entity.as_ref());
                rustls::Error::General(untrusted_certificate(&e, presented))
            })
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

/// Accepts exactly one certificate (by fingerprint), or any when `expected`
/// is `None`. Handshake signatures are still verified, so the peer must hold
/// the private key of the certificate it shows.
#[derive(Debug)]
struct PinnedVerifier {
    expected: Option<Fingerprint>,
    algorithms: WebPkiSupportedAlgorithms,
}

impl ServerCertVerifier for PinnedVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let Some(expected) = self.expected else {
            return Ok(ServerCertVerified::assertion());
        };
        let got = Fingerprint::of_der(end_entity.as_ref());
        if got == expected {
            Ok(ServerCertVerified::assertion())
        } else {
            Err(rustls::Error::General(format!(
                "certificate fingerprint mismatch: pinned {expected}, server presented {got}"
            )))
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}

/// Why a TLS handshake failed, in words a user can act on.
///
/// Every transport (the RouterOS API socket, every HTTP client) describes
/// TLS failures through this one function, so a pinned-fingerprint mismatch
/// reads the same everywhere and names both fingerprints.
///
/// ```
/// use routerctl_core::tls::describe_tls_error;
/// let e = rustls::Error::General("certificate fingerprint mismatch: pinned AA, server presented BB".into());
/// assert!(describe_tls_error(&e).contains("pinned AA, server presented BB"));
/// ```
pub fn describe_tls_error(err: &rustls::Error) -> String {
    use rustls::{CertificateError, Error as E};
    match err {
        E::General(message) => message.clone(),
        E::InvalidCertificate(CertificateError::UnknownIssuer) => "the certificate is not issued \
             by a trusted CA (UnknownIssuer); pin it with tls_fingerprint, trust its CA with \
             ca_file, or set insecure = true"
            .to_string(),
        E::InvalidCertificate(CertificateError::NotValidForName) => "the certificate is not \
             valid for this host name (NotValidForName); pin it with tls_fingerprint or use \
             the name it was issued for"
            .to_string(),
        other => other.to_string(),
    }
}

/// The TLS failure somewhere in an error's cause chain, described by
/// [`describe_tls_error`]. Walks `source()` and also into `io::Error`
/// payloads, which `source()` skips (TLS stacks and hyper wrap the rustls
/// error in nested `io::Error`s).
pub fn tls_failure_in(err: &(dyn std::error::Error + 'static)) -> Option<String> {
    let mut current = Some(err);
    for _ in 0..32 {
        let e = current?;
        if let Some(tls) = e.downcast_ref::<rustls::Error>() {
            return Some(describe_tls_error(tls));
        }
        current = match e
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
        {
            Some(inner) => Some(inner as &(dyn std::error::Error + 'static)),
            None => e.source(),
        };
    }
    None
}

/// The crypto provider every routerctl TLS endpoint uses (ring: no C
/// toolchain beyond what `cc` needs, small build).
pub fn crypto_provider() -> Arc<CryptoProvider> {
    // One per process: every router's TLS config shares it.
    static PROVIDER: std::sync::OnceLock<Arc<CryptoProvider>> = std::sync::OnceLock::new();
    PROVIDER
        .get_or_init(|| Arc::new(rustls::crypto::ring::default_provider()))
        .clone()
}

/// A freshly generated self-signed server identity, for simulators.
#[cfg(feature = "self-signed")]
#[derive(Clone)]
pub struct SelfSigned {
    /// Server configuration ready for tokio-rustls or axum.
    pub config: Arc<rustls::ServerConfig>,
    /// SHA-256 fingerprint of the certificate, for pinning.
    pub fingerprint: Fingerprint,
    /// The certificate in PEM, for clients that want a CA file.
    pub cert_pem: String,
}

#[cfg(feature = "self-signed")]
impl SelfSigned {
    /// Generate a certificate for `localhost`, `127.0.0.1` and `::1` plus any
    /// extra names.
    pub fn generate(extra_names: &[&str]) -> Result<Self, String> {
        use rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};
        let mut names = vec![
            "localhost".to_string(),
            "127.0.0.1".to_string(),
            "::1".to_string(),
        ];
        names.extend(extra_names.iter().map(|s| s.to_string()));
        let certified = rcgen::generate_simple_self_signed(names)
            .map_err(|e| format!("certificate generation failed: {e}"))?;
        let cert_der = certified.cert.der().clone();
        let fingerprint = Fingerprint::of_der(cert_der.as_ref());
        let cert_pem = certified.cert.pem();
        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(
            certified.signing_key.serialize_der(),
        ));
        let config = rustls::ServerConfig::builder_with_provider(crypto_provider())
            .with_safe_default_protocol_versions()
            .map_err(|e| format!("TLS setup: {e}"))?
            .with_no_client_auth()
            .with_single_cert(vec![cert_der], key)
            .map_err(|e| format!("TLS setup: {e}"))?;
        Ok(Self {
            config: Arc::new(config),
            fingerprint,
            cert_pem,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_parses_common_spellings() {
        let hex64 = "AB".repeat(32);
        let colons = vec!["ab"; 32].join(":");
        let a: Fingerprint = hex64.parse().unwrap();
        let b: Fingerprint = colons.parse().unwrap();
        let c: Fingerprint = format!("sha256:{hex64}").parse().unwrap();
        assert_eq!(a, b);
        assert_eq!(a, c);
        // What `routerctl sim` prints and what openssl prints.
        for spelling in [
            format!("sha256={colons}"),
            format!("SHA256 Fingerprint={}", colons.to_uppercase()),
            format!("sha256 Fingerprint={colons}"),
        ] {
            assert_eq!(spelling.parse::<Fingerprint>(), Ok(a), "{spelling}");
        }
        assert_eq!(a.to_string(), vec!["AB"; 32].join(":"));
    }

    #[test]
    fn fingerprint_rejects_wrong_length_and_junk() {
        assert!(
            "abcd"
                .parse::<Fingerprint>()
                .unwrap_err()
                .contains("2 bytes")
        );
        assert!(
            "zz".repeat(32)
                .parse::<Fingerprint>()
                .unwrap_err()
                .contains("hexadecimal")
        );
    }

    #[test]
    fn a_refused_certificate_is_named_with_the_ways_to_trust_it() {
        let fp = Fingerprint([0xab; 32]);
        let err = rustls::Error::InvalidCertificate(rustls::CertificateError::UnknownIssuer);
        let text = untrusted_certificate(&err, fp);
        assert!(text.contains("UnknownIssuer"), "{text}");
        assert!(
            text.contains(&format!("tls_fingerprint = \"{fp}\"")),
            "{text}"
        );
        assert!(
            text.contains("ca_file") && text.contains("insecure = true"),
            "{text}"
        );
    }

    #[test]
    fn missing_ca_file_is_a_clear_error() {
        let err = TlsPolicy::CaFile("/nonexistent/ca.pem".into())
            .client_config()
            .unwrap_err();
        assert!(err.contains("/nonexistent/ca.pem"), "{err}");
    }
}
