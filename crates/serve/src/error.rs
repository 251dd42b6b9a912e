//! Errors as the API reports them: a status and a JSON body
//! `{"error": {"status", "code", "message", "parameter"?}}`.

use std::any::Any;

use axum::Json;
use axum::http::{Response, StatusCode};
use axum::response::IntoResponse;
use khabar_index::IndexError;

/// An error answered to the client.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{status}: {message}")]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// A stable machine-readable code (`bad_parameter`, `not_found`...).
    pub code: &'static str,
    /// What went wrong, for people.
    pub message: String,
    /// The query parameter or body field at fault, if one is.
    pub parameter: Option<String>,
}

impl ApiError {
    /// A 400 about query parameter or body field `name`.
    pub fn bad_parameter(name: &str, message: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            code: "bad_parameter",
            message: message.into(),
            parameter: Some(name.to_string()),
        }
    }

    /// An error with no parameter to blame.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
            parameter: None,
        }
    }

    /// A 500: the message is logged, the client gets a generic one.
    pub fn internal(message: impl std::fmt::Display) -> Self {
        eprintln!("khabar serve: internal error: {message}");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "the server failed to answer; the error is in its log",
        )
    }
}

impl From<IndexError> for ApiError {
    fn from(e: IndexError) -> Self {
        match e {
            IndexError::Query(msg) => ApiError::bad_parameter("q", msg),
            other => ApiError::internal(other),
        }
    }
}

#[derive(serde::Serialize)]
struct Body<'a> {
    error: Inner<'a>,
}

#[derive(serde::Serialize)]
struct Inner<'a> {
    status: u16,
    code: &'a str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    parameter: Option<&'a str>,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> axum::response::Response {
        let body = Body {
            error: Inner {
                status: self.status.as_u16(),
                code: self.code,
                message: &self.message,
                parameter: self.parameter.as_deref(),
            },
        };
        (self.status, Json(body)).into_response()
    }
}

/// The answer when a handler panicked (a bug): a 500 in the API's error form.
pub(crate) fn panic_response(err: Box<dyn Any + Send + 'static>) -> Response<axum::body::Body> {
    let what = err
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| err.downcast_ref::<&str>().copied())
        .unwrap_or("a panic");
    ApiError::internal(format_args!("handler panicked: {what}")).into_response()
}
