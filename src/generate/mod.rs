//! Password and passphrase generation from a policy (randomness from `getrandom` only).

pub mod wordlist;
