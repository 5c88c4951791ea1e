//! The shape every error of this crate has: a stable `code`, the `path` of the offending
//! input (a JSON-pointer-like path such as `userInputs[2]`, empty when the whole input is
//! concerned) and a plain-language `message`.
//!
//! Codes are API: they never change meaning. Messages are for people and may be reworded.

/// Implemented by every error enum of the crate, so that bindings (the wasm layer, a server)
/// can turn any of them into one structured error without knowing the enum.
pub trait CodedError: std::error::Error {
    /// The stable machine code, a lowercase dotted string such as `locale.unsupported`.
    fn code(&self) -> &'static str;
    /// Where in the input the problem is (`userInputs[2]`), or `""` for the input as a whole.
    fn path(&self) -> String;
    /// What is wrong, in plain English, with user input in backticks.
    fn message(&self) -> String {
        self.to_string()
    }
}
