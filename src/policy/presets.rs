//! The shipped presets, as data: each a policy document citing the sections it rests on.

/// The preset names, for [`super::PasswordPolicy::preset`].
pub const PRESETS: &[&str] = &[
    "classic-enterprise",
    "nist-800-63b",
    "owasp-asvs-5-l2",
    "pci-dss-4",
];

pub(super) fn text(name: &str) -> Option<&'static str> {
    match name {
        "classic-enterprise" => Some(include_str!("presets/classic-enterprise.json")),
        "nist-800-63b" => Some(include_str!("presets/nist-800-63b.json")),
        "owasp-asvs-5-l2" => Some(include_str!("presets/owasp-asvs-5-l2.json")),
        "pci-dss-4" => Some(include_str!("presets/pci-dss-4.json")),
        _ => None,
    }
}
