//! Conversions at the boundary: JS values in and out, and errors as real JS `Error`s.

use crate::CodedError;
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::{JsCast, JsValue};

/// A JS `Error` whose `name` is `AccountRulesError` and which carries the stable `code`
/// and the input `path` of `err`.
pub(crate) fn js_error(code: &str, path: &str, message: &str) -> JsValue {
    let error = js_sys::Error::new(message);
    error.set_name("AccountRulesError");
    let object: &JsValue = error.as_ref();
    // Setting a property on a fresh, extensible Error object cannot fail.
    let _ = js_sys::Reflect::set(object, &"code".into(), &code.into());
    let _ = js_sys::Reflect::set(object, &"path".into(), &path.into());
    error.unchecked_into()
}

/// Any error of the crate as a JS `Error`.
pub(crate) fn coded(err: &impl CodedError) -> JsValue {
    js_error(err.code(), &err.path(), &err.message())
}

/// Reads a JS object into `T`; `undefined` and `null` give `T::default()`.
/// A value of the wrong shape throws `input.invalid` with the path of the offending field.
///
/// The value goes through a JSON tree first: reading a struct straight from a JS object only
/// looks at the fields the struct knows, so unknown fields would pass unnoticed; the tree holds
/// every field and `deny_unknown_fields` sees them.
pub(crate) fn from_js<T: DeserializeOwned + Default>(value: Option<JsValue>) -> Result<T, JsValue> {
    let Some(value) = value.filter(|v| !v.is_undefined() && !v.is_null()) else {
        return Ok(T::default());
    };
    let tree: serde_json::Value = serde_wasm_bindgen::from_value(value)
        .map_err(|err| js_error("input.invalid", "", &err.to_string()))?;
    serde_path_to_error::deserialize(tree).map_err(|err| {
        let path = err.path().to_string();
        let path = if path == "." { String::new() } else { path };
        js_error("input.invalid", &path, &err.inner().to_string())
    })
}

/// `value` as a plain JS object: camelCase fields, `null` for absent options, objects for maps.
pub(crate) fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|err| js_error("output.unrepresentable", "", &err.to_string()))
}
